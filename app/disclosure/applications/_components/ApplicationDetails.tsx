import { getLocale, getTranslations } from 'next-intl/server';
import type { ApplicationSummary, ApplicationView } from '@/lib/disclosure/applications';
import { EmptyState } from '@/app/_components/EmptyState';
import { formatDateTime } from '@/app/letters/labels';
import Link from 'next/link';

type T = Awaited<ReturnType<typeof getTranslations<'applications'>>>;

export function Badges({ badges, t }: { badges: ApplicationSummary['badges']; t: T }) {
  return badges.map((b) => <span key={b} className={b === 'due_soon' ? 'tag tag-warn' : 'tag tag-danger'}>{t(`badges.${b}`)}</span>);
}

/** The application as its viewer may see it: facts and clock, the request, the reply with its document, the timeline. */
export async function ApplicationDetails({ application: a }: { application: ApplicationView }) {
  const t = await getTranslations('applications');
  const ti = await getTranslations('applicationIntake');
  const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return (
    <>
      <dl className="facts">
        <div><dt>{t('trackingNo')}</dt><dd data-testid="application-tracking-no">{a.trackingNo}</dd></div>
        <div><dt>{t('statusLabel')}</dt><dd data-testid="application-status">{t(`status.${a.status}`)}</dd></div>
        <div><dt>{t('receivedOn')}</dt><dd>{a.receivedOn}</dd></div>
        {a.channel !== 'web' ? <div><dt>{ti('channel')}</dt><dd data-testid="application-channel">{ti(`channels.${a.channel}`)}</dd></div> : null}
        <div>
          <dt>{t('dueOn')}</dt>
          <dd data-testid="application-due">
            {a.dueOn ?? (a.status === 'consulting' ? t('paused', { days: a.remainingDays ?? 0 }) : a.status === 'needs_correction' ? t('stopped') : '—')}{' '}
            <Badges badges={a.badges} t={t} />
          </dd>
        </div>
        {a.extensionDays ? <div><dt>{t('extension')}</dt><dd>{t('extensionDays', { days: a.extensionDays })}</dd></div> : null}
        {a.correctionDueOn && a.status === 'needs_correction' ? <div><dt>{t('correctionDueOn')}</dt><dd>{a.correctionDueOn}</dd></div> : null}
        <div><dt>{t('fields.applicantType')}</dt><dd>{t(`types.${a.applicantType}`)}</dd></div>
        <div><dt>{t('applicant')}</dt><dd>{a.organisationName ? `${a.organisationName}（${a.applicantName}）` : a.applicantName}</dd></div>
        {a.creditCode ? <div><dt>{t('fields.creditCode')}</dt><dd className="code">{a.creditCode}</dd></div> : null}
        <div><dt>{t('fields.form')}</dt><dd>{t(`forms.${a.form}`)}</dd></div>
        {a.handler ? <div><dt>{t('handler')}</dt><dd>{a.handler}</dd></div> : null}
      </dl>

      <section aria-labelledby="application-request">
        <h2 id="application-request">{t('request')}</h2>
        <p className="prewrap">{a.description}</p>
        {a.purpose ? <p><strong>{t('fields.purpose')}：</strong>{a.purpose}</p> : null}
        {a.contactPhone || a.contactAddress ? (
          <p>{[a.contactPhone, a.contactAddress].filter(Boolean).join('；')}</p>
        ) : null}
      </section>

      {a.status === 'needs_correction' && a.correctionNote ? (
        <section aria-labelledby="application-correction" className="notice">
          <h2 id="application-correction">{t('correctionNeeded')}</h2>
          <p className="prewrap">{a.correctionNote}</p>
          <p>{t('correctionBy', { date: a.correctionDueOn ?? '' })}</p>
        </section>
      ) : null}

      <section aria-labelledby="application-reply">
        <h2 id="application-reply">{t('reply')}</h2>
        {a.outcome ? (
          <div data-testid="application-reply">
            <p>{t('outcomeLabel')}：<strong data-testid="application-outcome">{t(`outcomes.${a.outcome}`)}</strong>{a.reasonCode ? <span data-testid="application-reason-code">（{t(`actions.reasonOption.${a.reasonCode}`)}）</span> : null}{a.answeredAt ? ` · ${formatDateTime(a.answeredAt)}` : ''}</p>
            {a.fee ? <p data-testid="application-fee">{t('feeLabel')}：{t('describe.fee', { amount: a.fee.amountYuan, notifiedOn: a.fee.notifiedOn, paid: a.fee.paidOn ? t('describe.feePaid', { date: a.fee.paidOn }) : '' })}</p> : null}
            {a.outcomeReason ? <p className="prewrap">{t('reasonLabel')}：{a.outcomeReason}</p> : null}
            {a.replyBody ? <p className="prewrap">{a.replyBody}</p> : null}
            {a.replyDocument ? (
              <p>
                {/* The label quotes the office's file name (user content); its own words come from the catalogue. */}
                <a href={a.replyDocument.url} download={a.replyDocument.fileName} data-user-content="">
                  {t('download', { name: a.replyDocument.fileName, size: kb(a.replyDocument.sizeBytes) })}
                </a>
              </p>
            ) : null}
          </div>
        ) : (
          <EmptyState>{a.status === 'withdrawn' ? t('withdrawnNote') : t('noReply')}</EmptyState>
        )}
      </section>

      <section aria-labelledby="application-timeline">
        <h2 id="application-timeline">{t('timeline')}</h2>
        <ol className="timeline">
          {a.events.map((e, i) => {
            const detail = describe(t, e.type, e.data);
            return (
              <li key={i}>
                <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time> · <strong>{t.has(`events.${e.type}`) ? t(`events.${e.type}` as 'events.submitted') : e.type}</strong> · {e.actor}
                {detail ? <div className="prewrap">{detail}</div> : null}
              </li>
            );
          })}
        </ol>
      </section>
    </>
  );
}

function describe(t: T, type: string, data: Record<string, unknown>): string {
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  switch (type) {
    case 'submitted':
    case 'registered':
      return data.dueOn ? t('describe.due', { date: s(data.dueOn) }) : '';
    case 'correction_requested':
      return `${s(data.note)}\n${t('describe.correctionBy', { date: s(data.correctionDueOn) })}`;
    case 'correction_provided':
      return `${s(data.message)}\n${t('describe.restart', { date: s(data.dueOn) })}`;
    case 'extended':
      return t('describe.extended', { days: s(data.workingDays), reason: s(data.reason), date: s(data.dueOn) });
    case 'consultation_started':
      return data.note ? `${s(data.note)}\n${t('describe.paused', { days: s(data.remainingDays) })}` : t('describe.pausedPublic');
    case 'consultation_finished':
      return data.note ? `${s(data.note)}\n${t('describe.due', { date: s(data.dueOn) })}` : '';
    case 'answered':
      return data.outcome ? t(`outcomes.${s(data.outcome)}` as 'outcomes.disclosed') : '';
    case 'withdrawn':
      return s(data.reason);
    case 'fee_recorded':
      return t('describe.fee', { amount: s(data.amountYuan), notifiedOn: s(data.notifiedOn), paid: data.paidOn ? t('describe.feePaid', { date: s(data.paidOn) }) : '' });
    case 'supervised':
      return data.note ? `${s(data.note)}（${s(data.targetDate)}）` : '';
    case 'callback':
      return [s(data.resultLabel), s(data.note)].filter(Boolean).join('：');
    default:
      return '';
  }
}

/** A list of applications: number, applicant, request, status, received and due dates with badges. */
export async function ApplicationTable({ items, caption, empty, staff }: { items: ApplicationSummary[]; caption: string; empty: string; staff?: boolean }) {
  const t = await getTranslations('applications');
  if (items.length === 0) return <EmptyState>{empty}</EmptyState>;
  const en = (await getLocale()) === 'en';
  const paren = (text: string) => (en ? ` (${text})` : `（${text}）`);
  const href = (no: string) => (staff ? `/workspace/moderator/applications/${no}` : `/disclosure/applications/${no}`);
  const cut = (text: string) => ([...text].length > 40 ? `${[...text].slice(0, 40).join('')}…` : text);
  return (
    <div className="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('trackingNo')}</th>
            <th scope="col">{t('request')}</th>
            {staff ? <th scope="col">{t('applicant')}</th> : null}
            <th scope="col">{t('statusLabel')}</th>
            <th scope="col">{t('receivedOn')}</th>
            <th scope="col">{t('dueOn')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.trackingNo} data-testid="application-row">
              <td className="code"><Link href={href(a.trackingNo)}>{a.trackingNo}</Link></td>
              <th scope="row" data-user-content="">{cut(a.description)}</th>
              {staff ? <td><span data-user-content="">{a.applicant}</span>{paren(t(`types.${a.applicantType}`))}</td> : null}
              <td>{t(`status.${a.status}`)}{a.outcome ? paren(t(`outcomes.${a.outcome}`)) : ''}</td>
              <td>{a.receivedOn}</td>
              <td>
                {a.dueOn ?? (a.status === 'needs_correction' && a.correctionDueOn ? t('correctionShort', { date: a.correctionDueOn }) : '—')}{' '}
                <Badges badges={a.badges} t={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
