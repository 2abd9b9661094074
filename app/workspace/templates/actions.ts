'use server';

import { formAction, formText, type FormState } from '@/lib/forms';
import { createTemplate, deleteTemplate, updateTemplate } from '@/lib/letters/templates';

/** Reply templates (答复模板): a department's staff edit their own, moderators every department's. */

const PATHS = ['/workspace/templates'];
const id = (form: FormData) => {
  const value = Number(formText(form, 'id'));
  return Number.isSafeInteger(value) ? value : -1;
};

export async function createTemplateForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { title: formText(form, 'title'), body: formText(form, 'body'), departmentId: formText(form, 'departmentId') };
  return formAction((actor) => createTemplate(actor, { ...values, departmentId: values.departmentId || null }), { label: 'templates', revalidate: PATHS, values });
}

export async function updateTemplateForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { id: formText(form, 'id'), title: formText(form, 'title'), body: formText(form, 'body') };
  const { data, ...state } = await formAction((actor) => updateTemplate(actor, id(form), { title: values.title, body: values.body }), {
    label: 'templates', revalidate: PATHS, values, data: ({ changed }) => changed,
  });
  return state.ok && data === false ? { ...state, message: '无变更：内容与已保存的相同' } : state;
}

export async function deleteTemplateForm(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction((actor) => deleteTemplate(actor, id(form)), { label: 'templates', revalidate: PATHS });
}
