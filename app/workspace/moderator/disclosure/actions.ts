'use server';

import { redirect } from 'next/navigation';
import { requestActor } from '@/lib/api/route';
import { actOnCatalogueItem, createCatalogueItem, updateCatalogueItem } from '@/lib/disclosure/manage';
import { uploadFromFormFile } from '@/lib/disclosure/files';
import { saveDisclosurePage, saveOfficeContact } from '@/lib/disclosure/pages';
import type { ActionState } from '@/app/_actions/action-state';
import { formText, runAction } from '@/app/_actions/run-form';

const ITEM_FIELDS = ['categoryCode', 'title', 'summary', 'body', 'publisher', 'attribute', 'generatedOn'] as const;
const LIST = '/workspace/moderator/disclosure';
const PUBLIC = ['/disclosure'];
const version = (form: FormData) => Number(formText(form, 'version'));

function itemValues(form: FormData): Record<string, string> {
  return Object.fromEntries(ITEM_FIELDS.map((name) => [name, formText(form, name)]));
}

export async function createItemAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const values = itemValues(form);
  let created: { id: string } | undefined;
  const state = await runAction('moderator/disclosure', [LIST], async () => {
    created = await createCatalogueItem(await requestActor(), values, undefined, await uploadFromFormFile(form.get('attachment')));
  }, values);
  if (created) redirect(`${LIST}/items/${created.id}?created=1`);
  return state;
}

export async function updateItemAction(itemId: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const values = { ...itemValues(form), note: formText(form, 'note') };
  return runAction('moderator/disclosure', [LIST, `${LIST}/items/${itemId}`, ...PUBLIC], async () =>
    updateCatalogueItem(
      await requestActor(),
      itemId,
      { ...values, note: values.note || undefined, version: version(form), removeAttachment: formText(form, 'removeAttachment') === 'on' },
      undefined,
      await uploadFromFormFile(form.get('attachment')),
    ), values);
}

export async function itemAction(itemId: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const values = { reason: formText(form, 'reason') };
  return runAction('moderator/disclosure', [LIST, `${LIST}/items/${itemId}`, ...PUBLIC], async () =>
    actOnCatalogueItem(await requestActor(), itemId, { action: formText(form, 'action'), version: version(form), ...(values.reason ? values : {}) }), values);
}

export async function savePageAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const values = { key: formText(form, 'key'), title: formText(form, 'title'), body: formText(form, 'body') };
  return runAction('moderator/disclosure', [`${LIST}/pages`, '/disclosure', '/disclosure/guide', '/disclosure/rules'], async () =>
    saveDisclosurePage(await requestActor(), { ...values, version: version(form) }), values);
}

export async function saveOfficeAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const values = Object.fromEntries(['disclosureOffice', 'address', 'postcode', 'phone', 'email', 'officeHours'].map((n) => [n, formText(form, n)]));
  return runAction('moderator/disclosure', [`${LIST}/pages`, '/disclosure', '/disclosure/guide'], async () => saveOfficeContact(await requestActor(), values), values);
}
