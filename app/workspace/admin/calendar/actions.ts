'use server';

import { revalidatePath } from 'next/cache';
import { requestActor } from '@/lib/api/route';
import { removeCalendarDay, setCalendarDay, setCalendarYear } from '@/lib/calendar/admin';
import { AppError } from '@/lib/errors';
import { updateDeadlines } from '@/lib/letters/deadline-settings';

/**
 * Form state of the calendar page's forms: field errors from the operation's 422, or one message (401, 403,
 * 404 …). `values` echoes what was sent, so a refused form keeps its input after React resets it.
 */
export interface CalendarFormState {
  ok: boolean;
  message: string | null;
  fields: Record<string, string>;
  values?: Record<string, string>;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '');
// A number field: an empty or malformed entry reaches the operation as NaN and gets its 422 message.
const integer = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

async function run(values: Record<string, string>, operation: () => Promise<unknown>): Promise<CalendarFormState> {
  try {
    await operation();
  } catch (error) {
    if (error instanceof AppError) {
      const fields = error.fields ?? {};
      // Messages for fields the form does not show (such as '_') go into the form's message.
      return { ok: false, message: error.message, fields, values };
    }
    console.error('[admin/calendar] unexpected error', error);
    return { ok: false, message: '操作失败，请稍后重试', fields: {}, values };
  }
  revalidatePath('/workspace/admin/calendar');
  revalidatePath('/workspace/admin');
  return { ok: true, message: null, fields: {} };
}

export async function saveDeadlines(_previous: CalendarFormState, form: FormData): Promise<CalendarFormState> {
  const values = Object.fromEntries(['inquiry', 'suggestion', 'complaint', 'triage'].map((k) => [k, text(form, k)]));
  return run(values, async () =>
    updateDeadlines(await requestActor(), {
      inquiry: integer(values.inquiry!),
      suggestion: integer(values.suggestion!),
      complaint: integer(values.complaint!),
      triage: integer(values.triage!),
    }),
  );
}

export async function saveYear(_previous: CalendarFormState, form: FormData): Promise<CalendarFormState> {
  const values = { year: text(form, 'year'), status: text(form, 'status'), source: text(form, 'source') };
  return run(values, async () => setCalendarYear(await requestActor(), { ...values, year: integer(values.year) }));
}

export async function saveDay(_previous: CalendarFormState, form: FormData): Promise<CalendarFormState> {
  const values = { day: text(form, 'day'), kind: text(form, 'kind'), name: text(form, 'name') };
  return run(values, async () => setCalendarDay(await requestActor(), values));
}

export async function deleteDay(_previous: CalendarFormState, form: FormData): Promise<CalendarFormState> {
  const values = { day: text(form, 'day') };
  return run(values, async () => removeCalendarDay(await requestActor(), values));
}
