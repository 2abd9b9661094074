'use server';

import { getTranslations } from 'next-intl/server';
import { createTopic, moveTopic, updateTopic } from '@/lib/topics/admin';
import { formAction, formText, type FormState } from '@/lib/forms';

/** Server actions of the 诉求分类 page (lib/topics/admin.ts: each one transaction with its audit row). */

const PATHS = ['/workspace/admin/topics', '/letters/new'];
const pick = (form: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, formText(form, n)]));

/** An edit that changed nothing is said as such instead of "saved". */
async function noChange(state: FormState<unknown>): Promise<FormState> {
  const { data, ...rest } = state;
  if (rest.ok && data && typeof data === 'object' && 'changed' in data && !(data as { changed: boolean }).changed) {
    return { ...rest, message: (await getTranslations('topicsUi'))('noChange') };
  }
  return rest;
}

export async function createTopicForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['parentId', 'name', 'nameEn', 'departmentId', 'keywords']);
  return noChange(await formAction((actor) => createTopic(actor, values), { label: 'admin/topics', revalidate: PATHS, values }));
}

export async function updateTopicForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['id', 'name', 'nameEn', 'departmentId', 'keywords', 'sortOrder']);
  return noChange(await formAction((actor) => updateTopic(actor, values), { label: 'admin/topics', revalidate: PATHS, values, data: (r) => r }));
}

export async function moveTopicForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['id', 'parentId']);
  return noChange(await formAction((actor) => moveTopic(actor, values), { label: 'admin/topics', revalidate: PATHS, values, data: (r) => r }));
}

/** Deactivate (never delete: letters keep the topic) or activate again. */
export async function setTopicActiveForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['id', 'active']);
  return noChange(await formAction((actor) => updateTopic(actor, values), { label: 'admin/topics', revalidate: PATHS, values, data: (r) => r }));
}
