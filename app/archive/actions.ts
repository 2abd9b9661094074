'use server';

import { reportEntry } from '@/lib/archive/flags';
import { formAction, formText, type FormState } from '@/lib/forms';

/** 举报 from the entry page (API.md: POST /api/v1/archive/{id}/flags). `data.duplicate`: an open report of the user's was returned. */
export async function flagEntryForm(entryId: string, _previous: FormState<{ duplicate: boolean }>, form: FormData): Promise<FormState<{ duplicate: boolean }>> {
  const values = { reason: formText(form, 'reason') };
  return formAction((actor) => reportEntry(actor, entryId, values), {
    label: 'archive/flag', rateLimit: 'flag', values, data: (result) => ({ duplicate: result.duplicate }),
  });
}
