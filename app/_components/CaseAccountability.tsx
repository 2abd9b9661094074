import type { CaseActionsView } from '@/lib/accountability/actions';
import type { FormState } from '@/lib/forms/state';
import { getLocale, getTranslations } from 'next-intl/server';
import { ActionForm, type ActionFormLabels } from '@/app/letters/[trackingNo]/ActionForm';
import { catalogue } from '@/lib/i18n/catalogue';
import { toLocale } from '@/lib/i18n/config';
import { rawMessage } from '@/lib/i18n/precompile';

const CALLBACK_RESULTS = ['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable'] as const;

/**
 * The accountability loop on a case page (letters and applications alike): the writer's or applicant's 催办 (or
 * from when it becomes possible), the supervisors' 督办 and 回访 forms. The operation checks everything again.
 */
export async function CaseAccountability({ view, action, version, today, formLabels }: {
  view: CaseActionsView;
  action: (state: FormState, form: FormData) => Promise<FormState>;
  version: number;
  today: string;
  formLabels?: ActionFormLabels;
}) {
  const { urge, supervise, callback } = view;
  if (!urge && !supervise && !callback) return null;
  const t = await getTranslations('letterUi');
  const en = (await getLocale()) === 'en';
  const a = (key: string, values?: Record<string, string>) => t(`page.accountability.${key}`, values);
  // The forms' own words in the page's language (an application page passes none).
  formLabels ??= await caseFormLabels();
  return (
    <section aria-labelledby="case-accountability">
      <h2 id="case-accountability">{a('heading')}</h2>
      {urge && !urge.allowed ? (
        <p className="hint" data-testid="urge-unavailable"><span lang={en ? 'zh-CN' : undefined}>{urge.message}</span>{urge.from ? a('urgeFrom', { date: urge.from }) : ''}</p>
      ) : null}
      <div className="action-grid">
        {urge?.allowed ? (
          <ActionForm action={action} name="urge" version={version} title={a('urge')} submitLabel={a('urge')} fields={[]} labels={formLabels} />
        ) : null}
        {supervise ? (
          <ActionForm action={action} name="supervise" version={version} title={a('supervise')} submitLabel={a('supervise')} labels={formLabels} fields={[
            { name: 'note', label: a('superviseNote'), kind: 'textarea', required: true, hint: a('superviseNoteHint') },
            { name: 'targetDate', label: a('superviseDate'), kind: 'date', required: true, defaultValue: today, hint: a('superviseDateHint') },
          ]} />
        ) : null}
        {callback ? (
          <ActionForm action={action} name="callback" version={version} title={a('callback')} submitLabel={a('callbackSubmit')} labels={formLabels} fields={[
            { name: 'result', label: a('callbackResult'), kind: 'radio', required: true, options: CALLBACK_RESULTS.map((value) => ({ value, label: t(`callbackResults.${value}`) })) },
            { name: 'note', label: a('callbackNote'), kind: 'textarea' },
          ]} />
        ) : null}
      </div>
    </section>
  );
}

/** The action forms' own words (sending…, insert a template) in the page's language, from letterUi.page. */
export async function caseFormLabels(): Promise<ActionFormLabels> {
  const t = await getTranslations('letterUi.page');
  const raw = rawMessage(await catalogue(toLocale(await getLocale())), 'letterUi.page.insertTemplateFor');
  return { sending: t('sending'), insertTemplateFor: raw, insertTemplateOption: t('insertTemplateOption') };
}
