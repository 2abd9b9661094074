'use server';

import { actOnEntry, createEntry, updateEntry } from '@/lib/archive/curation';
import { handleFlag } from '@/lib/archive/flags';
import { includeAttachment, removeAttachment } from '@/lib/archive/attachments';
import { formAction, formText as text, type FormState } from '@/lib/forms';

/** The curation forms' options: after success the whole archive desk is revalidated. */
const desk = (values?: Record<string, string>) => ({ label: 'workspace/archive', values, revalidate: [{ path: '/workspace/moderator/archive', type: 'layout' as const }] });

/** 整理为公开条目: a draft from a letter (tracking number) or an interview, then its editor. */
export async function createEntryForm(_previous: FormState, form: FormData): Promise<FormState> {
  const source = text(form, 'source');
  const ref = text(form, 'ref');
  return formAction((actor) => createEntry(actor, source === 'interview' ? { interviewId: ref } : { letter: ref }), {
    ...desk(), redirectTo: (created) => `/workspace/moderator/archive/${created.id}`,
  });
}

const terms = (value: string) => value.split(/\r?\n/).map((v) => v.trim()).filter(Boolean);

/** Saves the editor: public texts, category, marked terms, against the version the editor was opened with. */
export async function saveEntryForm(entryId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = {
    publicTitle: text(form, 'publicTitle'),
    publicBody: text(form, 'publicBody'),
    publicAnswer: text(form, 'publicAnswer'),
    category: text(form, 'category'),
    maskedTerms: text(form, 'maskedTerms'),
  };
  return formAction((actor) => updateEntry(actor, entryId, {
    version: Number(text(form, 'version')),
    publicTitle: values.publicTitle,
    publicBody: values.publicBody,
    publicAnswer: values.publicAnswer,
    category: values.category === '' ? null : values.category,
    maskedTerms: terms(values.maskedTerms),
  }), desk(values));
}

/** 标记并隐去: adds one name to the marked terms and saves, which masks it everywhere in the public text. */
export async function markTermForm(entryId: string, current: string[], _previous: FormState, form: FormData): Promise<FormState> {
  const term = text(form, 'term');
  return formAction((actor) => updateEntry(actor, entryId, {
    version: Number(text(form, 'version')),
    maskedTerms: [...current, term],
  }), desk({ term }));
}

/** 发布 / 撤下 (reason). */
export async function entryActionForm(entryId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const action = text(form, 'action');
  const values = { reason: text(form, 'reason') };
  const input: Record<string, unknown> = { action, version: Number(text(form, 'version')) };
  if (action === 'unpublish' || values.reason.trim() !== '') input.reason = values.reason;
  return formAction((actor) => actOnEntry(actor, entryId, input), desk(values));
}

/** A report: dismiss, or unpublish the entry (the submit button says which). */
export async function flagActionForm(flagId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { resolution: text(form, 'resolution') };
  return formAction((actor) => handleFlag(actor, flagId, { action: text(form, 'action'), resolution: values.resolution }), desk(values));
}

/** The regions the mask form sends: a JSON list of {x, y, w, h} fractions (the form's own inputs write it). */
function regionsOf(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** 遮盖并收入条目: a masked copy of one of the letter's images, rendered on the server, linked to the entry. */
export async function includeAttachmentForm(entryId: string, attachmentId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { regions: text(form, 'regions') };
  return formAction((actor) => includeAttachment(actor, entryId, { attachmentId, regions: regionsOf(values.regions) }), desk(values));
}

/** 移出条目: the masked copy leaves the entry. */
export async function removeAttachmentForm(entryId: string, copyId: string, _previous: FormState, _form: FormData): Promise<FormState> {
  return formAction((actor) => removeAttachment(actor, entryId, copyId), desk());
}
