'use server';

import { ENTERED_PROACTIVE_CELLS, publishAnnualReport, refreshAnnualReportFigures, saveAnnualReport, saveProactiveFigures, SECTION_KEYS } from '@/lib/disclosure/annual-report';
import { recordReview } from '@/lib/disclosure/reviews';
import { setReplyReasonCode } from '@/lib/disclosure/reply-codes';
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

/** 更新数据: the published report's figures and PDF from the data as it is now. */
export async function refreshFiguresForm(_previous: FormState, form: FormData): Promise<FormState> {
  const year = text(form, 'year');
  return formAction((actor) => refreshAnnualReportFigures(actor, { year, version: text(form, 'version') }), options(year));
}

/** Records a 行政复议 / 行政诉讼 case (API equivalent: POST /api/v1/disclosure/reviews). */
export async function recordReviewForm(_previous: FormState, form: FormData): Promise<FormState> {
  const year = text(form, 'year');
  const input = { kind: text(form, 'kind'), applicationTrackingNo: text(form, 'applicationTrackingNo'), filedOn: text(form, 'filedOn'), outcome: text(form, 'outcome'), note: text(form, 'note') };
  return formAction((actor) => recordReview(actor, input), options(year, input));
}

/** Saves the cells of section 二 that the catalogue cannot derive. */
export async function saveFiguresForm(_previous: FormState, form: FormData): Promise<FormState> {
  const year = text(form, 'year');
  const figures = Object.fromEntries(ENTERED_PROACTIVE_CELLS.map((c) => [c, text(form, `figures.${c}`)]));
  const values = Object.fromEntries(ENTERED_PROACTIVE_CELLS.map((c) => [`figures.${c}`, figures[c]!]));
  return formAction((actor) => saveProactiveFigures(actor, { year, figures }), options(year, values));
}

/** Sets the template reason code of a reply stored before codes existed (the report then counts it in its sub-row). */
export async function setReasonCodeForm(_previous: FormState, form: FormData): Promise<FormState> {
  const year = text(form, 'year');
  const trackingNo = text(form, 'trackingNo');
  return formAction((actor) => setReplyReasonCode(actor, { trackingNo, reasonCode: text(form, 'reasonCode') }), {
    ...options(year, { reasonCode: text(form, 'reasonCode') }),
    revalidate: [...options(year).revalidate, `/workspace/moderator/applications/${trackingNo}`],
  });
}
