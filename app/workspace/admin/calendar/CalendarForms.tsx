'use client';

import { useActionState } from 'react';
import type { FormState } from '@/lib/forms/state';
import { useTranslations } from 'next-intl';
import { FieldError } from '@/app/_components/FormErrors';
import { deleteDay, saveDay, saveDeadlines, saveYear } from './actions';

const INITIAL: FormState = { ok: false, message: null, fields: {} };
const DEADLINE_KEYS = ['inquiry', 'suggestion', 'complaint', 'triage'] as const;

/** id, name, aria-invalid and aria-describedby (hint and error) of one field of a form. */
function fieldProps(state: FormState, prefix: string, name: string, hintId?: string) {
  const error = state.fields[name];
  const describedBy = [hintId, error ? `${prefix}-${name}-error` : undefined].filter(Boolean).join(' ');
  return { id: `${prefix}-${name}`, name, 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': describedBy || undefined };
}

/** The form's outcome, announced politely; errors of fields the form does not show are spelled out here. */
function FormStatus({ state, shown, okText }: { state: FormState; shown: readonly string[]; okText: string }) {
  const others = Object.entries(state.fields).filter(([field]) => !shown.includes(field)).map(([, message]) => message);
  const text = state.ok ? okText : [state.message, ...others].filter(Boolean).join(' ');
  return (
    <span role="status" className={state.ok ? 'tag tag-ok' : text ? 'field-error' : undefined}>
      {text}
    </span>
  );
}

export function DeadlinesForm({ limits }: { limits: Record<(typeof DEADLINE_KEYS)[number], number> & { applicationReplyDays: number } }) {
  const t = useTranslations('calendarAdmin');
  const [state, action, pending] = useActionState(saveDeadlines, INITIAL);
  const prefix = 'deadline';
  return (
    <form action={action} className="form" aria-busy={pending} noValidate>
      {DEADLINE_KEYS.map((key) => (
        <div className="field" key={key}>
          <label htmlFor={`${prefix}-${key}`}>{t(key)}</label>
          <span className="hint" id={`${prefix}-${key}-hint`}>{t('daysHint')}</span>
          <input type="number" inputMode="numeric" min={1} max={60} step={1} required
            defaultValue={state.values?.[key] ?? limits[key]} {...fieldProps(state, prefix, key, `${prefix}-${key}-hint`)} />
          <FieldError id={`${prefix}-${key}`} error={state.fields[key]} />
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${prefix}-applicationReplyDays`}>{t('applicationReplyDays')}</label>
        <span className="hint" id={`${prefix}-applicationReplyDays-hint`}>{t('applicationReplyDaysHint')}</span>
        <input type="number" inputMode="numeric" min={1} max={20} step={1} required
          defaultValue={state.values?.applicationReplyDays ?? limits.applicationReplyDays} {...fieldProps(state, prefix, 'applicationReplyDays', `${prefix}-applicationReplyDays-hint`)} />
        <FieldError id={`${prefix}-applicationReplyDays`} error={state.fields.applicationReplyDays} />
      </div>
      <div className="inline-form">
        <button type="submit" disabled={pending}>{t('save')}</button>
        <FormStatus state={state} shown={[...DEADLINE_KEYS, 'applicationReplyDays']} okText={t('saved')} />
      </div>
    </form>
  );
}

/** A year's status and source; with `isNew` the year itself is a field (adding a year). */
export function YearForm(props: { year: number; status: 'announced' | 'provisional'; source: string; isNew?: boolean }) {
  const t = useTranslations('calendarAdmin');
  const [state, action, pending] = useActionState(saveYear, INITIAL);
  const prefix = props.isNew ? 'new-year' : `year-${props.year}`;
  const shown = props.isNew ? ['year', 'status', 'source'] : ['status', 'source'];
  return (
    <form action={action} className="form" aria-busy={pending} noValidate>
      {props.isNew ? (
        <div className="field">
          <label htmlFor={`${prefix}-year`}>{t('year')}</label>
          <span className="hint" id={`${prefix}-year-hint`}>{t('yearHint')}</span>
          <input type="number" inputMode="numeric" min={2000} max={2100} step={1} required
            defaultValue={state.values?.year ?? props.year} {...fieldProps(state, prefix, 'year', `${prefix}-year-hint`)} />
          <FieldError id={`${prefix}-year`} error={state.fields.year} />
        </div>
      ) : (
        <input type="hidden" name="year" value={props.year} />
      )}
      <div className="field">
        <label htmlFor={`${prefix}-status`}>{t('status')}</label>
        <select defaultValue={state.values?.status ?? props.status} {...fieldProps(state, prefix, 'status')}>
          <option value="announced">{t('announced')}</option>
          <option value="provisional">{t('provisional')}</option>
        </select>
        <FieldError id={`${prefix}-status`} error={state.fields.status} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-source`}>{t('source')}</label>
        <span className="hint" id={`${prefix}-source-hint`}>{t('sourceHint')}</span>
        <input type="text" required maxLength={200} defaultValue={state.values?.source ?? props.source}
          {...fieldProps(state, prefix, 'source', `${prefix}-source-hint`)} />
        <FieldError id={`${prefix}-source`} error={state.fields.source} />
      </div>
      <div className="inline-form">
        <button type="submit" disabled={pending}>{props.isNew ? t('addYear') : t('save')}</button>
        <FormStatus state={state} shown={shown} okText={t('saved')} />
      </div>
    </form>
  );
}

/** Adds a holiday or make-up workday to a year, or replaces the entry of that date. */
export function DayForm({ year }: { year: number }) {
  const t = useTranslations('calendarAdmin');
  const [state, action, pending] = useActionState(saveDay, INITIAL);
  const prefix = `day-${year}`;
  return (
    <form action={action} className="form" aria-busy={pending} noValidate>
      <div className="field">
        <label htmlFor={`${prefix}-day`}>{t('day')}</label>
        <span className="hint" id={`${prefix}-day-hint`}>{t('dayHint')}</span>
        <input type="date" required min={`${year}-01-01`} max={`${year}-12-31`} defaultValue={state.values?.day ?? ''}
          {...fieldProps(state, prefix, 'day', `${prefix}-day-hint`)} />
        <FieldError id={`${prefix}-day`} error={state.fields.day} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-kind`}>{t('kind')}</label>
        <select defaultValue={state.values?.kind ?? 'holiday'} {...fieldProps(state, prefix, 'kind', `${prefix}-day-hint`)}>
          <option value="holiday">{t('holiday')}</option>
          <option value="workday">{t('workday')}</option>
        </select>
        <FieldError id={`${prefix}-kind`} error={state.fields.kind} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-name`}>{t('name')}</label>
        <span className="hint" id={`${prefix}-name-hint`}>{t('nameHint')}</span>
        <input type="text" required maxLength={20} defaultValue={state.values?.name ?? ''}
          {...fieldProps(state, prefix, 'name', `${prefix}-name-hint`)} />
        <FieldError id={`${prefix}-name`} error={state.fields.name} />
      </div>
      <div className="inline-form">
        <button type="submit" disabled={pending}>{t('saveDay')}</button>
        <FormStatus state={state} shown={['day', 'kind', 'name']} okText={t('saved')} />
      </div>
    </form>
  );
}

export function RemoveDayForm({ day, name }: { day: string; name: string }) {
  const t = useTranslations('calendarAdmin');
  const [state, action, pending] = useActionState(deleteDay, INITIAL);
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="day" value={day} />
      <button type="submit" className="button-secondary" disabled={pending} aria-label={t('removeLabel', { day, name })}>
        {t('remove')}
      </button>
      <FormStatus state={state} shown={[]} okText={t('removed')} />
    </form>
  );
}
