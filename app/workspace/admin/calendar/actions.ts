'use server';

import { removeCalendarDay, setCalendarDay, setCalendarYear } from '@/lib/calendar/admin';
import { formAction, type FormState } from '@/lib/forms';
import { updateDeadlines } from '@/lib/letters/deadline-settings';

const text = (form: FormData, name: string) => String(form.get(name) ?? '');
// A number field: an empty or malformed entry reaches the operation as NaN and gets its 422 message.
const integer = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

// Messages for fields the form does not show (such as '_') go into the form's message.
const options = (values: Record<string, string>) => ({ label: 'admin/calendar', revalidate: ['/workspace/admin/calendar', '/workspace/admin'], values });

export async function saveDeadlines(_previous: FormState, form: FormData): Promise<FormState> {
  const values = Object.fromEntries(['inquiry', 'suggestion', 'complaint', 'triage', 'applicationReplyDays'].map((k) => [k, text(form, k)]));
  return formAction((actor) => updateDeadlines(actor, {
    inquiry: integer(values.inquiry!),
    suggestion: integer(values.suggestion!),
    complaint: integer(values.complaint!),
    triage: integer(values.triage!),
    applicationReplyDays: integer(values.applicationReplyDays!),
  }), options(values));
}

export async function saveYear(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { year: text(form, 'year'), status: text(form, 'status'), source: text(form, 'source') };
  return formAction((actor) => setCalendarYear(actor, { ...values, year: integer(values.year) }), options(values));
}

export async function saveDay(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { day: text(form, 'day'), kind: text(form, 'kind'), name: text(form, 'name') };
  return formAction((actor) => setCalendarDay(actor, values), options(values));
}

export async function deleteDay(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { day: text(form, 'day') };
  return formAction((actor) => removeCalendarDay(actor, values), options(values));
}
