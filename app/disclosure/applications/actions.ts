'use server';

import { actOnApplication } from '@/lib/disclosure/applications';
import { formAction, type FormState } from '@/lib/forms';

/**
 * The accountability forms of an application page (催办, 督办, 回访): the form's fields become the action's input,
 * the domain operation validates and authorises it; errors come back as form state.
 */
export async function applicationCaseActionForm(trackingNo: string, _previous: FormState, form: FormData): Promise<FormState> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') continue;
    input[key] = key === 'version' && value !== '' ? Number(value) : value;
  }
  return formAction((actor) => actOnApplication(actor, trackingNo, input), {
    label: 'applications',
    rateLimit: { action: 'letter.followup', publicOnly: true },
    revalidate: [`/disclosure/applications/${trackingNo}`, `/workspace/moderator/applications/${trackingNo}`],
  });
}
