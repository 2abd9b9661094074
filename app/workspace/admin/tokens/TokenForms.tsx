'use client';

import { useActionState } from 'react';
import { ErrorSummary, FieldError, fieldProps } from '@/app/_components/FormErrors';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';
import { createTokenAction, revokeTokenAction, type CreatedToken } from './actions';

interface Option { value: string; label: string }

export function CreateTokenForm({ scopes, accounts, defaultExpiry }: { scopes: Option[]; accounts: Option[]; defaultExpiry: string }) {
  const [state, action, pending] = useActionState<FormState<CreatedToken>, FormData>(createTokenAction, { ok: false, message: null, fields: {} });
  return (
    <>
      {state.ok && state.data ? (
        <div className="notice" role="alert">
          <h3>令牌「{state.data.tokenName}」已创建</h3>
          <p>请立即复制并妥善保存。此令牌只显示这一次，关闭或刷新本页后无法再次查看。</p>
          <p><label htmlFor="new-token-secret">令牌</label></p>
          <input id="new-token-secret" className="code" readOnly value={state.data.token} size={60} onFocus={(e) => e.currentTarget.select()} />
          <p className="hint">调用方式：<code>Authorization: Bearer {state.data.token.slice(0, 10)}…</code></p>
        </div>
      ) : null}
      <form action={action} className="form" aria-busy={pending} noValidate>
        <ErrorSummary title="令牌未创建" errors={state.ok ? {} : state.fields} message={state.ok ? null : state.message} />
        <div className="field">
          <label htmlFor="field-name">名称</label>
          <span className="hint" id="field-name-hint">说明谁在用、做什么，例如「12345 热线对接」</span>
          <input type="text" required maxLength={60} defaultValue={state.ok ? '' : state.values?.name ?? ''} {...fieldProps(state, 'name', true)} />
          <FieldError id="field-name" error={state.fields.name} />
        </div>
        <fieldset className="field" aria-describedby="field-scopes-hint">
          <legend>权限范围</legend>
          <span className="hint" id="field-scopes-hint">令牌只能做所选权限允许的事，并且不超出所代表账号的角色。</span>
          {scopes.map((s) => (
            <label key={s.value} className="checkbox">
              <input type="checkbox" name="scopes" value={s.value} /> <span className="code">{s.value}</span> {s.label}
            </label>
          ))}
          <FieldError id="field-scopes" error={state.fields.scopes ?? Object.entries(state.fields).find(([k]) => k.startsWith('scopes.'))?.[1]} />
        </fieldset>
        <div className="field">
          <label htmlFor="field-expiresOn">有效期至</label>
          <span className="hint" id="field-expiresOn-hint">当天北京时间 23:59 失效；最长三年</span>
          <input type="date" required defaultValue={state.ok ? defaultExpiry : state.values?.expiresOn ?? defaultExpiry} {...fieldProps(state, 'expiresOn', true)} />
          <FieldError id="field-expiresOn" error={state.fields.expiresOn} />
        </div>
        <div className="field">
          <label htmlFor="field-actAs">代表账号</label>
          <span className="hint" id="field-actAs-hint">
            留空则为此令牌新建一个服务账号（管理员或系统管理员角色）；部门办件类权限请选择该部门的工作人员或为接口建立的部门账号。
          </span>
          <select defaultValue={state.ok ? '' : state.values?.actAs ?? ''} {...fieldProps(state, 'actAs', true)}>
            <option value="">新建服务账号</option>
            {accounts.map((a) => <option key={a.value} value={a.value}>{a.label}</option>)}
          </select>
          <FieldError id="field-actAs" error={state.fields.actAs} />
        </div>
        <button type="submit" disabled={pending}>创建令牌</button>
      </form>
    </>
  );
}

export function RevokeTokenForm({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(revokeTokenAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="inline-form" aria-busy={pending}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="button-secondary" disabled={pending} aria-label={`撤销令牌 ${name}`}>撤销</button>
      <span role="status" className={state.message ? 'field-error' : undefined}>{state.message}</span>
    </form>
  );
}
