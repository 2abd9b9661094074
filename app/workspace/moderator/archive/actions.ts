'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requestActor } from '@/lib/api/route';
import { AppError } from '@/lib/errors';
import { actOnEntry, createEntry, updateEntry } from '@/lib/archive/curation';
import { handleFlag } from '@/lib/archive/flags';
import type { FormState } from './form-state';

const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

/** Runs one curation operation for a form: an AppError becomes form state, anything else a generic message, never a crash. */
async function run(operation: () => Promise<unknown>, values?: Record<string, string>): Promise<FormState> {
  try {
    await operation();
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, fields: error.fields ?? {}, values, at: Date.now() };
    console.error('[workspace/archive] unexpected error', error);
    return { ok: false, message: '操作失败，请稍后重试', fields: {}, values, at: Date.now() };
  }
  revalidatePath('/workspace/moderator/archive', 'layout');
  return { ok: true, message: null, fields: {}, at: Date.now() };
}

/** 整理为公开条目: a draft from a letter (tracking number) or an interview, then its editor. */
export async function createEntryForm(_previous: FormState, form: FormData): Promise<FormState> {
  const source = text(form, 'source');
  const ref = text(form, 'ref');
  let created: string | undefined;
  const state = await run(async () => {
    created = (await createEntry(await requestActor(), source === 'interview' ? { interviewId: ref } : { letter: ref })).id;
  });
  if (created) redirect(`/workspace/moderator/archive/${created}`);
  return state;
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
  return run(async () => updateEntry(await requestActor(), entryId, {
    version: Number(text(form, 'version')),
    publicTitle: values.publicTitle,
    publicBody: values.publicBody,
    publicAnswer: values.publicAnswer,
    category: values.category === '' ? null : values.category,
    maskedTerms: terms(values.maskedTerms),
  }), values);
}

/** 标记并隐去: adds one name to the marked terms and saves, which masks it everywhere in the public text. */
export async function markTermForm(entryId: string, current: string[], _previous: FormState, form: FormData): Promise<FormState> {
  const term = text(form, 'term');
  return run(async () => updateEntry(await requestActor(), entryId, {
    version: Number(text(form, 'version')),
    maskedTerms: [...current, term],
  }), { term });
}

/** 发布 / 撤下 (reason). */
export async function entryActionForm(entryId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const action = text(form, 'action');
  const values = { reason: text(form, 'reason') };
  const input: Record<string, unknown> = { action, version: Number(text(form, 'version')) };
  if (action === 'unpublish' || values.reason.trim() !== '') input.reason = values.reason;
  return run(async () => actOnEntry(await requestActor(), entryId, input), values);
}

/** A report: dismiss, or unpublish the entry (the submit button says which). */
export async function flagActionForm(flagId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { resolution: text(form, 'resolution') };
  return run(async () => handleFlag(await requestActor(), flagId, { action: text(form, 'action'), resolution: values.resolution }), values);
}
