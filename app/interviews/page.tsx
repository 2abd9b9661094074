import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { listInterviews, type InterviewSummary } from '@/lib/interviews/queries';
import { EmptyState } from '../_components/EmptyState';
import { StatusBadge } from './StatusBadge';
import { formatRange, isoOf } from './format';
import './interviews.css';

export async function generateMetadata(): Promise<Metadata> {
  return {
    title: (await getTranslations('interviews'))('title'),
    alternates: { types: { 'application/rss+xml': '/feeds/interviews.xml' } },
  };
}

const EMPTY = { live: 'emptyLive', upcoming: 'emptyUpcoming', past: 'emptyPast' } as const;

/** 在线访谈: 正在直播, 即将开始 (soonest first) and 往期回顾 (latest first). */
export default async function InterviewsPage() {
  const t = await getTranslations('interviews');
  const sections = await listInterviews();
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {(['live', 'upcoming', 'past'] as const).map((section) => (
        <section key={section} aria-labelledby={`interviews-${section}`} data-testid={`interviews-${section}`}>
          <h2 id={`interviews-${section}`}>{t(section)}</h2>
          {sections[section].length === 0 ? (
            <EmptyState>{t(EMPTY[section])}</EmptyState>
          ) : (
            <ul className="interview-cards">
              {sections[section].map((interview) => <InterviewCard key={interview.id} interview={interview} />)}
            </ul>
          )}
        </section>
      ))}
      <p><a href="/feeds/interviews.xml" type="application/rss+xml">{t('feedLink')}</a></p>
    </>
  );
}

async function InterviewCard({ interview }: { interview: InterviewSummary }) {
  const t = await getTranslations('interviews');
  const locale = await getLocale();
  const href = `/interviews/${interview.slug}`;
  const past = interview.status === 'ended' || interview.status === 'published';
  return (
    <li className="interview-card" data-testid="interview-card" data-status={interview.status}>
      <h3>
        <Link href={href} data-user-content="">{interview.title}</Link>
      </h3>
      <p className="interview-card-meta">
        <StatusBadge status={interview.status} label={t(`status.${interview.status}`)} />{' '}
        <time dateTime={isoOf(interview.scheduledStart)}>{formatRange(interview.scheduledStart, interview.scheduledEnd, locale)}</time>
      </p>
      <dl className="interview-card-facts">
        <div>
          <dt>{t('facts.guests')}</dt>
          <dd>{interview.guests.length ? <span data-user-content="">{interview.guests.map((g) => t('guestWithTitle', { name: g.name, title: g.title })).join(locale === 'en' ? '; ' : '、')}</span> : t('facts.none')}</dd>
        </div>
        <div>
          <dt>{t('facts.department')}</dt>
          <dd>{interview.department ? <span data-user-content="">{interview.department}</span> : t('facts.none')}</dd>
        </div>
      </dl>
      {past ? (
        <p className="interview-card-links">
          <Link href={`${href}/transcript`} aria-label={`${t('transcriptLink')}${locale === 'en' ? ': ' : '：'}${interview.title}`}>{t('transcriptLink')}</Link>
        </p>
      ) : null}
    </li>
  );
}
