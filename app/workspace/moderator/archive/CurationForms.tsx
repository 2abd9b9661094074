'use client';

import { createContext, useActionState, useContext, useState } from 'react';
import { useTranslations } from 'next-intl';
import { ErrorSummary, FieldError } from '@/app/_components/FormErrors';
import { createEntryForm, entryActionForm, flagActionForm, markTermForm, saveEntryForm } from './actions';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';

/** The outcome line of a small form: the error (with field messages) or a short confirmation, announced politely. */
function Outcome({ state, ok }: { state: FormState; ok?: string }) {
  const problems = [state.message, ...Object.values(state.fields)].filter((m, i, all): m is string => Boolean(m) && all.indexOf(m) === i);
  return (
    <p role="status" className={state.ok ? 'form-ok' : 'field-error'}>
      {state.ok ? (ok ?? '') : problems.join('；')}
    </p>
  );
}

/**
 * Unsaved changes in the editor (issue 12, item 1, the same review as the leader desk's): 发布 publishes the last
 * *saved* text, and 标记并隐去 saves a new version, which re-opens the editor with the stored text. Either one, while
 * the editor holds typing that is not saved, used to discard that typing silently — and 发布 published something
 * other than what the moderator saw. Both are now refused in the browser with a message until the editor is saved.
 */
const UnsavedContext = createContext<{ dirty: boolean; setDirty: (dirty: boolean) => void }>({ dirty: false, setDirty: () => {} });

export function UnsavedEditorGuard({ children }: { children: React.ReactNode }) {
  const [dirty, setDirty] = useState(false);
  return <UnsavedContext.Provider value={{ dirty, setDirty }}>{children}</UnsavedContext.Provider>;
}

/** The line a blocked action shows while the editor has unsaved changes. */
function UnsavedNotice() {
  const t = useTranslations('archiveStaff.editor');
  const { dirty } = useContext(UnsavedContext);
  return <p role="status" className="field-error" data-testid="unsaved-notice">{dirty ? t('unsavedFirst') : ''}</p>;
}

/** 整理为公开条目 for one letter or interview of the queue. */
export function CreateEntryButton({ source, refId, title }: { source: 'letter' | 'interview'; refId: string; title: string }) {
  const t = useTranslations('archiveStaff');
  const [state, action, pending] = useActionState(createEntryForm, INITIAL_FORM_STATE);
  return (
    <form action={action} className="inline-form" aria-busy={pending}>
      <input type="hidden" name="source" value={source} />
      <input type="hidden" name="ref" value={refId} />
      <button type="submit" disabled={pending} aria-label={t('createFor', { title })}>{pending ? t('creating') : t('create')}</button>
      <Outcome state={state} />
    </form>
  );
}

export interface EditorValues {
  publicTitle: string;
  publicBody: string;
  publicAnswer: string;
  category: string;
  maskedTerms: string;
}

/** The public text, category and marked terms; a refused save keeps what was typed. */
export function EditorForm({ entryId, version, values, categories, interview }: {
  entryId: string;
  version: number;
  values: EditorValues;
  categories: Array<{ code: string; label: string }>;
  interview: boolean;
}) {
  const t = useTranslations('archiveStaff.editor');
  const { setDirty } = useContext(UnsavedContext);
  const [state, action, pending] = useActionState(async (previous: FormState, form: FormData) => {
    const result = await saveEntryForm(entryId, previous, form);
    if (result.ok) setDirty(false);
    return result;
  }, INITIAL_FORM_STATE);
  const v = (name: keyof EditorValues) => (!state.ok && state.values ? state.values[name] ?? values[name] : values[name]);
  const field = (name: keyof EditorValues) => ({
    id: `field-${name}`,
    name,
    defaultValue: v(name),
    'aria-invalid': state.fields[name] ? true : undefined,
    'aria-describedby': [`field-${name}-hint`, state.fields[name] ? `field-${name}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  return (
    <form action={action} className="form form-wide curation-editor" aria-busy={pending} key={`${version}-${state.at ?? 0}`} noValidate
      onInput={() => setDirty(true)} onChange={() => setDirty(true)}>
      <ErrorSummary title={t('errorTitle')} errors={state.fields} message={Object.keys(state.fields).length ? null : state.message} />
      <input type="hidden" name="version" value={version} />
      <div className="field">
        <label htmlFor="field-publicTitle">{t('publicTitle')}</label>
        <input type="text" maxLength={100} {...field('publicTitle')} />
        <span className="hint" id="field-publicTitle-hint">{t('version', { version })}</span>
        <FieldError id="field-publicTitle" error={state.fields.publicTitle} />
      </div>
      <div className="field">
        <label htmlFor="field-publicBody">{interview ? t('publicBodyInterview') : t('publicBody')}</label>
        <textarea rows={8} {...field('publicBody')} />
        <span className="hint" id="field-publicBody-hint" />
        <FieldError id="field-publicBody" error={state.fields.publicBody} />
      </div>
      <div className="field">
        <label htmlFor="field-publicAnswer">{interview ? t('publicAnswerInterview') : t('publicAnswer')}</label>
        <textarea rows={interview ? 16 : 8} {...field('publicAnswer')} />
        <span className="hint" id="field-publicAnswer-hint" />
        <FieldError id="field-publicAnswer" error={state.fields.publicAnswer} />
      </div>
      <div className="field">
        <label htmlFor="field-category">{t('category')}</label>
        <select {...field('category')}>
          <option value="">{t('categoryNone')}</option>
          {categories.map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
        </select>
        <span className="hint" id="field-category-hint">{t('categoryHint')}</span>
        <FieldError id="field-category" error={state.fields.category} />
      </div>
      <div className="field">
        <label htmlFor="field-maskedTerms">{t('terms')}</label>
        <textarea rows={3} {...field('maskedTerms')} />
        <span className="hint" id="field-maskedTerms-hint">{t('termsHint')}</span>
        <FieldError id="field-maskedTerms" error={Object.entries(state.fields).find(([k]) => k.startsWith('maskedTerms'))?.[1]} />
      </div>
      <button type="submit" disabled={pending}>{pending ? t('saving') : t('save')}</button>
      <p role="status" className="form-ok">{state.ok ? t('saved') : ''}</p>
    </form>
  );
}

/** 标记并隐去: one name, masked and saved at once. */
export function MarkTermForm({ entryId, version, current }: { entryId: string; version: number; current: string[] }) {
  const t = useTranslations('archiveStaff.editor');
  const [state, action, pending] = useActionState(markTermForm.bind(null, entryId, current), INITIAL_FORM_STATE);
  const { dirty } = useContext(UnsavedContext);
  return (
    <form action={action} className="inline-form mark-term" aria-busy={pending}>
      <input type="hidden" name="version" value={version} />
      <label htmlFor="mark-term">{t('markTerm')}</label>
      <input id="mark-term" name="term" type="text" maxLength={50} aria-describedby="mark-term-hint" defaultValue={state.ok ? '' : state.values?.term ?? ''} key={state.at ?? 0} />
      <button type="submit" disabled={pending || dirty}>{t('mark')}</button>
      <span className="hint" id="mark-term-hint">{t('markHint')}</span>
      <Outcome state={state} ok={t('done')} />
      <UnsavedNotice />
    </form>
  );
}

/** 发布 (with a hint) or 撤下 (with a reason). */
export function EntryActionForm({ entryId, version, action: kind, label, hint, disabled }: {
  entryId: string;
  version: number;
  action: 'publish' | 'unpublish' | 'refresh_answer';
  label: string;
  hint: string;
  disabled?: boolean;
}) {
  const t = useTranslations('archiveStaff.editor');
  const [state, action, pending] = useActionState(entryActionForm.bind(null, entryId), INITIAL_FORM_STATE);
  const { dirty } = useContext(UnsavedContext);
  const hintId = `${kind}-hint`;
  return (
    <form action={action} className="form entry-action" aria-busy={pending}>
      <input type="hidden" name="action" value={kind} />
      <input type="hidden" name="version" value={version} />
      {kind === 'unpublish' ? (
        <div className="field">
          <label htmlFor="unpublish-reason">{t('unpublishReason')}</label>
          <textarea id="unpublish-reason" name="reason" rows={2} maxLength={500} aria-describedby={hintId} defaultValue={state.ok ? '' : state.values?.reason ?? ''} key={state.at ?? 0} />
        </div>
      ) : null}
      <button type="submit" disabled={pending || disabled || dirty} aria-describedby={hintId} className={kind === 'unpublish' ? 'button-secondary' : undefined}>{label}</button>
      <span className="hint" id={hintId}>{hint}</span>
      <Outcome state={state} ok={t('done')} />
      <UnsavedNotice />
    </form>
  );
}

/** A report: a resolution, then 驳回 or 撤下条目. */
export function FlagActionForm({ flagId, title }: { flagId: string; title: string }) {
  const t = useTranslations('archiveStaff.flags');
  const [state, action, pending] = useActionState(flagActionForm.bind(null, flagId), INITIAL_FORM_STATE);
  const id = `resolution-${flagId}`;
  return (
    <form action={action} className="form flag-action" aria-busy={pending}>
      <div className="field">
        <label htmlFor={id}>{t('resolution')}</label>
        <textarea id={id} name="resolution" rows={2} maxLength={500} aria-label={t('resolutionFor', { title })} defaultValue={state.ok ? '' : state.values?.resolution ?? ''} key={state.at ?? 0} />
      </div>
      <div className="button-row">
        <button type="submit" name="action" value="dismiss" disabled={pending} className="button-secondary">{t('dismiss')}</button>
        <button type="submit" name="action" value="unpublish" disabled={pending}>{t('unpublish')}</button>
      </div>
      <Outcome state={state} />
    </form>
  );
}
