import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../db';
import type { Cell, StatsT } from '../stats/csv';

/** Letters received in a Beijing year per topic (top level, each with its second level) and per district. */
export interface TopicStatistics {
  year: number;
  /** Top-level topics with letters, most first; `id` null: letters without a topic (未分类). */
  byTopic: Array<{ id: number | null; name: string | null; nameEn: string | null; received: number; children: Array<{ id: number | null; name: string | null; nameEn: string | null; received: number }> }>;
  /** `id` null: letters without a district. */
  byDistrict: Array<{ id: number | null; name: string | null; nameEn: string | null; received: number }>;
}

/**
 * Received = submitted in the Beijing calendar year (as lib/stats counts it). A third-level topic counts under its
 * second-level parent; a letter filed under a top-level topic counts there without a second level (child id null).
 * Deactivated topics count as they are: a letter keeps its topic.
 */
export async function topicStatistics(database: Db | Tx, year: number): Promise<TopicStatistics> {
  const from = `${year}-01-01T00:00:00+08:00`;
  const to = `${year + 1}-01-01T00:00:00+08:00`;
  const topicRows = rowsOf<{ top: number | string | null; second: number | string | null; n: number | string }>(await database.execute(sql`
    select coalesce(g.id, p.id, t.id) as top,
      case t.level when 1 then null when 2 then t.id else p.id end as second,
      count(*)::int as n
    from letters l
    left join topics t on t.id = l.topic_id
    left join topics p on p.id = t.parent_id
    left join topics g on g.id = p.parent_id
    where l.submitted_at >= ${from}::timestamptz and l.submitted_at < ${to}::timestamptz
    group by 1, 2`));
  const districtRows = rowsOf<{ id: number | string | null; name: string | null; name_en: string | null; n: number | string }>(await database.execute(sql`
    select d.id, d.name, d.name_en, count(*)::int as n
    from letters l left join districts d on d.id = l.district_id
    where l.submitted_at >= ${from}::timestamptz and l.submitted_at < ${to}::timestamptz
    group by d.id, d.name, d.name_en, d.sort_order
    order by count(*) desc, d.sort_order nulls last`));
  const ids = [...new Set(topicRows.flatMap((r) => [r.top, r.second]).filter((v) => v !== null).map(Number))];
  const names = new Map<number, { name: string; nameEn: string }>();
  if (ids.length) {
    const named = rowsOf<{ id: number | string; name: string; name_en: string }>(await database.execute(sql`select id, name, name_en from topics where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`));
    for (const n of named) names.set(Number(n.id), { name: n.name, nameEn: n.name_en || n.name });
  }
  const tops = new Map<number | null, TopicStatistics['byTopic'][number]>();
  for (const r of topicRows) {
    const top = r.top === null ? null : Number(r.top);
    const second = r.second === null ? null : Number(r.second);
    const n = Number(r.n);
    let entry = tops.get(top);
    if (!entry) {
      entry = { id: top, name: top === null ? null : names.get(top)?.name ?? null, nameEn: top === null ? null : names.get(top)?.nameEn ?? null, received: 0, children: [] };
      tops.set(top, entry);
    }
    entry.received += n;
    if (top !== null) entry.children.push({ id: second, name: second === null ? null : names.get(second)?.name ?? null, nameEn: second === null ? null : names.get(second)?.nameEn ?? null, received: n });
  }
  const byCount = <T extends { received: number; id: number | null }>(a: T, b: T) => (a.id === null ? 1 : 0) - (b.id === null ? 1 : 0) || b.received - a.received || (a.id ?? 0) - (b.id ?? 0);
  const byTopic = [...tops.values()].sort(byCount);
  for (const t of byTopic) t.children.sort(byCount);
  return {
    year,
    byTopic,
    byDistrict: districtRows.map((d) => ({ id: d.id === null ? null : Number(d.id), name: d.name, nameEn: d.name_en || d.name, received: Number(d.n) }))
      .sort(byCount),
  };
}

/** The CSV rows of these tables (appended to /stats/export.csv): group, item, received. */
export function topicCsvRows(stats: TopicStatistics, t: StatsT, en: boolean): Cell[][] {
  const label = (x: { name: string | null; nameEn: string | null }, none: string) => (en ? x.nameEn : x.name) ?? none;
  const rows: Cell[][] = [[], [t('heading')], [t('csvGroup'), t('csvItem'), t('received')]];
  for (const top of stats.byTopic) {
    rows.push([t('topicLevel1'), label(top, t('unclassified')), top.received]);
    for (const c of top.children) rows.push([t('topicLevel2'), `${label(top, '')} > ${label(c, t('noSecondLevel'))}`, c.received]);
  }
  for (const d of stats.byDistrict) rows.push([t('district'), label(d, t('noDistrict')), d.received]);
  return rows;
}
