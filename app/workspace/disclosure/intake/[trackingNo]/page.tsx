import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { HOME_WORKSPACE } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/session';
import { siteUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { getApplicationReceipt } from '@/lib/disclosure/intake';
import { PrintButton } from '@/app/stats/PrintButton';
import '@/app/workspace/letters/intake/[trackingNo]/receipt.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('applicationIntake'))('receiptTitle') };
}

/** The printable receipt of a staff-entered application: tracking number, query code, reply due date, how to claim it. */
export default async function ApplicationReceiptPage({ params }: { params: Promise<{ trackingNo: string }> }) {
  const { trackingNo } = await params;
  const actor = await requirePermission('disclosure.intake', `/workspace/disclosure/intake/${encodeURIComponent(trackingNo)}`);
  const t = await getTranslations('applicationIntake');
  const receipt = await getApplicationReceipt(actor, trackingNo).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'invalid_input')) notFound();
    throw error;
  });
  return (
    <>
      <article className="receipt" aria-labelledby="receipt-title">
        <h1 id="receipt-title">{t('receiptTitle')}</h1>
        <p>{t('receiptLead', { name: receipt.applicant })}</p>
        <dl className="facts">
          <div><dt>{t('trackingNo')}</dt><dd className="receipt-number" data-testid="receipt-tracking-no">{receipt.trackingNo}</dd></div>
          <div><dt>{t('queryCode')}</dt><dd className="receipt-number" data-testid="receipt-query-code">{receipt.queryCode}</dd></div>
          <div><dt>{t('channel')}</dt><dd>{t(`channels.${receipt.channel}` as 'channels.paper')}</dd></div>
          <div><dt>{t('receivedOn')}</dt><dd data-testid="receipt-received-on">{receipt.receivedOn}</dd></div>
          <div><dt>{t('applicant')}</dt><dd>{receipt.applicant}</dd></div>
          <div><dt>{t('description')}</dt><dd>{receipt.description}</dd></div>
          <div>
            <dt>{t('dueOn')}</dt>
            <dd data-testid="receipt-due-on" data-due={receipt.dueOn ?? ''}>{receipt.dueOn ? t('dueOnValue', { date: receipt.dueOn, days: receipt.workingDays ?? 0 }) : '—'}</dd>
          </div>
        </dl>
        <h2>{t('howToFollow')}</h2>
        <p>{t('howToFollowText', { url: siteUrl('/workspace/citizen/claim') })}</p>
      </article>
      <p className="receipt-actions">
        <PrintButton label={t('print')} /> <Link href={HOME_WORKSPACE[actor.user.role]}>{t('backToWorkspace')}</Link>
      </p>
    </>
  );
}
