'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { fieldErrors } from '@/lib/errors';
import { applicationInput, applicationIntakeInput } from '@/lib/disclosure/application-validation';
import { APPLICANT_TYPES } from '@/lib/disclosure/schema';
import { ErrorSummary } from '@/app/_components/FormErrors';

interface Values {
  applicantType: string;
  applicantName: string;
  organisationName: string;
  creditCode: string;
  contactPhone: string;
  contactAddress: string;
  description: string;
  purpose: string;
  form: string;
  /** Staff intake only (issue 17): how and when it was received, and an e-mail for the receipt. */
  channel: string;
  receivedOn: string;
  contactEmail: string;
  /** The applicant's language: the receipt and e-mails to contactEmail are written in it. */
  locale: string;
}

const CHANNELS = ['paper', 'in_person', 'phone', 'email', 'hotline_12345'] as const;

/**
 * The application form: checked in the browser with the server's own zod schema (errors per field and a summary
 * that takes focus), sent once with an idempotency key (a retry after a lost answer returns the same application),
 * then the tracking number and due date. With `intake` (app/workspace/disclosure/intake) a handler or moderator enters
 * an application received by another channel on the same form, plus its channel, received date and e-mail; the same
 * API answers with the query code and the page moves on to the printable receipt.
 */
export function ApplyForm({ defaultName, intake }: { defaultName: string; intake?: { today: string } }) {
  const t = useTranslations('applications');
  const ti = useTranslations('applicationIntake');
  const router = useRouter();
  const locale = useLocale(); // the schema's field messages in the page's language
  const [values, setValues] = useState<Values>({
    applicantType: 'person', applicantName: defaultName, organisationName: '', creditCode: '', contactPhone: '', contactAddress: '', description: '', purpose: '', form: 'electronic',
    channel: 'paper', receivedOn: intake?.today ?? '', contactEmail: '', locale: 'zh-CN',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ trackingNo: string; receivedOn: string; dueOn: string | null } | null>(null);
  const [key] = useState(() => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `k${Date.now()}${Math.random()}`.replace('.', '')));
  const doneRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => { if (result) doneRef.current?.focus(); }, [result]);

  const organisation = values.applicantType !== 'person';
  const set = (field: keyof Values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const payload = () => {
    const { channel, receivedOn, contactEmail, locale: writerLocale, ...application } = values;
    return {
      ...application,
      organisationName: organisation ? values.organisationName : null,
      creditCode: organisation ? values.creditCode : null,
      ...(intake ? { channel, receivedOn, contactEmail, locale: writerLocale } : {}),
    };
  };

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (pending) return;
    setMessage(null);
    const parsed = (intake ? applicationIntakeInput(intake.today) : applicationInput).safeParse(payload());
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error, locale));
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const response = await fetch('/api/v1/disclosure/applications', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(payload()),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        setErrors(body?.error?.fields ?? {});
        setMessage(body?.error?.message ?? t('form.failed'));
        return;
      }
      if (intake) router.push(`/workspace/disclosure/intake/${body.trackingNo}`);
      else setResult({ trackingNo: body.trackingNo, receivedOn: body.receivedOn, dueOn: body.dueOn });
    } catch {
      setMessage(t('form.networkRetry'));
    } finally {
      setPending(false);
    }
  }

  if (result) {
    return (
      <section aria-labelledby="applied-title" className="card" role="status">
        <h2 id="applied-title" tabIndex={-1} ref={doneRef}>{t('submitted')}</h2>
        <dl className="facts">
          <div><dt>{t('trackingNo')}</dt><dd data-testid="tracking-no">{result.trackingNo}</dd></div>
          <div><dt>{t('receivedOn')}</dt><dd>{result.receivedOn}</dd></div>
          <div><dt>{t('dueOn')}</dt><dd>{result.dueOn}</dd></div>
        </dl>
        <p>{t('submittedNote')}</p>
        <p><Link href={`/disclosure/applications/${result.trackingNo}`}>{t('view')}</Link> · <Link href="/workspace/citizen">{t('mine')}</Link></p>
      </section>
    );
  }

  const describe = (name: string, hint?: boolean) => ({
    id: `field-${name}`,
    'aria-invalid': errors[name] ? (true as const) : undefined,
    'aria-describedby': [hint ? `field-${name}-hint` : '', errors[name] ? `field-${name}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const errorFor = (name: string) => (errors[name] ? <span className="field-error" id={`field-${name}-error`}>{errors[name]}</span> : null);
  const hint = (name: string, text: string) => <span className="hint" id={`field-${name}-hint`}>{text}</span>;

  return (
    <form className="form form-wide" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <ErrorSummary title={t('form.errorTitle')} errors={errors} message={message} />
      {intake ? (
        <>
          <div className="field">
            <label htmlFor="field-channel">{ti('channel')}</label>
            <select value={values.channel} onChange={set('channel')} {...describe('channel')}>
              {CHANNELS.map((c) => <option key={c} value={c}>{ti(`channels.${c}`)}</option>)}
            </select>
            {errorFor('channel')}
          </div>
          <div className="field">
            <label htmlFor="field-receivedOn">{ti('receivedOn')}</label>
            {hint('receivedOn', ti('receivedOnHint'))}
            <input type="date" max={intake.today} value={values.receivedOn} onChange={set('receivedOn')} {...describe('receivedOn', true)} />
            {errorFor('receivedOn')}
          </div>
        </>
      ) : null}
      <fieldset className="field" id="field-applicantType" aria-describedby={errors.applicantType ? 'field-applicantType-error' : undefined}>
        <legend>{t('fields.applicantType')}</legend>
        {APPLICANT_TYPES.map((type) => (
          <label key={type} className="choice">
            <input type="radio" name="applicantType" value={type} checked={values.applicantType === type} onChange={set('applicantType')} />{' '}
            {type === 'person' ? t('types.personLong') : t('types.organisationOf', { type: t(`types.${type}`) })}
          </label>
        ))}
        {errorFor('applicantType')}
      </fieldset>
      {organisation ? (
        <>
          <div className="field">
            <label htmlFor="field-organisationName">{t('fields.organisationName')}</label>
            <input type="text" value={values.organisationName} onChange={set('organisationName')} maxLength={100} autoComplete="organization" {...describe('organisationName')} />
            {errorFor('organisationName')}
          </div>
          <div className="field">
            <label htmlFor="field-creditCode">{t('fields.creditCode')}</label>
            {hint('creditCode', t('fields.creditCodeHint'))}
            <input type="text" value={values.creditCode} onChange={set('creditCode')} maxLength={18} spellCheck={false} className="code" {...describe('creditCode', true)} />
            {errorFor('creditCode')}
          </div>
        </>
      ) : null}
      <div className="field">
        <label htmlFor="field-applicantName">{organisation ? t('fields.contactName') : t('fields.applicantName')}</label>
        <input type="text" value={values.applicantName} onChange={set('applicantName')} maxLength={50} autoComplete="name" {...describe('applicantName')} />
        {errorFor('applicantName')}
      </div>
      <div className="field">
        <label htmlFor="field-contactPhone">{t('fields.contactPhone')}{t('form.optional')}</label>
        <input type="tel" value={values.contactPhone} onChange={set('contactPhone')} maxLength={30} autoComplete="tel" {...describe('contactPhone')} />
        {errorFor('contactPhone')}
      </div>
      {intake ? (
        <div className="field">
          <label htmlFor="field-contactEmail">{ti('contactEmail')}{t('form.optional')}</label>
          {hint('contactEmail', ti('contactEmailHint'))}
          <input type="email" value={values.contactEmail} onChange={set('contactEmail')} maxLength={254} autoComplete="off" {...describe('contactEmail', true)} />
          {errorFor('contactEmail')}
        </div>
      ) : null}
      {intake ? (
        <div className="field">
          <label htmlFor="field-locale">{ti('locale')}</label>
          {hint('locale', ti('localeHint'))}
          <select value={values.locale} onChange={set('locale')} {...describe('locale', true)}>
            <option value="zh-CN">{ti('localeZh')}</option>
            <option value="en">{ti('localeEn')}</option>
          </select>
          {errorFor('locale')}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="field-description">{t('fields.description')}</label>
        {hint('description', t('fields.descriptionHint', { count: [...values.description.trim()].length }))}
        <textarea rows={6} value={values.description} onChange={set('description')} {...describe('description', true)} />
        {errorFor('description')}
      </div>
      <div className="field">
        <label htmlFor="field-purpose">{t('fields.purpose')}{t('form.optional')}</label>
        {hint('purpose', t('fields.purposeHint'))}
        <textarea rows={2} value={values.purpose} onChange={set('purpose')} {...describe('purpose', true)} />
        {errorFor('purpose')}
      </div>
      <fieldset className="field" id="field-form" aria-describedby={errors.form ? 'field-form-error' : undefined}>
        <legend>{t('fields.form')}</legend>
        {(['electronic', 'paper'] as const).map((f) => (
          <label key={f} className="choice">
            <input type="radio" name="form" value={f} checked={values.form === f} onChange={set('form')} /> {t(`forms.${f}`)}
          </label>
        ))}
        {errorFor('form')}
      </fieldset>
      <div className="field">
        <label htmlFor="field-contactAddress">{t('fields.contactAddress')}{values.form === 'paper' ? '' : t('form.optional')}</label>
        {hint('contactAddress', t('fields.contactAddressHint'))}
        <input type="text" value={values.contactAddress} onChange={set('contactAddress')} maxLength={200} autoComplete="street-address" {...describe('contactAddress', true)} />
        {errorFor('contactAddress')}
      </div>
      <button type="submit" disabled={pending}>{pending ? t('form.submitting') : intake ? ti('submit') : t('form.submit')}</button>
    </form>
  );
}
