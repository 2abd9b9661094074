'use client';

import { useActionState, useId, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { DANGER, StaffErrorSummary } from '../_shared/StaffErrors';
import { questionActionForm, remarkForm } from '../actions';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';
import { REJECT_REASONS } from '@/lib/interviews/event-types';

/**
 * The form's outcome, announced politely: the success text, or — for a form without fields (approve, star) — the
 * operation's message. Forms with fields show their errors in an error summary, as citizen forms do.
 */
function Outcome({ state, okText, summary }: { state: FormState; okText?: string; summary?: boolean }) {
  const text = state.ok ? okText ?? '' : summary ? '' : [state.message, ...Object.values(state.fields)].filter(Boolean).join(' ');
  return <span role="status" className={state.ok ? 'tag tag-ok' : text ? 'field-error' : undefined}>{text}</span>;
}

/** One moderation action on one question as its own small form; `fields` renders the inputs it needs. */
function QuestionForm({ interviewId, questionId, action, submit, fields, okText, className = 'inline-form', shortcut }: {
  interviewId: string;
  questionId: string;
  action: string;
  submit: string;
  okText?: string;
  className?: string;
  fields?: (state: FormState, id: string) => ReactNode;
  /** The console's keyboard shortcut (ConsoleShortcuts) that presses this form's button. */
  shortcut?: { name: string; key: string };
}) {
  const t = useTranslations('interviewsStaff');
  const [state, formAction, pending] = useActionState(questionActionForm.bind(null, interviewId, questionId), INITIAL_FORM_STATE);
  const id = useId();
  const buttonClass = action === 'approve' ? undefined : action === 'reject' ? DANGER : 'button-secondary';
  return (
    <form action={formAction} className={className} aria-busy={pending} noValidate>
      {fields ? <StaffErrorSummary state={state} formId={id} /> : null}
      <input type="hidden" name="action" value={action} />
      {fields?.(state, id)}
      <button type="submit" disabled={pending} className={buttonClass} data-shortcut={shortcut?.name} aria-keyshortcuts={shortcut?.key}>
        {pending ? t('submitting') : submit}
      </button>
      <Outcome state={state} okText={okText} summary={Boolean(fields)} />
    </form>
  );
}

/**
 * 不予采用: a reason from the fixed list (required; the asker is told it) and an optional note to the asker. R on a
 * focused card opens this and focuses the list (ConsoleShortcuts): arrow keys choose, Tab, Enter confirms.
 */
function RejectFields({ id, state }: { id: string; state: FormState }) {
  const t = useTranslations('interviewsStaff.console');
  const fieldId = `${id}-reason`;
  const error = state.fields.reason;
  return (
    <>
      <div className="field">
        <label htmlFor={fieldId}>{t('rejectReason')}</label>
        <span className="hint" id={`${fieldId}-hint`}>{t('rejectHint')}</span>
        <select id={fieldId} name="reason" defaultValue={state.values?.reason ?? ''} data-reject-reason
          aria-invalid={error ? true : undefined} aria-describedby={[`${fieldId}-hint`, error ? `${fieldId}-error` : ''].filter(Boolean).join(' ')}>
          <option value="">{t('rejectChoose')}</option>
          {REJECT_REASONS.map((code) => <option key={code} value={code}>{t(`reasons.${code}`)}</option>)}
        </select>
        {error ? <span className="field-error" id={`${fieldId}-error`}>{error}</span> : null}
      </div>
      <TextField id={id} name="note" label={t('rejectNote')} hint={t('rejectNoteHint')} state={state} rows={2} />
    </>
  );
}

function TextField({ id, name, label, hint, state, defaultValue = '', rows = 3 }: {
  id: string; name: string; label: string; hint?: string; state: FormState; defaultValue?: string; rows?: number;
}) {
  const fieldId = `${id}-${name}`;
  const error = state.fields[name];
  const describedBy = [hint ? `${fieldId}-hint` : '', error ? `${fieldId}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      {hint ? <span className="hint" id={`${fieldId}-hint`}>{hint}</span> : null}
      <textarea id={fieldId} name={name} rows={rows} defaultValue={state.values?.[name] ?? defaultValue} data-user-content="" aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      {error ? <span className="field-error" id={`${fieldId}-error`}>{error}</span> : null}
    </div>
  );
}

export interface MergeTarget {
  id: string;
  label: string;
}

/**
 * The moderator's actions on one question (DESIGN.md §5): 采用 (pending), 标星 / 取消标星, 编辑 (the original is
 * kept), 不予采用 with a reason from the list (and a note) the asker is told, 合并到… another question of the interview.
 */
export function QuestionModeration({ interviewId, question, mergeTargets }: {
  interviewId: string;
  question: { id: string; body: string; status: string; starred: boolean };
  mergeTargets: MergeTarget[];
}) {
  const t = useTranslations('interviewsStaff.console');
  const common = { interviewId, questionId: question.id };
  const open = question.status === 'pending' || question.status === 'approved';
  return (
    <div className="question-actions">
      <div className="button-row">
        {question.status === 'pending' ? <QuestionForm {...common} action="approve" submit={t('approve')} shortcut={{ name: 'approve', key: 'A' }} /> : null}
        {open ? (
          <QuestionForm {...common} action={question.starred ? 'unstar' : 'star'} submit={question.starred ? t('unstar') : t('star')} shortcut={{ name: 'star', key: 'S' }} />
        ) : null}
      </div>
      {question.status !== 'rejected' && question.status !== 'merged' ? (
        <details className="action-details">
          <summary>{t('edit')}</summary>
          <QuestionForm {...common} action="edit" submit={t('saveEdit')} okText={t('edited')} className="form form-wide"
            fields={(state, id) => <TextField id={id} name="body" label={t('editLabel')} hint={t('editHint')} state={state} defaultValue={question.body} />} />
        </details>
      ) : null}
      {open ? (
        <details className="action-details action-danger" data-shortcut="reject">
          <summary aria-keyshortcuts="R">{t('reject')}</summary>
          <QuestionForm {...common} action="reject" submit={t('confirmReject')} className="form form-wide"
            fields={(state, id) => <RejectFields id={id} state={state} />} />
        </details>
      ) : null}
      {open && mergeTargets.length ? (
        <details className="action-details">
          <summary>{t('merge')}</summary>
          <QuestionForm {...common} action="merge" submit={t('confirmMerge')} className="form form-wide"
            fields={(state, id) => (
              <div className="field">
                <label htmlFor={`${id}-intoQuestionId`}>{t('mergeInto')}</label>
                <span className="hint" id={`${id}-into-hint`}>{t('mergeHint')}</span>
                <select id={`${id}-intoQuestionId`} name="intoQuestionId" defaultValue={state.values?.intoQuestionId ?? ''} aria-describedby={`${id}-into-hint`}
                  aria-invalid={state.fields.intoQuestionId ? true : undefined}>
                  <option value="">{t('mergeChoose')}</option>
                  {mergeTargets.map((m) => <option key={m.id} value={m.id} data-user-content="">{m.label}</option>)}
                </select>
                {state.fields.intoQuestionId ? <span className="field-error">{state.fields.intoQuestionId}</span> : null}
              </div>
            )} />
        </details>
      ) : null}
    </div>
  );
}

/** 主持人发言: a remark shown to everyone in the interview and kept in the transcript. */
export function RemarkForm({ interviewId }: { interviewId: string }) {
  const t = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(remarkForm.bind(null, interviewId), INITIAL_FORM_STATE);
  const id = useId();
  return (
    <form action={action} className="form form-wide" aria-busy={pending} noValidate>
      <StaffErrorSummary state={state} formId={id} />
      <TextField id={id} name="body" label={t('console.remarkLabel')} hint={t('console.remarkHint')} state={state} />
      <div className="inline-form">
        <button type="submit" disabled={pending}>{pending ? t('submitting') : t('console.postRemark')}</button>
        <Outcome state={state} okText={t('console.remarkPosted')} summary />
      </div>
    </form>
  );
}
