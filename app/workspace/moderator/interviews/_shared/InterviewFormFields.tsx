'use client';

import { Marked } from '@/app/_components/Marked';
import { useTranslations } from 'next-intl';
import { FieldError } from '@/app/_components/FormErrors';
import type { FormState } from '@/lib/forms/state';

export interface Option {
  id: string;
  name: string;
}

export type LeaderChoice = Option & { title: string | null; department: string | null };

/** id, name, aria-invalid and aria-describedby (hint and error) of one field; ids match the error summary's links. */
function fieldProps(state: FormState, name: string, hint = false) {
  const id = `field-${name}`;
  const error = state.fields[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, name, 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': describedBy || undefined };
}

/**
 * The fields of an interview, shared by the create and the edit form: title, summary, guests (leader accounts with
 * this interview's title and order), department, schedule (Beijing time), cover image and question quota; the edit
 * form adds the host. `values` are the form's current text values: what was sent (a refused form keeps its input)
 * or, when editing, the stored interview. Guest ids are one comma-separated value; per guest `guestTitle.<id>` and
 * `guestOrder.<id>`.
 */
export function InterviewFormFields({ state, values, leaders, departments, hosts, guestsHint }: {
  state: FormState;
  values: Record<string, string>;
  leaders: LeaderChoice[];
  departments: Option[];
  /** Moderators who may host; omitted on the create form (the creator hosts). */
  hosts?: Option[];
  guestsHint?: string;
}) {
  const t = useTranslations('interviewsStaff.create');
  const tm = useTranslations('interviewsManage.form');
  const v = values;
  const chosen = (v.guestIds ?? '').split(',').filter(Boolean);
  const guestError = state.fields.guestIds ?? state.fields.guestTitles;
  // Chosen guests first, in their order; the other leaders after them as listed.
  const rows = [...chosen.map((id) => leaders.find((l) => l.id === id)).filter((l): l is LeaderChoice => Boolean(l)), ...leaders.filter((l) => !chosen.includes(l.id))];

  return (
    <>
      <div className="field">
        <label htmlFor="field-title">{t('title')}</label>
        <span className="hint" id="field-title-hint">{t('titleHint')}</span>
        <input type="text" required maxLength={60} defaultValue={v.title ?? ''} {...fieldProps(state, 'title', true)} />
        <FieldError id="field-title" error={state.fields.title} />
      </div>

      <div className="field">
        <label htmlFor="field-summary">{t('summary')}</label>
        <span className="hint" id="field-summary-hint">{t('summaryHint')}</span>
        <textarea rows={5} required maxLength={2000} defaultValue={v.summary ?? ''} data-user-content="" {...fieldProps(state, 'summary', true)} />
        <FieldError id="field-summary" error={state.fields.summary} />
      </div>

      <fieldset id="field-guestIds" aria-describedby={['field-guestIds-hint', guestError ? 'field-guestIds-error' : ''].filter(Boolean).join(' ')}>
        <legend>{t('guests')}</legend>
        <span className="hint" id="field-guestIds-hint">{guestsHint ?? t('guestsHint')}</span>
        {leaders.length === 0 ? <p className="notice">{t('noLeaders')}</p> : null}
        <ul className="guest-choices">
          {rows.map((l) => {
            const titleName = `guestTitle.${l.id}`;
            const orderName = `guestOrder.${l.id}`;
            const titleError = state.fields[`guestTitles.${l.id}`];
            const position = chosen.indexOf(l.id);
            return (
              <li key={l.id}>
                <label className="choice">
                  <input type="checkbox" name="guestIds" value={l.id} defaultChecked={position >= 0} />{' '}
                  {/* One span: the checkbox's accessible name stays "王局长（副局长）" (pieces in separate elements get spaces between them). */}
                  <span data-user-content="">{l.title ? t('guestOption', { name: l.name, title: l.title }) : l.name}</span>
                  {l.department ? <span className="muted"> · <span data-user-content="">{l.department}</span></span> : null}
                </label>
                <label className="sr-only" htmlFor={`field-guestTitles.${l.id}`}><Marked text={t('guestTitle', { name: l.name })} user={[l.name]} /></label>
                <input
                  type="text"
                  id={`field-guestTitles.${l.id}`}
                  name={titleName}
                  className="guest-title"
                  maxLength={40}
                  placeholder={t('guestTitlePlaceholder')}
                  defaultValue={v[titleName] ?? l.title ?? ''}
                  aria-invalid={titleError ? true : undefined}
                  aria-describedby={titleError ? `field-guestTitles.${l.id}-error` : undefined}
                />
                <label className="sr-only" htmlFor={`field-guestOrder.${l.id}`}><Marked text={tm('guestOrder', { name: l.name })} user={[l.name]} /></label>
                <input
                  type="number"
                  id={`field-guestOrder.${l.id}`}
                  name={orderName}
                  className="guest-order"
                  inputMode="numeric"
                  min={1}
                  max={6}
                  step={1}
                  placeholder={tm('guestOrderPlaceholder')}
                  defaultValue={v[orderName] ?? (position >= 0 ? String(position + 1) : '')}
                />
                <FieldError id={`field-guestTitles.${l.id}`} error={titleError} />
              </li>
            );
          })}
        </ul>
        <FieldError id="field-guestIds" error={guestError} />
      </fieldset>

      {hosts ? (
        <div className="field">
          <label htmlFor="field-hostId">{tm('host')}</label>
          <span className="hint" id="field-hostId-hint">{tm('hostHint')}</span>
          <select defaultValue={v.hostId ?? ''} {...fieldProps(state, 'hostId', true)}>
            {hosts.map((h) => <option key={h.id} value={h.id} data-user-content="">{h.name}</option>)}
          </select>
          <FieldError id="field-hostId" error={state.fields.hostId} />
        </div>
      ) : null}

      <div className="field">
        <label htmlFor="field-departmentId">{t('department')}</label>
        <select defaultValue={v.departmentId ?? ''} {...fieldProps(state, 'departmentId')}>
          <option value="">{t('noDepartment')}</option>
          {departments.map((d) => <option key={d.id} value={d.id} data-user-content="">{d.name}</option>)}
        </select>
        <FieldError id="field-departmentId" error={state.fields.departmentId} />
      </div>

      <div className="field-row">
        <div className="field">
          <label htmlFor="field-scheduledStart">{t('start')}</label>
          <span className="hint" id="field-scheduledStart-hint">{t('beijingTime')}</span>
          <input type="datetime-local" required defaultValue={v.scheduledStart ?? ''} {...fieldProps(state, 'scheduledStart', true)} />
          <FieldError id="field-scheduledStart" error={state.fields.scheduledStart} />
        </div>
        <div className="field">
          <label htmlFor="field-scheduledEnd">{t('end')}</label>
          <span className="hint" id="field-scheduledEnd-hint">{t('beijingTime')}</span>
          <input type="datetime-local" required defaultValue={v.scheduledEnd ?? ''} {...fieldProps(state, 'scheduledEnd', true)} />
          <FieldError id="field-scheduledEnd" error={state.fields.scheduledEnd} />
        </div>
      </div>

      <div className="field">
        <label htmlFor="field-coverImageUrl">{t('cover')}</label>
        <span className="hint" id="field-coverImageUrl-hint">{t('coverHint')}</span>
        <input type="text" inputMode="url" maxLength={500} defaultValue={v.coverImageUrl ?? ''} {...fieldProps(state, 'coverImageUrl', true)} />
        <FieldError id="field-coverImageUrl" error={state.fields.coverImageUrl} />
      </div>

      <div className="field">
        <label htmlFor="field-questionQuota">{t('quota')}</label>
        <span className="hint" id="field-questionQuota-hint">{t('quotaHint')}</span>
        <input type="number" inputMode="numeric" min={1} max={50} step={1} defaultValue={v.questionQuota ?? '5'} {...fieldProps(state, 'questionQuota', true)} />
        <FieldError id="field-questionQuota" error={state.fields.questionQuota} />
      </div>
    </>
  );
}
