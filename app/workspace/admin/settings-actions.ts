'use server';

import { createDepartment, updateDepartment } from '@/lib/accounts/departments';
import { updateOrganisation } from '@/lib/accounts/organisation';
import type { Actor } from '@/lib/auth/permissions';
import { createCategory, updateCategory } from '@/lib/disclosure/category-admin';
import { formAction, formText, type FormState } from '@/lib/forms';

/** Server actions of the admin's organisation, departments and catalogue pages (same operations as the API). */

const NO_CHANGE = '无变更：内容与已保存的相同，未做记录';

/** Whether the operation changed anything (operations answering `changed: false` for an edit that changes nothing). */
const changedOf = (result: unknown) => !(result && typeof result === 'object' && 'changed' in result) || Boolean((result as { changed: unknown }).changed);
const options = (label: string, revalidate: string[], values: Record<string, string>) => ({ label, revalidate, values, data: changedOf });

/** The operation's "nothing changed" answer shown as such instead of "saved". */
function noChange({ data: changed, ...state }: FormState<boolean>): FormState {
  return state.ok && changed === false ? { ...state, message: NO_CHANGE } : state;
}

const pick = (form: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, formText(form, n)]));
const integer = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

const DEPARTMENT_PATHS = ['/workspace/admin/departments', '/'];
const CATEGORY_PATHS = ['/workspace/admin/categories', '/disclosure'];
const ORG_FIELDS = ['name', 'nameEn', 'code', 'address', 'postcode', 'phone', 'email', 'officeHours', 'disclosureOffice'];

export async function saveOrganisation(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ORG_FIELDS);
  // The footer on every page shows the profile.
  return noChange(await formAction((actor) => updateOrganisation(actor, values), options('admin/organisation', ['/', '/workspace/admin/organisation'], values)));
}

export async function createDepartmentForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['name', 'nameEn', 'description', 'phone']);
  return noChange(await formAction((actor) => createDepartment(actor, values), options('admin/departments', DEPARTMENT_PATHS, values)));
}

export async function updateDepartmentForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['id', 'name', 'nameEn', 'description', 'phone', 'sortOrder']);
  return noChange(await formAction((actor) =>
    updateDepartment(actor, values.id!, {
      name: values.name, nameEn: values.nameEn, description: values.description, phone: values.phone, sortOrder: integer(values.sortOrder!),
    }), options('admin/departments', DEPARTMENT_PATHS, values)));
}

/** Deactivate (optionally moving open letters to `moveOpenTo`) or reactivate. */
export async function setDepartmentActive(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['id', 'active', 'moveOpenTo']);
  return noChange(await formAction((actor) =>
    updateDepartment(actor, values.id!, {
      active: values.active === 'true',
      ...(values.moveOpenTo ? { moveOpenTo: values.moveOpenTo } : {}),
    }), options('admin/departments', DEPARTMENT_PATHS, values)));
}

export async function createCategoryForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['parentCode', 'name', 'nameEn']);
  return noChange(await formAction((actor) =>
    createCategory(actor, { name: values.name, nameEn: values.nameEn, ...(values.parentCode ? { parentCode: values.parentCode } : {}) }), options('admin/categories', CATEGORY_PATHS, values)));
}

export async function updateCategoryForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = pick(form, ['code', 'name', 'nameEn', 'sortOrder']);
  return noChange(await formAction((actor) =>
    updateCategory(actor, values.code!, { name: values.name, nameEn: values.nameEn, sortOrder: integer(values.sortOrder!) }), options('admin/categories', CATEGORY_PATHS, values)));
}
