'use server';

import { publishAnnualReport, saveAnnualReport, SECTION_KEYS } from '@/lib/disclosure/annual-report';
import { formAction, formText as text, type FormState } from '@/lib/forms';

const options = (year: string, values?: Record<string, string>) => ({
  label: 'workspace/annual-report', values,
  revalidate: ['/workspace/moderator/annual-report', `/workspace/moderator/annual-report/${year}`, '/disclosure/annual-report', `/disclosure/annual-report/${year}`],
});

/** Saves the text sections (API equivalent: saveAnnualReport with {year, version, sections}). */
export async function saveReportForm(_previous: FormState, form: FormData): Promise<FormState> {
  const year = text(form, 'year');
  const sections = Object.fromEntries(SECTION_KEYS.map((k) => [k, text(form, `sections.${k}`)]));
  const values = Object.fromEntries(SECTION_KEYS.map((k) => [`sections.${k}`, sections[k]!]));
  return formAction((actor) => saveAnnualReport(actor, { year, version: text(form, 'version'), sections }), options(year, values));
}

/** Publishes the report and registers it in the catalogue. */
export async function publishReportForm(_previous: FormState, form: FormData): Promise<FormState> {
  const year = text(form, 'year');
  return formAction((actor) => publishAnnualReport(actor, { year, version: text(form, 'version') }), options(year));
}
