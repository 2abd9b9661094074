import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { HOME_WORKSPACE } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/session';
import { siteUrl } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { getIntakeReceipt } from '@/lib/letters/intake';
import { PrintButton } from '@/app/stats/PrintButton';
import { KIND_LABEL } from '@/app/letters/labels';
import './receipt.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('letterIntake'))('receiptTitle') };
}

/** The printable receipt of a staff-entered letter: tracking number, query code, due date, how to follow it. */
export default async function ReceiptPage({ params }: { params: Promise<{ trackingNo: string }> }) {
  const { trackingNo } = await params;
  const actor = await requirePermission('letters.intake', `/workspace/letters/intake/${encodeURIComponent(trackingNo)}`);
  const t = await getTranslations('letterIntake');
  const receipt = await getIntakeReceipt(actor, trackingNo).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'invalid_input')) notFound();
    throw error;
  });
  const due = receipt.dueOn
    ? receipt.routed
      ? t('dueOnValue', { date: receipt.dueOn, days: receipt.workingDays ?? 0 })
      : t('dueOnTriage', { date: receipt.dueOn })
    : '—';
  return (
    <>
      <article className="receipt" aria-labelledby="receipt-title">
        <h1 id="receipt-title">{t('receiptTitle')}</h1>
        <p>{t('receiptLead', { name: receipt.personName })}</p>
        <dl className="facts">
          <div><dt>{t('trackingNo')}</dt><dd className="receipt-number" data-testid="receipt-tracking-no">{receipt.trackingNo}</dd></div>
          <div><dt>{t('queryCode')}</dt><dd className="receipt-number" data-testid="receipt-query-code">{receipt.queryCode}</dd></div>
          <div><dt>{t('channel')}</dt><dd>{t(`channels.${receipt.channel}` as 'channels.phone')}</dd></div>
          <div><dt>{t('receivedOn')}</dt><dd data-testid="receipt-received-on">{receipt.receivedOn}</dd></div>
          <div><dt>{t('kind')}</dt><dd>{KIND_LABEL[receipt.kind]}</dd></div>
          <div><dt>{t('department')}</dt><dd>{receipt.department ?? t('departmentNone')}</dd></div>
          <div><dt>{t('titleField')}</dt><dd>{receipt.title}</dd></div>
          <div><dt>{t('dueOn')}</dt><dd data-testid="receipt-due-on" data-due={receipt.dueOn ?? ''}>{due}</dd></div>
        </dl>
        <h2>{t('howToFollow')}</h2>
        <p>{t('howToFollowText', { url: siteUrl('/letters/lookup') })}</p>
      </article>
      <p className="receipt-actions">
        <PrintButton label={t('print')} /> <Link href={HOME_WORKSPACE[actor.user.role]}>{t('backToWorkspace')}</Link>
      </p>
    </>
  );
}
