'use server';

import { revalidatePath } from 'next/cache';
import { updateUser } from '@/lib/accounts/admin';
import { requestActor } from '@/lib/api/route';
import { AppError } from '@/lib/errors';

export interface UserFormState {
  ok: boolean;
  message: string | null;
}

/** The admin users table's per-row form: role, department and status in one change. */
export async function saveUser(_previous: UserFormState, form: FormData): Promise<UserFormState> {
  const department = form.get('departmentId');
  try {
    await updateUser(await requestActor(), String(form.get('userId') ?? ''), {
      role: form.get('role') ?? undefined,
      departmentId: department ? String(department) : null,
      status: form.get('status') ?? undefined,
    });
  } catch (error) {
    if (error instanceof AppError) {
      return { ok: false, message: Object.values(error.fields ?? {})[0] ?? error.message };
    }
    throw error;
  }
  revalidatePath('/workspace/admin');
  return { ok: true, message: null };
}
