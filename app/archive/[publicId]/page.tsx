import type { Metadata } from 'next';
import { openGraph } from '@/app/_components/open-graph';
import { cache } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { currentActor } from '@/lib/auth/session';
import { getPublishedEntry } from '@/lib/archive/public-queries';
import { formatDate } from '@/app/interviews/format';
import { FlagForm } from './FlagForm';
import '../archive.css';
import { signInHref } from '@/lib/auth/redirect';

type Params = { params: Promise<{ publicId: string }> };

// One read per request for the metadata and the page (React's request cache).
const entryById = cache((publicId: string) => getPublishedEntry(db(), publicId));

async function load(publicId: string) {
  // Published only: a draft or an unpublished entry is a 404 here, in the API, the feed and the sitemap alike.
  const entry = await entryById(publicId);
  if (!entry) notFound();
  return entry;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const entry = await entryById((await params).publicId);
  const title = entry?.title ?? (await getTranslations('archive'))('title');
  // The description is the start of the public (masked) question: what the page itself shows.
  const description = entry ? [...entry.question.replace(/\s+/g, ' ').trim()].slice(0, 100).join('') : undefined;
  return { title, ...(description ? { description } : {}), ...(await openGraph(title, description)) };
}

/** One published entry at its stable address /archive/<publicId>: masked text only. */
export default async function ArchiveEntryPage({ params }: Params) {
  const entry = await load((await params).publicId);
  const t = await getTranslations('archive');
  const locale = (await getLocale()) === 'en' ? 'en' : 'zh-CN';
  const actor = await currentActor();
  const date = (d: Date | null) => (d ? formatDate(d, locale) : t('entry.none'));
  const letter = entry.kind === 'letter';
  return (
    <article className="archive-entry" aria-labelledby="entry-title">
      <p className="no-print"><Link href="/archive">{t('entry.back')}</Link></p>
      <h1 id="entry-title" data-user-content="">{entry.title}</h1>
      <dl className="facts">
        <div><dt>{t('entry.kind')}</dt><dd>{t(`kinds.${entry.kind}`)}</dd></div>
        {entry.letterKind ? <div><dt>{t('entry.letterKind')}</dt><dd>{t(`letterKinds.${entry.letterKind}`)}</dd></div> : null}
        <div><dt>{t('entry.department')}</dt><dd>{entry.department ? <span data-user-content="">{entry.department.name}</span> : t('entry.none')}</dd></div>
        {letter ? (
          <>
            <div><dt>{t('entry.submittedAt')}</dt><dd>{date(entry.submittedAt)}</dd></div>
            <div><dt>{t('entry.answeredAt')}</dt><dd>{date(entry.answeredAt)}</dd></div>
            <div>
              <dt>{t('entry.workingDays')}</dt>
              <dd data-testid="working-days">{entry.workingDays === null ? t('entry.none') : t('entry.workingDaysValue', { days: entry.workingDays })}</dd>
            </div>
            <div><dt>{t('entry.rating')}</dt><dd data-testid="entry-rating">{entry.rating ? t(`ratings.${entry.rating}`) : t('entry.unrated')}</dd></div>
          </>
        ) : (
          <div><dt>{t('entry.heldAt')}</dt><dd>{date(entry.submittedAt)}</dd></div>
        )}
        <div><dt>{t('entry.category')}</dt><dd>{entry.category ? <span data-user-content="">{entry.category.name}</span> : t('entry.none')}</dd></div>
        <div>
          <dt>{t('entry.indexNo')}</dt>
          <dd data-testid="index-no">{entry.indexNo ? <Link href={`/disclosure/items/${encodeURIComponent(entry.indexNo)}`}>{entry.indexNo}</Link> : t('entry.none')}</dd>
        </div>
        <div><dt>{t('entry.publishedAt')}</dt><dd>{date(entry.publishedAt)}</dd></div>
      </dl>
      <p className="hint">{t('entry.masked')}</p>
      <section aria-labelledby="entry-question">
        <h2 id="entry-question">{letter ? t('entry.question') : t('entry.summary')}</h2>
        <div className="archive-body" data-testid="entry-question" data-user-content="">{entry.question}</div>
      </section>
      <section aria-labelledby="entry-answer">
        <h2 id="entry-answer">{letter ? t('entry.answer') : t('entry.transcript')}</h2>
        {entry.interviewSlug ? <p><Link href={`/interviews/${entry.interviewSlug}/transcript`}>{t('entry.transcriptLink')}</Link></p> : null}
        <div className="archive-body" data-testid="entry-answer" data-user-content="">{entry.answer}</div>
      </section>
      {entry.attachments.length ? (
        <section aria-labelledby="entry-images" data-testid="entry-images">
          <h2 id="entry-images">{t('entry.images')}</h2>
          <p className="hint">{t('entry.imagesMasked')}</p>
          <ul className="archive-images">
            {entry.attachments.map((a) => (
              <li key={a.id}>
                <figure>
                  {/* eslint-disable-next-line @next/next/no-img-element -- a masked copy served by the API, not an optimisable asset */}
                  <img data-user-content="" src={a.url} alt={t('entry.imageAlt', { name: a.fileName })} width={a.width} height={a.height} loading="lazy" />
                  <figcaption data-user-content="">{a.fileName}</figcaption>
                </figure>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="entry-flag" className="archive-flag">
        <h2 id="entry-flag">{t('flag.heading')}</h2>
        <p className="hint">{t('flag.intro')}</p>
        {actor.user ? (
          <FlagForm
            entryId={entry.id}
            labels={{
              duplicate: t('flag.duplicate'), sent: t('flag.sent'), errorTitle: t('flag.errorTitle'), reason: t('flag.reason'),
              reasonHint: t('flag.reasonHint'), submitting: t('flag.submitting'), submit: t('flag.submit'),
            }}
          />
        ) : (
          <p><Link href={signInHref(`/archive/${entry.id}`)}>{t('flag.signIn')}</Link></p>
        )}
      </section>
    </article>
  );
}
