'use server';

import { revalidatePath } from 'next/cache';
import { requestActor } from '@/lib/api/route';
import { publishAnnualReport, saveAnnualReport, SECTION_KEYS } from '@/lib/disclosure/annual-report';
import { AppError } from '@/lib/errors';

/** A form's outcome: a message and Chinese field errors from the operation's AppError, or ok; `values` keeps the input. */
export interface ReportFormState {
  ok: boolean;
  message: string | null;
  fields: Record<string, string>;
  values?: Record<string, string>;
  at?: number;
}

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

async function run(year: string, operation: () => Promise<unknown>, values?: Record<string, string>): Promise<ReportFormState> {
  try {
    await operation();
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, fields: error.fields ?? {}, values, at: Date.now() };
    console.error('[workspace/annual-report] unexpected error', error);
    return { ok: false, message: '操作失败，请稍后重试', fields: {}, values, at: Date.now() };
  }
  for (const path of ['/workspace/moderator/annual-report', `/workspace/moderator/annual-report/${year}`, '/disclosure/annual-report', `/disclosure/annual-report/${year}`]) {
    revalidatePath(path);
  }
  return { ok: true, message: null, fields: {}, at: Date.now() };
}

/** Saves the text sections (API equivalent: saveAnnualReport with {year, version, sections}). */
export async function saveReportForm(_previous: ReportFormState, form: FormData): Promise<ReportFormState> {
  const year = text(form, 'year');
  const sections = Object.fromEntries(SECTION_KEYS.map((k) => [k, text(form, `sections.${k}`)]));
  const values = Object.fromEntries(SECTION_KEYS.map((k) => [`sections.${k}`, sections[k]!]));
  return run(year, async () => saveAnnualReport(await requestActor(), { year, version: text(form, 'version'), sections }), values);
}

/** Publishes the report and registers it in the catalogue. */
export async function publishReportForm(_previous: ReportFormState, form: FormData): Promise<ReportFormState> {
  const year = text(form, 'year');
  return run(year, async () => publishAnnualReport(await requestActor(), { year, version: text(form, 'version') }));
}
