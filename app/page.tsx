import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { listDepartments } from '@/lib/accounts/departments';
import { listArchive } from '@/lib/archive/public-queries';
import { latestOwnCatalogueItems } from '@/lib/disclosure/catalogue';
import { db } from '@/lib/db';
import { liveAndNextInterviews } from '@/lib/interviews/queries';
import { loadDeadlines } from '@/lib/letters/deadlines';
import { headlineRates } from '@/lib/stats/rates';
import { EmptyState } from './_components/EmptyState';
import { LiveBanner } from './_components/LiveBanner';
import { requestOrganisation } from './_components/request-organisation';
import { formatDate } from './interviews/format';
import { formatRate } from './stats/format';

/** Latest answers and disclosure items on the home page. */
const LATEST = 5;

/**
 * The home page: what is live now (kept current over Socket.IO by LiveBanner), the latest published answers (the
 * 政民互动 board's first rows), the bureau's latest disclosure items, one search box for the answer archive and the
 * disclosure catalogue, 我要写信, and this year's 三率 once there are letters to count. Read on every request; the
 * 三率 at most once a minute (lib/stats/rates.ts#headlineRates). The data model has no public notices (公告) of the
 * bureau apart from the disclosure catalogue, so the catalogue's items stand for them.
 */
export default async function HomePage() {
  const t = await getTranslations('home');
  const site = await getTranslations('site');
  const locale = (await getLocale()) === 'en' ? 'en' : 'zh-CN';
  const en = locale === 'en';
  const [org, departments, interviews, answers, items, limits, rates] = await Promise.all([
    requestOrganisation(),
    listDepartments(db()),
    liveAndNextInterviews(),
    listArchive(db(), { kind: 'letter', sort: 'newest', page: 1, pageSize: LATEST }),
    latestOwnCatalogueItems(db(), LATEST),
    loadDeadlines(db()),
    headlineRates(db()),
  ]);
  const bureau = org ? (en ? org.nameEn || org.name : org.name) : site('defaultBureau');
  const figures = rates.figures;
  const none = t('rateNone');
  return (
    <>
      <h1>{t('title', { bureau })}</h1>
      <p className="lead">{t('intro')}</p>
      <LiveBanner
        initial={interviews}
        locale={locale}
        labels={{ region: t('liveRegion'), live: t('liveNow'), enter: t('liveEnter'), next: t('nextInterview') }}
      />
      <div className="home-actions">
        <Link className="button button-large" href="/letters/new">{t('write')}</Link>
        <div role="search" aria-label={t('searchLabel')} className="home-search">
          <form method="get" action="/archive" className="home-search-form">
            <label htmlFor="home-q">{t('searchQ')}</label>
            <input id="home-q" name="q" type="search" maxLength={50} aria-describedby="home-q-hint" />
            <button type="submit">{t('searchArchive')}</button>
            <button type="submit" formAction="/disclosure" className="button-secondary">{t('searchCatalogue')}</button>
            <span className="hint" id="home-q-hint">{t.rich('searchHint', { zh: (c) => <span lang="zh-CN">{c}</span> })}</span>
          </form>
        </div>
      </div>
      <ul className="cards">
        <li className="card">
          <h2><Link href="/letters">{t('lettersTitle')}</Link></h2>
          <p data-testid="home-limits">{t('lettersText', { inquiry: limits.inquiry, suggestion: limits.suggestion, complaint: limits.complaint })}</p>
        </li>
        <li className="card">
          <h2><Link href="/interviews">{t('interviewsTitle')}</Link></h2>
          <p>{t('interviewsText')}</p>
        </li>
        <li className="card">
          <h2><Link href="/disclosure">{t('disclosureTitle')}</Link></h2>
          <p>{t('disclosureText')}</p>
        </li>
      </ul>
      {figures.cases > 0 ? (
        <section aria-labelledby="home-rates" data-testid="home-rates">
          <h2 id="home-rates">{t('ratesTitle', { year: rates.year })}</h2>
          <dl className="home-rates">
            <div><dt>{t('answeredOnTimeRate')}</dt><dd>{formatRate(figures.answeredOnTimeRate, none)}</dd></div>
            <div><dt>{t('satisfactionRate')}</dt><dd>{formatRate(figures.satisfactionRate, none)}</dd></div>
            <div><dt>{t('ratedRate')}</dt><dd>{formatRate(figures.ratedRate, none)}</dd></div>
            <div><dt>{t('acceptedOnTimeRate')}</dt><dd>{formatRate(figures.acceptedOnTimeRate, none)}</dd></div>
          </dl>
          <p><Link href="/stats/departments">{t('ratesMore')}</Link></p>
        </section>
      ) : null}
      <div className="home-columns">
        <section aria-labelledby="home-answers">
          <h2 id="home-answers">{t('latestAnswers')}</h2>
          {answers.items.length === 0 ? (
            <EmptyState>{t('noAnswers')}</EmptyState>
          ) : (
            <ul className="home-list" data-testid="home-answers">
              {answers.items.map((a) => (
                <li key={a.id}>
                  <a href={a.url} data-user-content="">{a.title}</a>
                  <span className="home-list-meta">
                    {a.department ? <><span data-user-content="">{a.department.name}</span> · </> : ''}{t('answeredOn', { date: formatDate(a.answeredAt ?? a.publishedAt, locale) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p><Link href="/letters">{t('moreAnswers')}</Link></p>
        </section>
        <section aria-labelledby="home-items">
          <h2 id="home-items">{t('latestItems')}</h2>
          {items.length === 0 ? (
            <EmptyState>{t('noItems')}</EmptyState>
          ) : (
            <ul className="home-list" data-testid="home-items">
              {items.map((i) => (
                <li key={i.id}>
                  <a href={i.url} data-user-content="">{i.title}</a>
                  <span className="home-list-meta">{en ? i.category.nameEn || i.category.name : i.category.name} · {i.publishedOn}</span>
                </li>
              ))}
            </ul>
          )}
          <p><Link href="/disclosure">{t('moreItems')}</Link></p>
        </section>
      </div>
      <section aria-labelledby="home-departments">
        <h2 id="home-departments">{t('departments')}</h2>
        {departments.length === 0 ? (
          <EmptyState>{t('noDepartments')}</EmptyState>
        ) : (
          <ul className="cards">
            {departments.map((d) => (
              <li key={d.id} className="card">
                <h3>{(en && d.nameEn) || d.name}</h3>
                <p data-user-content="">{d.duties}</p>
                {d.phone ? <p>☎ {d.phone}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
