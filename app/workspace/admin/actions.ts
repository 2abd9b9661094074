'use server';

import { updateUser } from '@/lib/accounts/admin';
import { formAction, type FormState } from '@/lib/forms';

/** The admin users table's per-row form: role, department and status in one change. */
export async function saveUser(_previous: FormState, form: FormData): Promise<FormState> {
  const department = form.get('departmentId');
  return formAction((actor) => updateUser(actor, String(form.get('userId') ?? ''), {
    role: form.get('role') ?? undefined,
    departmentId: department ? String(department) : null,
    status: form.get('status') ?? undefined,
  }), { label: 'admin/users', revalidate: ['/workspace/admin'], firstFieldMessage: true });
}
