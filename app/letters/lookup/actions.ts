'use server';

import { parseInput } from '@/lib/errors';
import { formAction, type FormState } from '@/lib/forms';
import { getLetter, type LetterView } from '@/lib/letters/queries';
import { lookupInput } from '@/lib/letters/validation';
import { consume } from '@/lib/ratelimit';

/** The lookup form's state: the letter in `data`; `values.trackingNo` keeps the number typed (the code is typed again). */
export type LookupState = FormState<LetterView>;

/**
 * The lookup form posts here (a POST body, so the query code never appears in a URL, the history or a Referer).
 * Looked up as a visitor whoever is signed in: the citizen-safe view with the writer's personal data masked.
 */
export async function lookupLetterForm(_previous: LookupState, form: FormData): Promise<LookupState> {
  const trackingNo = String(form.get('trackingNo') ?? '').trim().slice(0, 20);
  return formAction(async ({ ip }) => {
    const visitor = { user: null, ip };
    await consume('lookup', visitor);
    const input = parseInput(lookupInput, { trackingNo: form.get('trackingNo') ?? '', code: form.get('code') ?? '' });
    return getLetter(visitor, input.trackingNo, { code: input.code });
  }, {
    label: 'letters/lookup',
    values: { trackingNo },
    keepValues: true,
    data: (letter) => letter,
    firstFieldMessage: true,
  });
}
