import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { computeHotspots, hotspotQuery, type Hotspot, type HotspotListKind } from '@/lib/hotspots';
import { currentWeek } from '@/lib/hotspots/week';
import { db } from '@/lib/db';
import { EmptyState } from '@/app/_components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('hotspots'))('title') };
}

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const LISTS: HotspotListKind[] = ['topics', 'places', 'terms'];

/**
 * 热点分析 (issue 17 item 6): the week's rising topics, places and terms with their letters, for leaders, moderators
 * and admins; moderators and admins adopt one as a 每月一题 action.
 */
export default async function HotspotsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePermission('hotspots.read', '/workspace/hotspots');
  const t = await getTranslations('hotspots');
  const en = (await getLocale()) === 'en';
  const parsed = hotspotQuery.safeParse({ week: first((await searchParams).week) || undefined });
  const week = (parsed.success && parsed.data.week) || currentWeek();
  const data = await computeHotspots(db(), week);
  const adopt = can(actor, 'actions.manage');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {!parsed.success ? <p className="notice" role="alert">{t('badWeek')}</p> : null}
      <form method="get" className="inline-form" role="search" aria-label={t('weekLabel')}>
        <label htmlFor="hotspots-week">{t('weekLabel')}</label>
        <input id="hotspots-week" name="week" type="week" defaultValue={data.week} aria-describedby="hotspots-week-hint" pattern="\d{4}-W\d{2}" />
        <span className="hint" id="hotspots-week-hint">{t('weekHint')}</span>
        <button type="submit">{t('show')}</button>
      </form>
      <p>
        <Link href={`/workspace/hotspots?week=${data.previousWeek}`} rel="prev">{t('previousWeek')}</Link>
        {data.nextWeek ? <> · <Link href={`/workspace/hotspots?week=${data.nextWeek}`} rel="next">{t('nextWeek')}</Link> · <Link href="/workspace/hotspots">{t('thisWeek')}</Link></> : null}
      </p>
      <p data-testid="hotspots-range">{t('range', { week: data.week, from: data.from, to: data.to, total: data.total })}</p>
      {LISTS.map((kind) => (
        <section key={kind} aria-labelledby={`hotspots-${kind}`} data-testid={`hotspots-${kind}`}>
          <h2 id={`hotspots-${kind}`}>{t(`lists.${kind}`)}</h2>
          {data[kind].length === 0 ? <EmptyState>{t('empty')}</EmptyState>
            : <HotspotTable kind={kind} items={data[kind]} week={data.week} en={en} adopt={adopt} />}
        </section>
      ))}
    </>
  );
}

async function HotspotTable({ kind, items, week, en, adopt }: { kind: HotspotListKind; items: Hotspot[]; week: string; en: boolean; adopt: boolean }) {
  const t = await getTranslations('hotspots');
  return (
    <div className="table-scroll">
      <table className="table-cards" data-testid={`hotspots-table-${kind}`}>
        <caption>{t(`captions.${kind}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('columns.rank')}</th>
            <th scope="col">{t('columns.hotspot')}</th>
            <th scope="col">{t('columns.current')}</th>
            <th scope="col">{t('columns.previous')}</th>
            <th scope="col">{t('columns.baseline')}</th>
            <th scope="col">{t('columns.rise')}</th>
            <th scope="col">{t('columns.letters')}</th>
            {adopt ? <th scope="col">{t('columns.adopt')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((h, i) => {
            const label = en ? h.labelEn : h.label;
            const query = new URLSearchParams({ kind: h.kind, key: h.key, week }).toString();
            return (
              <tr key={h.key} data-testid="hotspot-row" data-key={h.key}>
                <td data-label={t('columns.rank')}>{i + 1}</td>
                <th scope="row" data-label={t('columns.hotspot')}>
                  <span data-user-content="">{label}</span>
                  {h.kind === 'place' ? <> <small className="tag">{h.key.startsWith('d') ? t('district') : t('place')}</small></> : null}
                </th>
                <td data-label={t('columns.current')}>{h.current}</td>
                <td data-label={t('columns.previous')}>{h.previous.join(' · ')}</td>
                <td data-label={t('columns.baseline')}>{h.baseline}</td>
                <td data-label={t('columns.rise')}>+{h.rise}</td>
                <td data-label={t('columns.letters')}>
                  <details>
                    <summary>{t('lettersSummary', { count: h.current })}</summary>
                    <ul>
                      {h.letters.map((l) => (
                        <li key={l.trackingNo}><Link href={l.url}>{l.trackingNo}</Link> <span data-user-content="">{l.title}</span></li>
                      ))}
                    </ul>
                    {h.current > h.letters.length ? <p><small>{t('moreLetters', { shown: h.letters.length })}</small></p> : null}
                  </details>
                </td>
                {adopt ? (
                  <td data-label={t('columns.adopt')}>
                    <Link href={`/workspace/hotspots/adopt?${query}`} aria-label={t('adoptLabel', { label })}>{t('adopt')}</Link>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
