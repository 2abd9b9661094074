import { getTranslations } from 'next-intl/server';
import type { ApplicationView } from '@/lib/disclosure/applications';
import { APPLICATION_OUTCOMES, CODED_OUTCOMES, REASON_CODES_BY_OUTCOME } from '@/lib/disclosure/schema';
import type { ApplicationActionName } from '@/lib/disclosure/application-validation';
import type { CaseActionName } from '@/lib/accountability/validation';
import { ApplicationActionForm, type ActionField } from './ApplicationActionForm';

/** The forms of the actions the viewer may take now (the operation checks again on submit). */
export async function ActionForms({ application: a, heading }: { application: ApplicationView; heading: string }) {
  const t = await getTranslations('applications.actions');
  const expired = a.status === 'needs_correction';
  const outcomes = (expired ? (['other'] as const) : APPLICATION_OUTCOMES).map((o) => ({ value: o, label: t(`outcomeOption.${o}`) }));
  // The template's sub-rows, grouped by outcome; an expired 补正 has exactly one.
  const reasonGroups = (expired ? (['other'] as const) : CODED_OUTCOMES).map((o) => ({
    label: t(`outcomeOption.${o}`),
    options: (expired ? (['no_correction'] as const) : REASON_CODES_BY_OUTCOME[o]).map((code) => ({ value: code, label: t(`reasonOption.${code}`) })),
  }));
  const forms: Record<Exclude<ApplicationActionName, CaseActionName>, { fields: ActionField[]; intro?: string }> = {
    register: { fields: [], intro: t('register.intro') },
    request_correction: { fields: [{ name: 'note', label: t('request_correction.note'), kind: 'textarea', required: true, hint: t('request_correction.hint') }] },
    provide_correction: { fields: [{ name: 'message', label: t('provide_correction.message'), kind: 'textarea', required: true, hint: t('provide_correction.hint') }] },
    extend: {
      fields: [
        { name: 'workingDays', label: t('extend.workingDays'), kind: 'number', required: true, min: 1, max: 20, hint: t('extend.hint') },
        { name: 'reason', label: t('extend.reason'), kind: 'textarea', required: true },
      ],
    },
    consult: { fields: [{ name: 'note', label: t('consult.note'), kind: 'textarea', required: true, hint: t('consult.hint') }] },
    consulted: { fields: [{ name: 'note', label: t('consulted.note'), kind: 'textarea', required: true }] },
    reply: {
      intro: expired ? t('reply.expiredIntro') : undefined,
      fields: [
        { name: 'outcome', label: t('reply.outcome'), kind: 'select', required: true, options: outcomes },
        { name: 'reasonCode', label: t('reply.reasonCode'), kind: 'select', hint: t('reply.reasonCodeHint'), options: [{ value: '', label: t('reply.noReasonCode') }], groups: reasonGroups },
        { name: 'reason', label: t('reply.reason'), kind: 'textarea', hint: t('reply.reasonHint') },
        { name: 'body', label: t('reply.body'), kind: 'textarea', required: true, hint: t('reply.bodyHint') },
        { name: 'document', label: t('reply.document'), kind: 'file', optional: true, hint: t('reply.documentHint') },
      ],
    },
    record_fee: {
      intro: t('record_fee.intro'),
      fields: [
        { name: 'amountYuan', label: t('record_fee.amountYuan'), kind: 'text', required: true, hint: t('record_fee.amountHint') },
        { name: 'notifiedOn', label: t('record_fee.notifiedOn'), kind: 'date', required: true },
        { name: 'paidOn', label: t('record_fee.paidOn'), kind: 'date', optional: true, hint: t('record_fee.paidHint') },
      ],
    },
    withdraw: { fields: [{ name: 'reason', label: t('withdraw.reason'), kind: 'textarea', optional: true }], intro: t('withdraw.intro') },
  };
  if (a.actions.length === 0) return null;
  return (
    <section aria-labelledby="application-actions">
      <h2 id="application-actions">{heading}</h2>
      <div className="action-grid">
        {a.actions.map((name) => (
          <ApplicationActionForm key={name} trackingNo={a.trackingNo} name={name} version={a.version}
            title={t(`${name}.title`)} submitLabel={t(`${name}.submit`)} fields={forms[name].fields} intro={forms[name].intro} />
        ))}
      </div>
    </section>
  );
}
