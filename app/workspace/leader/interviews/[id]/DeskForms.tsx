'use client';

import { useActionState, useEffect, useId, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { INITIAL_FORM, type FormState } from '../../../moderator/interviews/_shared/form-state';
import { formatClock } from '../../../moderator/interviews/_shared/format';
import { answeringForm, correctAnswerForm, publishAnswerForm, saveDraftAction } from '../actions';

/** Autosave waits this long after the last keystroke. */
const AUTOSAVE_MS = 1000;

function Outcome({ state, okText }: { state: FormState; okText?: string }) {
  const others = Object.entries(state.fields).filter(([f]) => f !== 'body').map(([, m]) => m);
  const text = state.ok ? okText ?? '' : [state.message, ...others].filter(Boolean).join(' ');
  return <span role="status" className={state.ok ? 'tag tag-ok' : text ? 'field-error' : undefined}>{text}</span>;
}

/** 标记正在回答: viewers see this question highlighted as the one being answered. */
export function AnsweringButton({ interviewId, questionId }: { interviewId: string; questionId: string }) {
  const t = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(answeringForm.bind(null, interviewId, questionId), INITIAL_FORM);
  return (
    <form action={action} className="inline-form" aria-busy={pending}>
      <button type="submit" className="button-secondary" disabled={pending}>{pending ? t('submitting') : t('desk.markAnswering')}</button>
      <Outcome state={state} />
    </form>
  );
}

/**
 * The answer editor: the text is saved as a private draft a second after the guest stops typing (and when the
 * field loses focus), with “草稿已保存 HH:mm:ss”; 发布答复 publishes it to everyone.
 */
export function AnswerEditor({ interviewId, questionId, draft, publishHint }: { interviewId: string; questionId: string; draft: string | null; publishHint?: string }) {
  const t = useTranslations('interviewsStaff.desk');
  const ts = useTranslations('interviewsStaff');
  const locale = useLocale();
  const [state, action, pending] = useActionState(publishAnswerForm.bind(null, interviewId, questionId), INITIAL_FORM);
  const [draftStatus, setDraftStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'error'; text?: string }>({ kind: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const lastSaved = useRef(draft ?? '');
  const id = useId();
  const fieldId = `${id}-body`;
  const error = state.fields.body;

  useEffect(() => () => clearTimeout(timer.current), []);

  const save = async (text: string) => {
    clearTimeout(timer.current);
    if (text === lastSaved.current) return;
    setDraftStatus({ kind: 'saving' });
    const result = await saveDraftAction(questionId, text);
    if (result.ok) {
      lastSaved.current = text;
      setDraftStatus({ kind: 'saved', text: t('draftSaved', { time: formatClock(result.savedAt, locale) }) });
    } else {
      setDraftStatus({ kind: 'error', text: result.message });
    }
  };

  const describedBy = [`${fieldId}-hint`, error ? `${fieldId}-error` : '', `${fieldId}-draft`].filter(Boolean).join(' ');
  return (
    <form action={action} className="form form-wide" aria-busy={pending} noValidate onSubmit={() => clearTimeout(timer.current)}>
      <div className="field">
        <label htmlFor={fieldId}>{t('answerLabel')}</label>
        <span className="hint" id={`${fieldId}-hint`}>{t('answerHint')}</span>
        <textarea
          id={fieldId}
          name="body"
          rows={5}
          defaultValue={state.values?.body ?? draft ?? ''}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onInput={(e) => {
            const text = e.currentTarget.value;
            clearTimeout(timer.current);
            timer.current = setTimeout(() => void save(text), AUTOSAVE_MS);
          }}
          onBlur={(e) => void save(e.currentTarget.value)}
        />
        {error ? <span className="field-error" id={`${fieldId}-error`}>{error}</span> : null}
        <span id={`${fieldId}-draft`} role="status" className={draftStatus.kind === 'error' ? 'field-error' : 'draft-status'} data-testid="draft-status">
          {draftStatus.kind === 'saving' ? t('draftSaving') : draftStatus.text ?? ''}
        </span>
      </div>
      <div className="inline-form">
        <button type="submit" disabled={pending}>{pending ? ts('submitting') : t('publish')}</button>
        {publishHint ? <span className="hint">{publishHint}</span> : null}
        <Outcome state={state} />
      </div>
    </form>
  );
}

/** 更正: replaces a published answer for everyone (the first text is kept in the record). */
export function CorrectionForm({ interviewId, questionId, body }: { interviewId: string; questionId: string; body: string }) {
  const t = useTranslations('interviewsStaff.desk');
  const ts = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(correctAnswerForm.bind(null, interviewId, questionId), INITIAL_FORM);
  const id = useId();
  const fieldId = `${id}-body`;
  const error = state.fields.body;
  return (
    <details className="action-details">
      <summary>{t('correct')}</summary>
      <form action={action} className="form form-wide" aria-busy={pending} noValidate>
        <div className="field">
          <label htmlFor={fieldId}>{t('correctionLabel')}</label>
          <span className="hint" id={`${fieldId}-hint`}>{t('correctionHint')}</span>
          <textarea id={fieldId} name="body" rows={5} defaultValue={state.values?.body ?? body} aria-invalid={error ? true : undefined}
            aria-describedby={[`${fieldId}-hint`, error ? `${fieldId}-error` : ''].filter(Boolean).join(' ')} />
          {error ? <span className="field-error" id={`${fieldId}-error`}>{error}</span> : null}
        </div>
        <div className="inline-form">
          <button type="submit" disabled={pending}>{pending ? ts('submitting') : t('publishCorrection')}</button>
          <Outcome state={state} okText={t('corrected')} />
        </div>
      </form>
    </details>
  );
}
