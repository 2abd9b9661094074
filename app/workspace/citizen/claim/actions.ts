'use server';

import { formAction, formText, type FormState } from '@/lib/forms';
import { claimLetter } from '@/lib/letters/intake';
import { claimApplication } from '@/lib/disclosure/intake';

/**
 * The claim form posts here (the code in a POST body, never in a URL): a letter's number, or an application's ("GK…",
 * lib/disclosure/intake#claimApplication); on success, its page.
 */
export async function claimLetterForm(_previous: FormState, form: FormData): Promise<FormState> {
  const trackingNo = formText(form, 'trackingNo').trim().slice(0, 20);
  const claim = { trackingNo, queryCode: formText(form, 'queryCode') };
  const application = /^gk/i.test(trackingNo);
  return formAction((actor) => (application ? claimApplication(actor, { ...claim, trackingNo: trackingNo.toUpperCase() }) : claimLetter(actor, claim)), {
    label: 'workspace/citizen/claim',
    // Counted as a lookup, as POST /api/v1/letters/claim and /api/v1/disclosure/applications/claim are (one budget);
    // wrong codes are also locked per number and address in the database (lib/ratelimit/lookup.ts).
    rateLimit: 'lookup',
    values: { trackingNo },
    redirectTo: (claimed) => (application ? `/disclosure/applications/${claimed.trackingNo}` : `/letters/${claimed.trackingNo}`),
  });
}
