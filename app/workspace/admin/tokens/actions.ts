'use server';

import { formAction, formText, type FormState } from '@/lib/forms';
import { createToken, revokeToken } from '@/lib/tokens';

/** What the page shows once after 新建令牌: the secret and its token's name (this form's answer only). */
export type CreatedToken = { token: string; tokenName: string };

const PATHS = ['/workspace/admin/tokens'];

/** 新建令牌: name, scopes (checkboxes), expiry date (Beijing end of day), account. */
export async function createTokenAction(_previous: FormState<CreatedToken>, form: FormData): Promise<FormState<CreatedToken>> {
  const values = { name: formText(form, 'name'), expiresOn: formText(form, 'expiresOn'), actAs: formText(form, 'actAs') };
  const expiresOn = values.expiresOn.trim();
  const state = await formAction(
    (actor) => createToken(actor, {
      name: values.name,
      scopes: form.getAll('scopes').filter((v): v is string => typeof v === 'string'),
      // A date picked on the page means the end of that day in Beijing.
      ...(expiresOn ? { expiresAt: /^\d{4}-\d{2}-\d{2}$/.test(expiresOn) ? `${expiresOn}T23:59:59+08:00` : expiresOn } : {}),
      ...(values.actAs ? { actAs: values.actAs } : {}),
    }),
    { label: 'admin/tokens', revalidate: PATHS, values, data: (created): CreatedToken => ({ token: created.token, tokenName: values.name }) },
  );
  // The page's field is the date (expiresOn); the operation names it expiresAt.
  if (!state.ok && state.fields.expiresAt) return { ...state, fields: { ...state.fields, expiresOn: state.fields.expiresAt } };
  return state;
}

/** 撤销: at once. */
export async function revokeTokenAction(_previous: FormState, form: FormData): Promise<FormState> {
  return formAction((actor) => revokeToken(actor, formText(form, 'id')), { label: 'admin/tokens', revalidate: PATHS });
}
