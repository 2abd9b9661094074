import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { bigrams } from '../archive/search';
import { assertCan, type Actor } from '../auth/permissions';
import { databaseScoped, db, rowsOf, type Db, type Tx } from '../db';
import { parseInput } from '../errors';
import { loadTopics } from '../topics';
import type { HotspotKind } from './schema';
import { currentWeek, isoWeek, mondayOf, shiftWeek, sundayOf } from './week';

/**
 * 热点分析 (issue 17 item 6): for one ISO week (Beijing calendar), the topics (诉求分类), places (a district, or a
 * place named in letters) and terms (from the letters' titles) whose letter count rose the most over the mean of the
 * four weeks before, each with its letters of the week. Merged duplicates are not counted (their letter is).
 *
 * Rise = this week's letters − the 4-week mean; ranked by rise, then by this week's count. A hotspot needs at least
 * MIN_LETTERS letters this week and a positive rise. Terms are the archive search's tokens (lib/archive/search.ts:
 * CJK bigrams and words) of the titles, each counted once per letter; bigrams that always occur together in this
 * week's letters (景区 区门 门票) are joined back into the phrase (景区门票).
 *
 * Cost: one pass over the five weeks' letters by `letters_hotspot_idx` (submitted_at, topic_id, district_id) for the
 * counts, one read of their titles for the terms, one for the listed letters.
 */

export const BASELINE_WEEKS = 4;
export const MIN_LETTERS = 2;
export const TOP_N = 10;
export const LETTERS_PER_HOTSPOT = 20;

/** Generic words of letter titles that say nothing about what is rising. */
const STOP_TERMS = new Set([
  '关于', '问题', '咨询', '投诉', '建议', '反映', '请问', '希望', '如何', '什么', '为什', '怎么', '能否', '是否', '可以', '有关',
  '相关', '情况', '要求', '申请', '办理', '市民', '我们', '你们', '没有', '一下', '何时', '解决', '处理', '举报', '一个', '这个',
]);

export type HotspotListKind = 'topics' | 'places' | 'terms';

export interface HotspotLetter {
  trackingNo: string;
  title: string;
  status: string;
  submittedAt: string;
  /** The staff letter page. */
  url: string;
}

export interface Hotspot {
  kind: HotspotKind;
  /** topic: the topic id; place: `d<districtId>` or `p<place>`; term: the term. */
  key: string;
  label: string;
  labelEn: string;
  current: number;
  /** Letters per week in the four weeks before, oldest first. */
  previous: number[];
  /** Their mean, to one decimal. */
  baseline: number;
  rise: number;
  /** The first LETTERS_PER_HOTSPOT letters of the week, newest first. */
  letters: HotspotLetter[];
}

export interface HotspotWeek {
  week: string;
  from: string;
  to: string;
  previousWeek: string;
  /** null when the week is the current one (nothing later to see). */
  nextWeek: string | null;
  /** Letters submitted in the week. */
  total: number;
  topics: Hotspot[];
  places: Hotspot[];
  terms: Hotspot[];
}

export const hotspotQuery = z.object({ week: isoWeek.optional() });

/** Bucket 0..3: the four weeks before (oldest first); 4: the week itself. */
function windowOf(week: string) {
  const monday = mondayOf(week)!;
  const start = `${mondayOf(shiftWeek(week, -BASELINE_WEEKS))}T00:00:00+08:00`;
  const end = `${mondayOf(shiftWeek(week, 1))}T00:00:00+08:00`;
  const weekStart = `${monday}T00:00:00+08:00`;
  return { start, end, weekStart };
}

/** The week bucket of a letter in the window, by timestamp comparisons (no numeric arithmetic per row). */
function bucketSql(week: string) {
  const at = (offset: number) => sql`${`${mondayOf(shiftWeek(week, offset))}T00:00:00+08:00`}::timestamptz`;
  return sql`(case when l.submitted_at >= ${at(0)} then 4 when l.submitted_at >= ${at(-1)} then 3 when l.submitted_at >= ${at(-2)} then 2 when l.submitted_at >= ${at(-3)} then 1 else 0 end)`;
}

interface Count { key: string; bucket: number; n: number }

function rank(counts: Count[], label: (key: string) => { label: string; labelEn: string } | null, kind: HotspotKind): Hotspot[] {
  const byKey = new Map<string, number[]>();
  for (const c of counts) {
    const weeks = byKey.get(c.key) ?? [0, 0, 0, 0, 0];
    weeks[c.bucket] = (weeks[c.bucket] ?? 0) + c.n;
    byKey.set(c.key, weeks);
  }
  const out: Hotspot[] = [];
  for (const [key, weeks] of byKey) {
    const current = weeks[4]!;
    const previous = weeks.slice(0, 4);
    const mean = previous.reduce((a, b) => a + b, 0) / BASELINE_WEEKS;
    const rise = current - mean;
    if (current < MIN_LETTERS || rise <= 0) continue;
    const named = label(key);
    if (!named) continue;
    out.push({ kind, key, ...named, current, previous, baseline: Math.round(mean * 10) / 10, rise: Math.round(rise * 10) / 10, letters: [] });
  }
  return out.sort((a, b) => b.rise - a.rise || b.current - a.current || a.key.localeCompare(b.key)).slice(0, TOP_N);
}

/** As lower(btrim(place)) in SQL. */
const normalPlace = (place: string) => place.replace(/^ +| +$/g, '').toLowerCase();

/** Particles that make a bigram say nothing (贵的, 的问, 了吗). */
const PARTICLES = /[的了吗呢啊吧么着得地]/u;

/** Whether a token is worth ranking: two characters or more, not a number, not a generic word or with a particle. */
const termWorthy = (t: string) => Array.from(t).length >= 2 && !/^\d+$/.test(t) && !STOP_TERMS.has(t) && !PARTICLES.test(t);

/** Each worthy token of each title once: calls `sink(token)` per (title, token). */
function eachTerm(title: string, sink: (term: string) => void) {
  const seen = new Set<string>();
  for (const t of bigrams(title)) {
    if (seen.has(t) || !termWorthy(t)) continue;
    seen.add(t);
    sink(t);
  }
}

/**
 * Letters per term in one week's titles. A week that has ended is kept in memory for TERM_CACHE_MS (its letters
 * change only by a rare merge): a week's view reads the four weeks before from here and tokenises only its own.
 */
const TERM_CACHE_MS = 10 * 60_000;
const TERM_CACHE_WEEKS = 32;
const termCaches = databaseScoped(() => new Map<string, { at: number; counts: Map<string, number> }>());

async function weekTermCounts(database: Db | Tx, week: string, now: Date): Promise<Map<string, number>> {
  const { weekStart, end } = windowOf(week);
  const ended = Date.parse(end) <= now.getTime();
  const termCache = termCaches();
  const cached = termCache.get(week);
  if (ended && cached && now.getTime() - cached.at < TERM_CACHE_MS) return cached.counts;
  const rows = rowsOf<{ title: string }>(await database.execute(sql`select l.title from letters l
    where l.submitted_at >= ${weekStart}::timestamptz and l.submitted_at < ${end}::timestamptz and l.status <> 'merged'`));
  const counts = new Map<string, number>();
  for (const r of rows) eachTerm(r.title, (t) => counts.set(t, (counts.get(t) ?? 0) + 1));
  if (ended) {
    termCache.delete(week);
    termCache.set(week, { at: now.getTime(), counts });
    while (termCache.size > TERM_CACHE_WEEKS) termCache.delete(termCache.keys().next().value!);
  }
  return counts;
}

/** Forget the cached term counts (tests that insert letters into past weeks). */
export function clearTermCache(): void {
  termCaches().clear();
}

/**
 * Terms of the titles: per token, this week's letter ids and the letters of the four weeks before (`previous`,
 * oldest first). Tokens whose letters this week are exactly the same set and chain (AB, BC, CD) are joined into one
 * phrase (ABCD), counted as its rarest part.
 */
function rankTerms(rows: Array<{ id: number; title: string }>, previous: Array<Map<string, number>>): Array<Hotspot & { ids: number[] }> {
  const ids = new Map<string, number[]>();
  for (const r of rows) {
    eachTerm(r.title, (t) => {
      const list = ids.get(t);
      if (list) list.push(r.id);
      else ids.set(t, [r.id]);
    });
  }
  const weeksOf = new Map<string, number[]>();
  const weeks = { get: (t: string) => {
    let w = weeksOf.get(t);
    if (!w) weeksOf.set(t, (w = [...previous.map((m) => m.get(t) ?? 0), ids.get(t)?.length ?? 0]));
    return w;
  } };
  // Candidates: rising tokens with enough letters this week.
  const candidates = [...ids.entries()].filter(([t, list]) => {
    const w = weeks.get(t)!;
    return list.length >= MIN_LETTERS && list.length - (w[0]! + w[1]! + w[2]! + w[3]!) / BASELINE_WEEKS > 0;
  });
  // Group by identical letter sets, then chain overlapping bigrams within a group.
  const groups = new Map<string, string[]>();
  for (const [t, list] of candidates) {
    const sig = list.join(',');
    const g = groups.get(sig);
    if (g) g.push(t);
    else groups.set(sig, [t]);
  }
  const out: Array<Hotspot & { ids: number[] }> = [];
  for (const [sig, terms] of groups) {
    const letterIds = sig.split(',').map(Number);
    const remaining = new Set(terms);
    const chars = (t: string) => Array.from(t);
    const isPair = (t: string) => chars(t).length === 2;
    while (remaining.size) {
      // Start at a token no other pair in the group leads into.
      const pairs = [...remaining].filter(isPair);
      let start = [...remaining].find((t) => !isPair(t)) ?? pairs.find((p) => !pairs.some((q) => q !== p && chars(q)[1] === chars(p)[0])) ?? pairs[0]!;
      remaining.delete(start);
      const parts = [start];
      let phrase = start;
      while (isPair(start)) {
        const next = [...remaining].find((q) => isPair(q) && chars(q)[0] === chars(start)[1]);
        if (!next) break;
        remaining.delete(next);
        parts.push(next);
        phrase += chars(next)[1];
        start = next;
      }
      // The phrase occurs at most as often as its rarest part: the smallest count per week, and the largest baseline.
      const previous = [0, 1, 2, 3].map((b) => Math.min(...parts.map((p) => weeks.get(p)![b]!)));
      const mean = Math.max(...parts.map((p) => weeks.get(p)!.slice(0, 4).reduce((a, b) => a + b, 0) / BASELINE_WEEKS));
      const current = letterIds.length;
      out.push({ kind: 'term', key: phrase, label: phrase, labelEn: phrase, current, previous, baseline: Math.round(mean * 10) / 10,
        rise: Math.round((current - mean) * 10) / 10, letters: [], ids: letterIds });
    }
  }
  return out.filter((h) => h.rise > 0)
    .sort((a, b) => b.rise - a.rise || b.current - a.current || Array.from(b.key).length - Array.from(a.key).length || a.key.localeCompare(b.key))
    .slice(0, TOP_N);
}

/** The hotspots of a week (default: the current Beijing week). */
export async function weeklyHotspots(actor: Actor, input: unknown = {}, now = new Date()): Promise<HotspotWeek> {
  assertCan(actor, 'hotspots.read');
  const { week: asked } = parseInput(hotspotQuery, input);
  return computeHotspots(db(), asked ?? currentWeek(now), now);
}

export async function computeHotspots(database: Db | Tx, week: string, now = new Date()): Promise<HotspotWeek> {
  const { start, end, weekStart } = windowOf(week);
  const bucket = bucketSql(week);
  const inWindow = sql`l.submitted_at >= ${start}::timestamptz and l.submitted_at < ${end}::timestamptz and l.status <> 'merged'`;
  // One scan of the five weeks for the three counts (grouping sets): by topic, by district, by named place.
  const [countRows, titleRows, topicNodes, districtNames, previousTerms] = await Promise.all([
    database.execute(sql`select case when grouping(l.topic_id) = 0 then 't' when grouping(l.district_id) = 0 then 'd' else 'p' end as kind,
        coalesce(l.topic_id::text, l.district_id::text, lower(btrim(l.place))) as key, min(btrim(l.place)) as label, b.bucket, count(*)::int as n
      from letters l cross join lateral (select ${bucket} as bucket) b
      where ${inWindow} and (l.topic_id is not null or l.district_id is not null or l.place is not null)
      group by grouping sets ((l.topic_id, b.bucket), (l.district_id, b.bucket), (lower(btrim(l.place)), b.bucket))`),
    database.execute(sql`select l.id, l.title from letters l
      where l.submitted_at >= ${weekStart}::timestamptz and l.submitted_at < ${end}::timestamptz and l.status <> 'merged'`),
    loadTopics(database),
    database.execute(sql`select id::text as id, name, name_en from districts`),
    Promise.all([-4, -3, -2, -1].map((offset) => weekTermCounts(database, shiftWeek(week, offset), now))),
  ]);
  const counted = rowsOf<{ kind: 't' | 'd' | 'p'; key: string | null; label: string | null; bucket: number | string; n: number | string }>(countRows)
    .filter((c) => c.key !== null && c.key !== '');
  const count = (kind: 't' | 'd') => counted.filter((c) => c.kind === kind).map((c) => ({ key: String(c.key), bucket: Number(c.bucket), n: Number(c.n) }));
  const topicById = new Map(topicNodes.map((n) => [String(n.id), n]));
  const topics = rank(count('t'), (key) => {
    const n = topicById.get(key);
    return n ? { label: n.path.join(' > '), labelEn: n.pathEn.join(' > ') } : null;
  }, 'topic');
  const districtById = new Map(rowsOf<{ id: string; name: string; name_en: string }>(districtNames).map((d) => [String(d.id), d]));
  const placeCounts: Count[] = [];
  const placeLabels = new Map<string, string>();
  for (const p of counted.filter((c) => c.kind === 'p')) {
    const key = `p${p.key}`;
    if (!placeLabels.has(key) || Number(p.bucket) === 4) placeLabels.set(key, p.label ?? p.key!);
    placeCounts.push({ key, bucket: Number(p.bucket), n: Number(p.n) });
  }
  const places = rank([...count('d').map((c) => ({ ...c, key: `d${c.key}` })), ...placeCounts], (key) => {
    if (key.startsWith('d')) {
      const d = districtById.get(key.slice(1));
      return d ? { label: d.name, labelEn: d.name_en || d.name } : null;
    }
    const label = placeLabels.get(key)!;
    return { label, labelEn: label };
  }, 'place');
  const titles = rowsOf<{ id: number | string; title: string }>(titleRows).map((r) => ({ id: Number(r.id), title: r.title }));
  const terms = rankTerms(titles, previousTerms);
  const total = titles.length;

  // The letters of each hotspot (this week, newest first, at most LETTERS_PER_HOTSPOT each), in one query.
  const weekOnly = sql`l.submitted_at >= ${weekStart}::timestamptz and l.submitted_at < ${end}::timestamptz and l.status <> 'merged'`;
  const termIds = [...new Set(terms.flatMap((t) => t.ids.slice(0, 500)))];
  const topicIds = topics.map((t) => Number(t.key));
  const districtIds = places.filter((p) => p.key.startsWith('d')).map((p) => Number(p.key.slice(1)));
  const placeKeys = places.filter((p) => p.key.startsWith('p')).map((p) => p.key.slice(1));
  const any = (ids: number[]) => (ids.length ? sql`in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`in (null)`);
  const letterRows = rowsOf<{ id: number | string; tracking_no: string; title: string; status: string; submitted_at: Date | string; topic_id: number | string | null; district_id: number | string | null; place: string | null }>(
    await database.execute(sql`select l.id, l.tracking_no, l.title, l.status, l.submitted_at, l.topic_id, l.district_id, l.place from letters l
      where ${weekOnly} and (l.topic_id ${any(topicIds)} or l.district_id ${any(districtIds)} or l.id ${any(termIds)}
        ${placeKeys.length ? sql`or (l.place is not null and lower(btrim(l.place)) in (${sql.join(placeKeys.map((k) => sql`${k}`), sql`, `)}))` : sql``})
      order by l.submitted_at desc, l.id desc`));
  const toLetter = (r: (typeof letterRows)[number]): HotspotLetter => ({
    trackingNo: r.tracking_no, title: r.title, status: r.status,
    submittedAt: new Date(r.submitted_at).toISOString(), url: `/letters/${r.tracking_no}`,
  });
  const push = (h: Hotspot, r: (typeof letterRows)[number]) => { if (h.letters.length < LETTERS_PER_HOTSPOT) h.letters.push(toLetter(r)); };
  const termSets = terms.map((t) => ({ t, ids: new Set(t.ids) }));
  for (const r of letterRows) {
    const id = Number(r.id);
    for (const h of topics) if (r.topic_id !== null && h.key === String(r.topic_id)) push(h, r);
    for (const h of places) {
      if ((r.district_id !== null && h.key === `d${r.district_id}`) || (r.place && h.key === `p${normalPlace(r.place)}`)) push(h, r);
    }
    for (const { t, ids } of termSets) if (ids.has(id)) push(t, r);
  }
  const current = currentWeek(now);
  return {
    week, from: mondayOf(week)!, to: sundayOf(week), previousWeek: shiftWeek(week, -1),
    nextWeek: week >= current ? null : shiftWeek(week, 1),
    total, topics, places, terms: terms.map(({ ids: _ids, ...h }) => h),
  };
}

/**
 * Every letter of one hotspot in its week (not only the listed ones), for adopting it as an action: the letters of
 * the topic, the district, the named place, or whose title holds the term.
 */
export async function hotspotLetterIds(database: Db | Tx, kind: HotspotKind, key: string, week: string): Promise<number[]> {
  const { weekStart, end } = windowOf(week);
  const weekOnly = sql`l.submitted_at >= ${weekStart}::timestamptz and l.submitted_at < ${end}::timestamptz and l.status <> 'merged'`;
  let match;
  if (kind === 'topic') match = sql`l.topic_id = ${Number(key) || 0}`;
  else if (kind === 'place' && key.startsWith('d')) match = sql`l.district_id = ${Number(key.slice(1)) || 0}`;
  else if (kind === 'place') match = sql`l.place is not null and lower(btrim(l.place)) = ${key.slice(1)}`;
  else match = sql`strpos(lower(l.title), ${key.toLowerCase()}) > 0`;
  const rows = rowsOf<{ id: number | string }>(await database.execute(sql`select l.id from letters l where ${weekOnly} and ${match} order by l.id limit 2000`));
  return rows.map((r) => Number(r.id));
}

/** A hotspot's name and its letters that week, for the adopt form; null when the key names nothing. */
export async function describeHotspot(database: Db | Tx, kind: HotspotKind, key: string, week: string): Promise<{ label: string; labelEn: string; count: number } | null> {
  let label: { label: string; labelEn: string } | null = null;
  if (kind === 'topic') {
    const node = (await loadTopics(database)).find((n) => String(n.id) === key);
    if (node) label = { label: node.path.join(' > '), labelEn: node.pathEn.join(' > ') };
  } else if (kind === 'place' && key.startsWith('d')) {
    const [d] = rowsOf<{ name: string; name_en: string }>(await database.execute(sql`select name, name_en from districts where id = ${Number(key.slice(1)) || 0}`));
    if (d) label = { label: d.name, labelEn: d.name_en || d.name };
  } else if (kind === 'place' && key.startsWith('p') && key.length > 1) {
    label = { label: key.slice(1), labelEn: key.slice(1) };
  } else if (kind === 'term' && key.trim()) {
    label = { label: key, labelEn: key };
  }
  if (!label) return null;
  return { ...label, count: (await hotspotLetterIds(database, kind, key, week)).length };
}
