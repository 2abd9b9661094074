'use server';

import { actOnCatalogueItem, createCatalogueItem, updateCatalogueItem } from '@/lib/disclosure/manage';
import { uploadFromFormFile } from '@/lib/disclosure/files';
import { saveDisclosurePage, saveOfficeContact } from '@/lib/disclosure/pages';
import { formAction, formText, type FormState } from '@/lib/forms';

const ITEM_FIELDS = ['categoryCode', 'title', 'summary', 'body', 'publisher', 'attribute', 'generatedOn', 'interprets'] as const;
const LIST = '/workspace/moderator/disclosure';
const PUBLIC = ['/disclosure'];
const label = 'moderator/disclosure';
const version = (form: FormData) => Number(formText(form, 'version'));

function itemValues(form: FormData): Record<string, string> {
  return Object.fromEntries(ITEM_FIELDS.map((name) => [name, formText(form, name)]));
}

export async function createItemAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = itemValues(form);
  return formAction(async (actor) => createCatalogueItem(actor, values, undefined, await uploadFromFormFile(form.get('attachment'))), {
    label, values, revalidate: [LIST], redirectTo: (created) => `${LIST}/items/${created.id}?created=1`,
  });
}

export async function updateItemAction(itemId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { ...itemValues(form), note: formText(form, 'note') };
  return formAction(async (actor) =>
    updateCatalogueItem(
      actor,
      itemId,
      { ...values, note: values.note || undefined, version: version(form), removeAttachment: formText(form, 'removeAttachment') === 'on' },
      undefined,
      await uploadFromFormFile(form.get('attachment')),
    ), { label, values, revalidate: [LIST, `${LIST}/items/${itemId}`, ...PUBLIC] });
}

export async function itemAction(itemId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { reason: formText(form, 'reason') };
  return formAction((actor) => actOnCatalogueItem(actor, itemId, { action: formText(form, 'action'), version: version(form), ...(values.reason ? values : {}) }),
    { label, values, revalidate: [LIST, `${LIST}/items/${itemId}`, ...PUBLIC] });
}

export async function savePageAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { key: formText(form, 'key'), title: formText(form, 'title'), body: formText(form, 'body') };
  return formAction((actor) => saveDisclosurePage(actor, { ...values, version: version(form) }),
    { label, values, revalidate: [`${LIST}/pages`, '/disclosure', '/disclosure/guide', '/disclosure/rules'] });
}

export async function saveOfficeAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = Object.fromEntries(['disclosureOffice', 'address', 'postcode', 'phone', 'email', 'officeHours'].map((n) => [n, formText(form, n)]));
  return formAction((actor) => saveOfficeContact(actor, values), { label, values, revalidate: [`${LIST}/pages`, '/disclosure', '/disclosure/guide'] });
}
