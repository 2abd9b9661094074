'use server';

import { formAction, formText, type FormState } from '@/lib/forms';
import { enterLetter } from '@/lib/letters/intake';

/** The form's fields, echoed after a failure so nothing typed is lost. */
const FIELDS = ['kind', 'departmentId', 'title', 'body', 'consentToPublish', 'channel', 'receivedOn', 'name', 'phone', 'email', 'locale', 'topicId', 'districtId', 'place'] as const;

/**
 * The intake form (app/workspace/letters/intake) posts here: lib/letters/intake#enterLetter decides who may enter
 * what; on success the receipt page, which prints the tracking number and query code for the person.
 */
export async function enterLetterForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = Object.fromEntries(FIELDS.map((f) => [f, formText(form, f)]));
  const consent = values.consentToPublish;
  // The page renders a fresh key into the form: a double submit (or a resend after a lost answer) enters one letter.
  const idempotencyKey = formText(form, 'idempotencyKey') || null;
  return formAction((actor) => enterLetter(actor, {
    kind: values.kind || undefined,
    departmentId: values.departmentId || null,
    title: values.title,
    body: values.body,
    consentToPublish: consent === 'yes' ? true : consent === 'no' ? false : undefined,
    channel: values.channel || undefined,
    receivedOn: values.receivedOn,
    onBehalfOf: { name: values.name, phone: values.phone, email: values.email },
    locale: values.locale || undefined,
    topicId: values.topicId || null,
    districtId: values.districtId || null,
    place: values.place,
  }, { idempotencyKey }), {
    label: 'workspace/letters/intake',
    values,
    redirectTo: (entered) => `/workspace/letters/intake/${entered.trackingNo}`,
  });
}
