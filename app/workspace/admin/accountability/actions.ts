'use server';

import { updateAccountabilitySettings } from '@/lib/accountability/settings';
import { formAction, type FormState } from '@/lib/forms';

const KEYS = ['dueSoon', 'urgeInterval', 'ratingReminder', 'autoClose'] as const;
// A number field: an empty or malformed entry reaches the operation as NaN and gets its 422 message.
const integer = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

export async function saveAccountabilitySettings(_previous: FormState, form: FormData): Promise<FormState> {
  const values = Object.fromEntries(KEYS.map((k) => [k, String(form.get(k) ?? '')])) as Record<(typeof KEYS)[number], string>;
  return formAction(
    (actor) => updateAccountabilitySettings(actor, Object.fromEntries(KEYS.map((k) => [k, integer(values[k])]))),
    { label: 'admin/accountability', revalidate: ['/workspace/admin/accountability'], values },
  );
}
