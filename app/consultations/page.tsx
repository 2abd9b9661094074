import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { listPublicConsultations, type ConsultationSummary } from '@/lib/consultations/queries';
import { EmptyState } from '../_components/EmptyState';
import { formatDateTime } from '../interviews/format';
import { ConsultationBadge } from './ConsultationBadge';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('consultations'))('title') };
}

/** 意见征集: the open consultations, then the past ones (closed, feedback published). */
export default async function ConsultationsPage() {
  const t = await getTranslations('consultations');
  const all = await listPublicConsultations();
  const open = all.filter((c) => c.status === 'open');
  const past = all.filter((c) => c.status !== 'open');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {([['open', open, 'openHeading', 'emptyOpen'], ['past', past, 'pastHeading', 'emptyPast']] as const).map(([key, items, heading, empty]) => (
        <section key={key} aria-labelledby={`consultations-${key}`} data-testid={`consultations-${key}`}>
          <h2 id={`consultations-${key}`}>{t(heading)}</h2>
          {items.length === 0 ? <EmptyState>{t(empty)}</EmptyState> : (
            <ul className="card-list">
              {items.map((c) => <ConsultationCard key={c.id} consultation={c} />)}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

async function ConsultationCard({ consultation: c }: { consultation: ConsultationSummary }) {
  const t = await getTranslations('consultations');
  const locale = await getLocale();
  return (
    <li className="card" data-testid="consultation-card" data-status={c.status}>
      <h3><Link href={`/consultations/${c.slug}`} data-user-content="">{c.title}</Link></h3>
      <p>
        <ConsultationBadge status={c.status} label={t(`status.${c.status}`)} />{' '}
        {t('period', { opens: formatDateTime(c.opensAt, locale), closes: formatDateTime(c.closesAt, locale) })}
      </p>
      <p>{t('department')}{locale === 'en' ? ': ' : '：'}{(locale === 'en' ? c.departmentEn : c.department) ?? ''} · {t('commentCount', { count: c.commentCount })}</p>
    </li>
  );
}
