'use client';

import { useActionState, useId } from 'react';
import { useTranslations } from 'next-intl';
import { ErrorSummary } from '@/app/_components/FormErrors';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';
import type { LiveUpdate } from '@/lib/interviews/event-types';
import { DANGER } from '../_shared/StaffErrors';
import { liveUpdateForm, retractUpdateForm } from '../actions';

/**
 * 图文直播 in the moderator console: the updates posted (each with 撤回), and while the interview is live the form
 * for a new one — text, a photo (JPEG, PNG or WebP; re-encoded without EXIF/GPS) with its required alt text, a caption.
 */
export function LiveUpdatesPanel({ interviewId, updates, live }: { interviewId: string; updates: LiveUpdate[]; live: boolean }) {
  const t = useTranslations('interviewsStaff.liveUpdates');
  return (
    <section aria-labelledby="console-updates" className="remarks-panel" data-testid="console-updates">
      <h2 id="console-updates">{t('title')}</h2>
      {updates.length ? (
        <ol className="messages">
          {updates.map((u) => (
            <li key={u.id} className="message" data-testid="console-update">
              {u.body ? <p className="prewrap" data-user-content="">{u.body}</p> : null}
              {u.image ? <p data-user-content=""><img src={u.image.smallUrl} alt={u.image.alt} width={160} loading="lazy" /></p> : null}
              <RetractForm interviewId={interviewId} updateId={u.id} />
            </li>
          ))}
        </ol>
      ) : <p>{t('none')}</p>}
      {live ? <PostForm interviewId={interviewId} /> : <p className="hint">{t('onlyLive')}</p>}
    </section>
  );
}

function Field({ formId, name, label, hint, state, multiline = false }: {
  formId: string; name: string; label: string; hint?: string; state: FormState; multiline?: boolean;
}) {
  const id = `${formId}-${name}`;
  const error = state.fields[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name, defaultValue: state.values?.[name] ?? '', 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <span className="hint" id={`${id}-hint`}>{hint}</span> : null}
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      {error ? <span className="field-error" id={`${id}-error`}>{error}</span> : null}
    </div>
  );
}

function PostForm({ interviewId }: { interviewId: string }) {
  const t = useTranslations('interviewsStaff.liveUpdates');
  const ts = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(liveUpdateForm.bind(null, interviewId), INITIAL_FORM_STATE);
  const formId = useId();
  const fileId = `${formId}-file`;
  const fileError = state.fields.file;
  return (
    <form action={action} className="form form-wide" aria-busy={pending} noValidate data-testid="update-form">
      <ErrorSummary title={ts('formErrors')} errors={state.fields} message={state.ok ? null : state.message} fieldId={(field) => `${formId}-${field}`} />
      <Field formId={formId} name="body" label={t('body')} hint={t('bodyHint')} state={state} multiline />
      <div className="field">
        <label htmlFor={fileId}>{t('photo')}</label>
        <span className="hint" id={`${fileId}-hint`}>{t('photoHint')}</span>
        <input id={fileId} name="file" type="file" accept="image/jpeg,image/png,image/webp"
          aria-invalid={fileError ? true : undefined} aria-describedby={[`${fileId}-hint`, fileError ? `${fileId}-error` : ''].filter(Boolean).join(' ')} />
        {fileError ? <span className="field-error" id={`${fileId}-error`}>{fileError}</span> : null}
      </div>
      <Field formId={formId} name="alt" label={t('alt')} hint={t('altHint')} state={state} />
      <Field formId={formId} name="caption" label={t('caption')} state={state} />
      <div className="inline-form">
        <button type="submit" disabled={pending}>{pending ? ts('submitting') : t('post')}</button>
        <span role="status" className={state.ok ? 'tag tag-ok' : undefined}>{state.ok ? t('posted') : ''}</span>
      </div>
    </form>
  );
}

function RetractForm({ interviewId, updateId }: { interviewId: string; updateId: string }) {
  const t = useTranslations('interviewsStaff.liveUpdates');
  const [state, action, pending] = useActionState(retractUpdateForm.bind(null, interviewId, updateId), INITIAL_FORM_STATE);
  return (
    <form action={action} className="inline-form">
      <button type="submit" className={DANGER} disabled={pending}>{t('retract')}</button>
      {!state.ok && state.message ? <span role="status" className="field-error">{state.message}</span> : null}
    </form>
  );
}
