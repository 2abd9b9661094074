'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { INITIAL_FORM_STATE } from '@/lib/forms/state';
import { ErrorSummary, FieldError, fieldProps } from '@/app/_components/FormErrors';
import { enterLetterForm } from './actions';
import { TopicPicker, type DistrictOption, type TopicOption } from '@/app/letters/new/TopicPicker';

const CHANNELS = ['phone', 'paper', 'in_person', 'email', 'hotline_12345'] as const;
const KINDS = ['inquiry', 'complaint', 'suggestion'] as const;
const KIND_LABEL: Record<(typeof KINDS)[number], string> = { inquiry: '咨询', complaint: '投诉', suggestion: '建议' };

/** Errors of the nested person fields (onBehalfOf.name …) shown at the form's own fields. */
function flatten(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^onBehalfOf\./, ''), v]));
}

/**
 * The staff intake form (a server action: works without JavaScript). Errors appear in a summary that takes focus
 * and at each field, as on the citizen's letter form.
 */
export function IntakeForm({ departments, ownOnly, today, idempotencyKey, topics = [], districts = [], en = false }: {
  departments: Array<{ id: string; name: string }>; ownOnly: boolean; today: string; idempotencyKey: string;
  /** 诉求分类 (lib/topics): the same picker as the citizen's write form (app/letters/new/TopicPicker). */
  topics?: TopicOption[]; districts?: DistrictOption[]; en?: boolean;
}) {
  const t = useTranslations('letterIntake');
  const [raw, action, pending] = useActionState(enterLetterForm, INITIAL_FORM_STATE);
  const state = { ...raw, fields: flatten(raw.fields) };
  const value = (name: string, fallback = '') => state.values?.[name] ?? fallback;
  const key = String(state.at ?? 0);
  // The picker suggests topics from the title and body as they are typed, and keeps what was chosen after a failure.
  const [text, setText] = useState({ title: value('title'), body: value('body') });
  const [topic, setTopic] = useState({ topicId: value('topicId'), districtId: value('districtId'), place: value('place') });
  return (
    <form action={action} className="form form-wide" aria-busy={pending} noValidate>
      <ErrorSummary title={t('errorTitle')} errors={state.fields} message={state.message} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <fieldset>
        <legend>{t('personHeading')}</legend>
        <div className="field">
          <label htmlFor="field-name">{t('name')}</label>
          <input {...fieldProps(state, 'name')} type="text" autoComplete="off" maxLength={60} defaultValue={value('name')} key={`name-${key}`} />
          <FieldError id="field-name" error={state.fields.name} />
        </div>
        <div className="field">
          <label htmlFor="field-phone">{t('phone')}</label>
          <span className="hint" id="field-phone-hint">{t('phoneHint')}</span>
          <input {...fieldProps(state, 'phone', true)} type="tel" autoComplete="off" maxLength={20} defaultValue={value('phone')} key={`phone-${key}`} />
          <FieldError id="field-phone" error={state.fields.phone} />
        </div>
        <div className="field">
          <label htmlFor="field-email">{t('email')}</label>
          <span className="hint" id="field-email-hint">{t('emailHint')}</span>
          <input {...fieldProps(state, 'email', true)} type="email" autoComplete="off" maxLength={254} defaultValue={value('email')} key={`email-${key}`} />
          <FieldError id="field-email" error={state.fields.email} />
        </div>
        <div className="field">
          <label htmlFor="field-locale">{t('locale')}</label>
          <span className="hint" id="field-locale-hint">{t('localeHint')}</span>
          <select {...fieldProps(state, 'locale', true)} defaultValue={value('locale', 'zh-CN')} key={`locale-${key}`}>
            <option value="zh-CN">{t('localeZh')}</option>
            <option value="en">{t('localeEn')}</option>
          </select>
          <FieldError id="field-locale" error={state.fields.locale} />
        </div>
        <fieldset className="field" id="field-consentToPublish" aria-describedby={['field-consentToPublish-hint', state.fields.consentToPublish ? 'field-consentToPublish-error' : ''].filter(Boolean).join(' ')}>
          <legend>{t('consent')}</legend>
          <span className="hint" id="field-consentToPublish-hint">{t('consentHint')}</span>
          <label className="choice"><input type="radio" name="consentToPublish" value="yes" defaultChecked={value('consentToPublish') === 'yes'} key={`cy-${key}`} /> {t('consentYes')}</label>
          <label className="choice"><input type="radio" name="consentToPublish" value="no" defaultChecked={value('consentToPublish') === 'no'} key={`cn-${key}`} /> {t('consentNo')}</label>
          <FieldError id="field-consentToPublish" error={state.fields.consentToPublish} />
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>{t('letterHeading')}</legend>
        <div className="field">
          <label htmlFor="field-channel">{t('channel')}</label>
          <select {...fieldProps(state, 'channel')} defaultValue={value('channel', 'phone')} key={`channel-${key}`}>
            {CHANNELS.map((c) => <option key={c} value={c}>{t(`channels.${c}`)}</option>)}
          </select>
          <FieldError id="field-channel" error={state.fields.channel} />
        </div>
        <div className="field">
          <label htmlFor="field-receivedOn">{t('receivedOn')}</label>
          <span className="hint" id="field-receivedOn-hint">{t('receivedOnHint')}</span>
          <input {...fieldProps(state, 'receivedOn', true)} type="date" max={today} defaultValue={value('receivedOn', today)} key={`received-${key}`} />
          <FieldError id="field-receivedOn" error={state.fields.receivedOn} />
        </div>
        <fieldset className="field" id="field-kind" aria-describedby={state.fields.kind ? 'field-kind-error' : undefined}>
          <legend>{t('kind')}</legend>
          {KINDS.map((k) => (
            <label key={k} className="choice"><input type="radio" name="kind" value={k} defaultChecked={value('kind') === k} key={`kind-${k}-${key}`} /> {KIND_LABEL[k]}</label>
          ))}
          <FieldError id="field-kind" error={state.fields.kind} />
        </fieldset>
        <div className="field">
          <label htmlFor="field-departmentId">{t('department')}</label>
          <span className="hint" id="field-departmentId-hint">{ownOnly ? t('departmentOwnHint') : t('departmentHint')}</span>
          <select {...fieldProps(state, 'departmentId', true)} defaultValue={value('departmentId', ownOnly ? departments[0]?.id ?? '' : '')} key={`dept-${key}`}>
            {ownOnly ? null : <option value="">{t('departmentNone')}</option>}
            {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
          <FieldError id="field-departmentId" error={state.fields.departmentId} />
        </div>
        <div className="field">
          <label htmlFor="field-title">{t('titleField')}</label>
          <span className="hint" id="field-title-hint">{t('titleHint')}</span>
          <input {...fieldProps(state, 'title', true)} type="text" maxLength={60} defaultValue={value('title')} key={`title-${key}`} onChange={(e) => setText((t) => ({ ...t, title: e.target.value }))} />
          <FieldError id="field-title" error={state.fields.title} />
        </div>
        <div className="field">
          <label htmlFor="field-body">{t('body')}</label>
          <span className="hint" id="field-body-hint">{t('bodyHint')}</span>
          <textarea {...fieldProps(state, 'body', true)} rows={8} defaultValue={value('body')} key={`body-${key}`} onChange={(e) => setText((t) => ({ ...t, body: e.target.value }))} />
          <FieldError id="field-body" error={state.fields.body} />
        </div>
        <TopicPicker
          named title={text.title} body={text.body} topics={topics} districts={districts} en={en} errors={state.fields} value={topic}
          onTopic={(topicId) => setTopic((t) => ({ ...t, topicId }))}
          onDistrict={(districtId) => setTopic((t) => ({ ...t, districtId }))}
          onPlace={(place) => setTopic((t) => ({ ...t, place }))}
        />
      </fieldset>
      <button type="submit" disabled={pending}>{pending ? t('pending') : t('submit')}</button>
    </form>
  );
}
