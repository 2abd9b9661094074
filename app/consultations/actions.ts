'use server';

import { addComment, subscribeToConsultation, unsubscribeFromConsultation } from '@/lib/consultations/operations';
import { formAction, formText, type FormState } from '@/lib/forms';

/** The comment form (signed-in citizens): on the whole draft (section "") or on one section. */
export async function commentForm(consultationId: string, slug: string, _previous: FormState, form: FormData): Promise<FormState> {
  const section = formText(form, 'sectionIndex').trim();
  const values = { sectionIndex: section, body: formText(form, 'body') };
  const clientId = formText(form, 'clientId').trim();
  return formAction((actor) => addComment(actor, consultationId, { sectionIndex: section === '' ? null : Number(section), body: values.body, ...(clientId ? { clientId } : {}) }), {
    label: 'consultations/comment', values, rateLimit: 'consultation.comment', revalidate: [`/consultations/${slug}`],
  });
}

/** 订阅提醒 on and off (signed-in citizens). */
export async function subscriptionForm(consultationId: string, slug: string, _previous: FormState, form: FormData): Promise<FormState> {
  const on = formText(form, 'subscribe') === 'on';
  return formAction((actor) => (on ? subscribeToConsultation(actor, consultationId) : unsubscribeFromConsultation(actor, consultationId)), {
    label: 'consultations/subscription', revalidate: [`/consultations/${slug}`],
  });
}
