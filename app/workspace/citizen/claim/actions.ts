'use server';

import { formAction, formText, type FormState } from '@/lib/forms';
import { claimLetter } from '@/lib/letters/intake';

/** The claim form posts here (the code in a POST body, never in a URL); on success, the letter's page. */
export async function claimLetterForm(_previous: FormState, form: FormData): Promise<FormState> {
  const trackingNo = formText(form, 'trackingNo').trim().slice(0, 20);
  return formAction((actor) => claimLetter(actor, { trackingNo, queryCode: formText(form, 'queryCode') }), {
    label: 'workspace/citizen/claim',
    values: { trackingNo },
    redirectTo: (claimed) => `/letters/${claimed.trackingNo}`,
  });
}
