'use client';

import { useActionState } from 'react';
import type { FormState } from '@/lib/forms/state';
import { useTranslations } from 'next-intl';
import { saveUser } from './actions';

const ROLES = ['citizen', 'handler', 'leader', 'moderator', 'admin'] as const;

export function UserRowForm(props: {
  userId: string;
  userName: string;
  role: (typeof ROLES)[number];
  departmentId: string | null;
  status: 'active' | 'disabled';
  departments: Array<{ id: string; name: string }>;
}) {
  const t = useTranslations();
  const [state, action, pending] = useActionState<FormState, FormData>(saveUser, { ok: false, message: null, fields: {} });
  const label = (what: string) => `${props.userName} ${what}`;
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="userId" value={props.userId} />
      <select name="role" defaultValue={props.role} aria-label={label(t('workspace.colRole'))}>
        {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
      </select>
      <select name="departmentId" defaultValue={props.departmentId ?? ''} aria-label={label(t('workspace.colDepartment'))}>
        <option value="">—</option>
        {props.departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
      </select>
      <select name="status" defaultValue={props.status} aria-label={label(t('workspace.colStatus'))}>
        <option value="active">{t('workspace.active')}</option>
        <option value="disabled">{t('workspace.disabled')}</option>
      </select>
      <button type="submit" disabled={pending}>{t('workspace.save')}</button>
      <span role="status" className={state.ok ? 'tag tag-ok' : state.message ? 'field-error' : undefined}>
        {state.ok ? t('workspace.saved') : state.message}
      </span>
    </form>
  );
}
