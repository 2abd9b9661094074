'use client';

import { createContext, useActionState, useContext, useEffect, useId, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';
import { ErrorSummary } from '@/app/_components/FormErrors';
import { formatClock } from '../../../moderator/interviews/_shared/format';
import { answeringForm, correctAnswerForm, publishAnswerForm, saveDraftAction } from '../actions';

/** Autosave waits this long after the last keystroke. */
const AUTOSAVE_MS = 1000;

function Outcome({ state, okText }: { state: FormState; okText?: string }) {
  const others = Object.entries(state.fields).filter(([f]) => f !== 'body' && f !== 'reason').map(([, m]) => m);
  const text = state.ok ? okText ?? '' : [state.message, ...others].filter(Boolean).join(' ');
  return <span role="status" className={state.ok ? 'tag tag-ok' : text ? 'field-error' : undefined}>{text}</span>;
}

/** 标记正在回答: viewers see this question highlighted as the one being answered. */
export function AnsweringButton({ interviewId, questionId }: { interviewId: string; questionId: string }) {
  const t = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(answeringForm.bind(null, interviewId, questionId), INITIAL_FORM_STATE);
  return (
    <form action={action} className="inline-form" aria-busy={pending}>
      <button type="submit" className="button-secondary" disabled={pending}>{pending ? t('submitting') : t('desk.markAnswering')}</button>
      <Outcome state={state} />
    </form>
  );
}

/** Where the desk confirms a published answer: outside the question lists, so it outlives the editor. */
const DeskNoticeContext = createContext<(text: string) => void>(() => {});

/**
 * The desk's confirmation line (role=status). 发布答复 moves the question from “待答复” to “已答复”, which unmounts
 * its editor together with the editor's own status line; the confirmation is therefore shown here.
 */
export function DeskNotices({ children }: { children: React.ReactNode }) {
  const [notice, setNotice] = useState('');
  return (
    <DeskNoticeContext.Provider value={setNotice}>
      <p role="status" className={notice ? 'tag tag-ok desk-notice' : 'desk-notice'} data-testid="desk-notice">{notice}</p>
      {children}
    </DeskNoticeContext.Provider>
  );
}

/**
 * The answer editor: the text is saved as a private draft a second after the guest stops typing (and when the
 * field loses focus to something other than 发布答复), with “草稿已保存 HH:mm:ss”; 发布答复 publishes it to everyone.
 *
 * Issue 12, item 1: 发布答复 clicked within a second of the last keystroke used to publish nothing. The click
 * blurred the field, the blur started a draft save whose “正在保存草稿…” line appeared between the button's
 * mousedown and mouseup and pushed the button down (27 px, measured), so the mouseup landed outside it and no
 * click — no submit — happened; only “草稿已保存” followed. Now the status line always takes its place (no layout
 * shift), a blur towards this form's own button saves nothing (the publish carries the text), and once publishing
 * has started no autosave starts and a late autosave's answer is not shown: the server refuses a draft for an
 * answered question anyway (saveDraft). The button says 正在发布… while pending, and the desk confirms.
 */
export function AnswerEditor({ interviewId, questionId, question, draft, publishHint }: { interviewId: string; questionId: string; question: string; draft: string | null; publishHint?: string }) {
  const t = useTranslations('interviewsStaff.desk');
  const locale = useLocale();
  const notify = useContext(DeskNoticeContext);
  const publishing = useRef(false);
  const [state, action, pending] = useActionState(async (previous: FormState, form: FormData) => {
    let result: FormState;
    try {
      result = await publishAnswerForm(interviewId, questionId, previous, form);
    } catch {
      // The request itself failed (network, server restart): say so; nothing was published.
      result = { ok: false, message: t('publishFailed'), fields: {}, values: { body: String(form.get('body') ?? '') }, at: Date.now() };
    }
    publishing.current = false;
    if (result.ok) notify(t('published', { time: formatClock(new Date().toISOString(), locale), question: question.length > 40 ? `${question.slice(0, 40)}…` : question }));
    return result;
  }, INITIAL_FORM_STATE);
  const [draftStatus, setDraftStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'error'; text?: string }>({ kind: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const lastSaved = useRef(draft ?? '');
  const id = useId();
  const fieldId = `${id}-body`;
  const error = state.fields.body;

  useEffect(() => () => clearTimeout(timer.current), []);

  const save = async (text: string) => {
    clearTimeout(timer.current);
    if (publishing.current || text === lastSaved.current) return;
    setDraftStatus({ kind: 'saving' });
    const result = await saveDraftAction(questionId, text);
    // 发布答复 was pressed meanwhile: its outcome is what counts, not this draft's.
    if (publishing.current) return;
    if (result.ok) {
      lastSaved.current = text;
      setDraftStatus({ kind: 'saved', text: t('draftSaved', { time: formatClock(result.data!, locale) }) });
    } else {
      setDraftStatus({ kind: 'error', text: result.message ?? undefined });
    }
  };

  const describedBy = [`${fieldId}-hint`, error ? `${fieldId}-error` : '', `${fieldId}-draft`].filter(Boolean).join(' ');
  return (
    <form action={action} className="form form-wide" aria-busy={pending} noValidate
      onSubmit={() => {
        clearTimeout(timer.current);
        publishing.current = true;
        setDraftStatus({ kind: 'idle' });
      }}>
      <div className="field">
        <label htmlFor={fieldId}>{t('answerLabel')}</label>
        <span className="hint" id={`${fieldId}-hint`}>{t('answerHint')}</span>
        <textarea
          id={fieldId}
          name="body"
          rows={5}
          defaultValue={state.values?.body ?? draft ?? ''}
          data-user-content=""
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onInput={(e) => {
            const text = e.currentTarget.value;
            clearTimeout(timer.current);
            if (!publishing.current) timer.current = setTimeout(() => void save(text), AUTOSAVE_MS);
          }}
          onBlur={(e) => {
            // Focus going to this form's 发布答复: the publish takes the text; a draft save now would only race it.
            if (e.relatedTarget instanceof HTMLElement && e.relatedTarget.closest('form') === e.currentTarget.form) {
              clearTimeout(timer.current);
              return;
            }
            void save(e.currentTarget.value);
          }}
        />
        {error ? <span className="field-error" id={`${fieldId}-error`}>{error}</span> : null}
        {/* Always one line tall, empty or not: its text must never move the button under the pointer. */}
        <span id={`${fieldId}-draft`} role="status" className={draftStatus.kind === 'error' ? 'field-error draft-status' : 'draft-status'} data-testid="draft-status">
          {draftStatus.kind === 'saving' ? t('draftSaving') : draftStatus.text ?? ''}
        </span>
      </div>
      <div className="inline-form">
        <button type="submit" disabled={pending}>{pending ? t('publishing') : t('publish')}</button>
        {publishHint ? <span className="hint">{publishHint}</span> : null}
        <Outcome state={state} />
      </div>
    </form>
  );
}

/**
 * 更正: replaces a published answer for everyone; the first text and every earlier one stay in the record. Offered
 * to the answer's author and to moderators; a moderator (`withReason`) says why — the public sees who corrected.
 */
export function CorrectionForm({ interviewId, questionId, body, withReason }: { interviewId: string; questionId: string; body: string; withReason?: boolean }) {
  const t = useTranslations('interviewsStaff.desk');
  const ts = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(correctAnswerForm.bind(null, interviewId, questionId), INITIAL_FORM_STATE);
  const id = useId();
  const fieldId = `${id}-body`;
  const reasonId = `${id}-reason`;
  const error = state.fields.body;
  const reasonError = state.fields.reason;
  return (
    <details className="action-details">
      <summary>{t('correct')}</summary>
      <form action={action} className="form form-wide" aria-busy={pending} noValidate>
        {/* As on citizen forms: what went wrong, focused, each error linking to its field. */}
        <ErrorSummary title={t('correctionErrorTitle')} errors={state.ok ? {} : state.fields} message={state.ok ? null : state.message}
          fieldId={(field) => (field === 'reason' ? reasonId : field === 'body' ? fieldId : `${id}-${field}`)} />
        <div className="field">
          <label htmlFor={fieldId}>{t('correctionLabel')}</label>
          <span className="hint" id={`${fieldId}-hint`}>{t('correctionHint')}</span>
          <textarea id={fieldId} name="body" rows={5} defaultValue={state.values?.body ?? body} data-user-content="" aria-invalid={error ? true : undefined}
            aria-describedby={[`${fieldId}-hint`, error ? `${fieldId}-error` : ''].filter(Boolean).join(' ')} />
          {error ? <span className="field-error" id={`${fieldId}-error`}>{error}</span> : null}
        </div>
        {withReason ? (
          <div className="field">
            <label htmlFor={reasonId}>{t('correctionReason')}</label>
            <span className="hint" id={`${reasonId}-hint`}>{t('correctionReasonHint')}</span>
            <input id={reasonId} name="reason" type="text" maxLength={200} defaultValue={state.values?.reason ?? ''} aria-invalid={reasonError ? true : undefined}
              aria-describedby={[`${reasonId}-hint`, reasonError ? `${reasonId}-error` : ''].filter(Boolean).join(' ')} />
            {reasonError ? <span className="field-error" id={`${reasonId}-error`}>{reasonError}</span> : null}
          </div>
        ) : null}
        <div className="inline-form">
          <button type="submit" disabled={pending}>{pending ? ts('submitting') : t('publishCorrection')}</button>
          <Outcome state={state} okText={t('corrected')} />
        </div>
      </form>
    </details>
  );
}
