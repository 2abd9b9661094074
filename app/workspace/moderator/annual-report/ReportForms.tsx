'use client';

import { useActionState } from 'react';
import type { FormState } from '@/lib/forms/state';
import { useTranslations } from 'next-intl';
import { ErrorSummary, FieldError } from '@/app/_components/FormErrors';
import { publishReportForm, refreshFiguresForm, saveReportForm } from './actions';

const INITIAL: FormState = { ok: false, message: null, fields: {} };

const KEYS = ['overview', 'proactive', 'applications', 'problems', 'other'] as const;

/** The five text sections of the report, saved together with the version they were read at (409 when stale). */
export function SectionsForm({ year, version, sections }: { year: number; version: number; sections: Record<(typeof KEYS)[number], string> }) {
  const t = useTranslations('annualReport');
  const [state, action, pending] = useActionState(saveReportForm, INITIAL);
  return (
    <form action={action} className="report-form" aria-busy={pending} aria-labelledby="report-form-heading" noValidate>
      <h2 id="report-form-heading">{t('workspace.formHeading')}</h2>
      <ErrorSummary title={t('workspace.errorTitle')} errors={state.fields} message={state.message} />
      <input type="hidden" name="year" value={year} />
      <input type="hidden" name="version" value={version} />
      {KEYS.map((key) => {
        const name = `sections.${key}`;
        const id = `field-${name}`;
        const error = state.fields[name];
        return (
          <div className="field" key={key}>
            <label htmlFor={id}>{t(`sections.${key}`)}</label>
            <span className="hint" id={`${id}-hint`}>{t('workspace.sectionHint')}</span>
            <textarea
              id={id}
              name={name}
              rows={6}
              defaultValue={state.values?.[name] ?? sections[key]}
              aria-invalid={error ? true : undefined}
              aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
            />
            <FieldError id={id} error={error} />
          </div>
        );
      })}
      <button type="submit" disabled={pending}>{pending ? t('workspace.saving') : t('workspace.save')}</button>{' '}
      <span role="status">{state.ok ? t('workspace.saved') : ''}</span>
    </form>
  );
}

/** The report's one-button steps: its action and its words (annualReport.workspace). */
const STEPS = {
  // 发布年度报告.
  publish: { action: publishReportForm, label: 'publish', pending: 'publishing', hint: 'publishHint', ok: 'publishedOk' },
  // 更新数据 of a published report whose figures changed since (its page and PDF then show the current ones).
  refresh: { action: refreshFiguresForm, label: 'refreshFigures', pending: 'refreshing', hint: 'refreshHint', ok: 'refreshedOk' },
} as const;

/** One step on the report (publish, 更新数据): a button with its consequence as a hint, the outcome read out. */
export function ReportStepForm({ step, year, version, disabled = false }: { step: keyof typeof STEPS; year: number; version: number; disabled?: boolean }) {
  const t = useTranslations('annualReport.workspace');
  const words = STEPS[step];
  const [state, action, pending] = useActionState(words.action, INITIAL);
  const hintId = `${step}-hint`;
  return (
    <form action={action} className="inline-form" aria-busy={pending}>
      <input type="hidden" name="year" value={year} />
      <input type="hidden" name="version" value={version} />
      <button type="submit" disabled={pending || disabled} aria-describedby={hintId}>{pending ? t(words.pending) : t(words.label)}</button>
      <span className="hint" id={hintId}>{t(words.hint)}</span>
      <span role="status" className={state.ok ? undefined : 'field-error'}>{state.ok ? t(words.ok) : state.message}</span>
    </form>
  );
}
