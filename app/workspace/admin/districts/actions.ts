'use server';

import { getTranslations } from 'next-intl/server';
import { createDistrict, updateDistrict } from '@/lib/topics/districts';
import { formAction, formText, type FormState } from '@/lib/forms';

/** Server actions of the 所在区 page (lib/topics/districts.ts: each one transaction with its audit row). */

const PATHS = ['/workspace/admin/districts', '/letters/new', '/workspace/letters/intake'];
const pick = (form: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, formText(form, n)]));

/** An edit that changed nothing is said as such instead of "saved". */
async function noChange(state: FormState<unknown>): Promise<FormState> {
  const { data, ...rest } = state;
  if (rest.ok && data && typeof data === 'object' && 'changed' in data && !(data as { changed: boolean }).changed) {
    return { ...rest, message: (await getTranslations('districtsAdmin'))('noChange') };
  }
  return rest;
}

export async function createDistrictForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['code', 'name', 'nameEn', 'sortOrder']);
  return formAction((actor) => createDistrict(actor, values), { label: 'admin/districts', revalidate: PATHS, values });
}

export async function updateDistrictForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['id', 'name', 'nameEn', 'sortOrder']);
  return noChange(await formAction((actor) => updateDistrict(actor, values), { label: 'admin/districts', revalidate: PATHS, values, data: (r) => r }));
}

/** Deactivate (never delete: letters keep the district) or activate again. */
export async function setDistrictActiveForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['id', 'active']);
  return noChange(await formAction((actor) => updateDistrict(actor, values), { label: 'admin/districts', revalidate: PATHS, values, data: (r) => r }));
}
