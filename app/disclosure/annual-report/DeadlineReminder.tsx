import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { annualReportReminder } from '@/lib/disclosure/annual-report';

/** How many days remain until the annual report must be published (31 January), for the report pages and dashboards. */
export async function DeadlineReminder({ link = false }: { link?: boolean }) {
  const t = await getTranslations('annualReport');
  const r = await annualReportReminder();
  const text = r.daysLeft > 0
    ? t('deadline', { year: r.year, deadline: r.deadline, days: r.daysLeft })
    : r.daysLeft === 0 ? t('deadlineToday', { year: r.year, deadline: r.deadline }) : t('deadlinePassed', { year: r.year, deadline: r.deadline, days: -r.daysLeft });
  return (
    <p className="notice" role="status" data-testid="annual-report-deadline">
      {text}
      {link ? <> <Link href={`/workspace/moderator/annual-report/${r.year}`}>{t('deadlineLink', { year: r.year })}</Link></> : null}
    </p>
  );
}
