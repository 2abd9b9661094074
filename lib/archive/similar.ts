import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Db, type Tx } from '../db';
import { ownCatalogueItemsMatching, type PublicCatalogueItem } from '../disclosure/catalogue';
import { itemsFor, type ArchiveListItem } from './public-queries';
import { archiveEntries } from './schema';
import { bigrams } from './search';

/**
 * "这些答复可能已解答您的问题": while a citizen writes a letter, the published answers (archive letters and interview
 * entries) and the bureau's own catalogue items that look like the same question (issue 17 item 4). Suggests, never
 * blocks: the write form shows the list beside the draft.
 *
 * Built on the archive's bigram index (lib/archive/search.ts), the same on PGlite and PostgreSQL:
 * 1. the draft's distinct search tokens (title, then the start of the body), without a short list of stop bigrams
 *    (请问, 您好, 如何 …) and without numbers (dates, phone numbers);
 * 2. their document frequency: the most common lexemes come from the column's ANALYZE statistics
 *    (pg_stats.most_common_elems, cached per process), the others are counted through the GIN index, each count
 *    stopping at DF_COUNT_CAP rows. Tokens no entry holds take no part in finding candidates (a bigram across two
 *    words, a typo), tokens in more than COMMON_SHARE of the entries neither;
 * 3. candidates: published entries holding at least two of the RETRIEVAL_TERMS rarest remaining tokens (an OR of
 *    pairs through the GIN index; the tokens taken while their postings fit POSTINGS_BUDGET, so the index scan's
 *    work does not grow with the archive), at most CANDIDATES of them;
 * 4. score: the share of the draft's informative weight (idf) that an entry holds in its title or question (an
 *    answer-only hit counts ANSWER_FACTOR), read in one pass per candidate (`unnest(search_vector)`); entries under
 *    MIN_SCORE are dropped, so a junk draft gets nothing.
 * Catalogue items (the bureau's own, not the answers' items, which are the archive entries above) have no search
 * vector: a few hundred rows, filtered by title on the rarest tokens and scored the same way on title and summary.
 * Only published rows and public fields: the archive's list view (itemsFor) and the catalogue's public view.
 */

export const SIMILAR_LIMIT = 5;
/** Draft text read: the title and the start of the body (the question is stated early; long bodies cost nothing more). */
const BODY_CHARS = 600;
/** Distinct tokens of a draft scored at most. */
const MAX_TERMS = 48;
/** Rarest tokens used to find candidates (pairs of them: 28 conjunctions at most). */
const RETRIEVAL_TERMS = 8;
/**
 * The retrieval tokens' postings read at most (the sum of their document frequencies): the GIN scan's work stays
 * bounded at any archive size — the rarest tokens are taken until the budget is spent (two at least).
 */
const POSTINGS_BUDGET = 20_000;
/** Candidate entries scored at most. */
const CANDIDATES = 200;
/** Document-frequency counts stop here (rarer than this is all the ranking needs to know). */
const DF_COUNT_CAP = 50;
/** Tokens in more than this share of the entries find no candidates (景区 at a tourism bureau). */
const COMMON_SHARE = 0.08;
/** An answer-only (weight C) hit counts this much of a title or question hit. */
const ANSWER_FACTOR = 0.35;
/** A draft token no entry holds weighs this much of the rarest token's weight in the denominator. */
const ABSENT_FACTOR = 0.1;
/** Minimum share of the draft's weight an entry must hold to be suggested. */
export const MIN_SCORE = 0.25;
/** Statistics are re-read after this long. */
const STATS_TTL_MS = 10 * 60_000;

/**
 * Generic words of letters to a bureau: they say nothing about which question is asked. Common content words
 * (景区, 门票) are left to the document frequency.
 */
export const STOP_BIGRAMS = new Set([
  '请问', '您好', '你好', '谢谢', '感谢', '麻烦', '我们', '你们', '他们', '如何', '怎么', '怎样', '什么', '是否', '是不', '不是',
  '可以', '能否', '能不', '不能', '希望', '问题', '一下', '这个', '那个', '没有', '已经', '现在', '关于', '咨询', '反映', '投诉',
  '建议', '想问', '有关', '相关', '领导', '部门', '贵局', '我局', '市民', '一个', '还是', '或者', '以及', '因为', '所以', '但是',
  '需要', '应该', '情况', '请求', '恳请', '尽快', '及时', '处理', '解决', '回复', '答复', '的问', '的话', '了解', '知道', '请您',
  '谢您', '非常', '特别', '比较', '有没', '没有', '我想', '想了', '请帮', '帮忙',
]);

export const similarInput = z.object({
  title: z.string({ error: '标题必须是文字' }).max(200, { error: '标题最多 200 个字' }).default(''),
  body: z.string({ error: '内容必须是文字' }).max(5000, { error: '内容最多 5000 个字' }).default(''),
});
export type SimilarInput = z.infer<typeof similarInput>;

export type SimilarItem =
  | ({ source: 'archive'; score: number } & ArchiveListItem)
  | ({ source: 'catalogue'; score: number } & PublicCatalogueItem);

export interface SimilarResult {
  items: SimilarItem[];
  /** Milliseconds spent in the database (Server-Timing). */
  dbMs: number;
}

interface Term {
  lexeme: string;
  inTitle: boolean;
  /** Entries holding it (an estimate for common ones); 0: none. */
  df: number;
  idf: number;
}

/** The draft's distinct informative tokens, title first. */
export function draftTerms(title: string, body: string): Array<{ lexeme: string; inTitle: boolean }> {
  const seen = new Map<string, boolean>();
  const add = (text: string, inTitle: boolean) => {
    for (const lexeme of bigrams(text)) {
      if (seen.size >= MAX_TERMS) return;
      if ([...lexeme].length < 2 || /^\d+$/.test(lexeme) || STOP_BIGRAMS.has(lexeme) || seen.has(lexeme)) continue;
      seen.set(lexeme, inTitle);
    }
  };
  add(title, true);
  add(Array.from(body).slice(0, BODY_CHARS).join(''), false);
  return [...seen].map(([lexeme, inTitle]) => ({ lexeme, inTitle }));
}

const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

interface ColumnStats {
  at: number;
  /** Estimated rows of archive_entries. */
  rows: number;
  /** lexeme → share of rows holding it, for the most common lexemes. */
  common: Map<string, number>;
}
const statsCache = new WeakMap<object, ColumnStats>();

/** The search vector's most common lexemes and the table size, from the planner's statistics (cached). */
async function columnStats(db: Db | Tx): Promise<ColumnStats> {
  const cached = statsCache.get(db);
  if (cached && Date.now() - cached.at < STATS_TTL_MS) return cached;
  const [row] = rowsOf<{ rows: number | string | null; elems: string | null; freqs: number[] | string | null }>(await db.execute(sql`
    select (select reltuples::float8 from pg_class where oid = 'archive_entries'::regclass) as rows,
      (select most_common_elems::text from pg_stats where schemaname = current_schema() and tablename = 'archive_entries' and attname = 'search_vector') as elems,
      (select most_common_elem_freqs from pg_stats where schemaname = current_schema() and tablename = 'archive_entries' and attname = 'search_vector') as freqs`));
  const common = new Map<string, number>();
  const elems = parseTextArray(row?.elems ?? null);
  const freqs = typeof row?.freqs === 'string' ? row.freqs.replace(/[{}]/g, '').split(',').map(Number) : (row?.freqs ?? []).map(Number);
  elems.forEach((lexeme, i) => { if (freqs[i] !== undefined) common.set(lexeme, freqs[i]!); });
  let rows = Number(row?.rows ?? 0);
  // Never analysed (a fresh PGlite database): count (small by nature, a large table gets analysed by autovacuum).
  if (!(rows > 0)) {
    const [count] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(*)::int as n from ${archiveEntries}`));
    rows = Number(count?.n ?? 0);
  }
  // A never-analysed table's counts are exact and cheap to redo: cache them only briefly.
  const stats = { at: common.size > 0 ? Date.now() : Date.now() - STATS_TTL_MS + 5_000, rows, common };
  statsCache.set(db, stats);
  return stats;
}

/** Forgets the cached statistics (tests that ANALYZE after seeding). */
export function forgetSimilarStats(db: Db | Tx): void {
  statsCache.delete(db);
}

/** A PostgreSQL text-array literal ({a,"b c"}) as strings. */
function parseTextArray(literal: string | null): string[] {
  if (!literal || literal.length < 2) return [];
  const out: string[] = [];
  const body = literal.slice(1, -1);
  let i = 0;
  while (i < body.length) {
    if (body[i] === '"') {
      let value = '';
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        value += body[i] ?? '';
        i++;
      }
      out.push(value);
      i += 2; // closing quote and comma
    } else {
      const end = body.indexOf(',', i);
      out.push(body.slice(i, end === -1 ? body.length : end));
      i = end === -1 ? body.length : end + 1;
    }
  }
  return out;
}

/** Document frequencies of the draft's tokens: common ones from the statistics, the others counted (capped). */
async function withFrequencies(db: Db | Tx, terms: Array<{ lexeme: string; inTitle: boolean }>): Promise<{ terms: Term[]; rows: number }> {
  const stats = await columnStats(db);
  const toCount = terms.filter((t) => !stats.common.has(t.lexeme));
  const counted = new Map<string, number>();
  if (toCount.length > 0) {
    const values = sql.join(toCount.map((t) => sql`(${t.lexeme}, ${quote(t.lexeme)}::tsquery)`), sql`, `);
    const rows = rowsOf<{ l: string; df: number | string }>(await db.execute(sql`
      select t.l, (select count(*)::int from (select 1 from ${archiveEntries} e where e.status = 'published' and e.search_vector @@ t.q limit ${DF_COUNT_CAP}) s) as df
      from (values ${values}) as t(l, q)`));
    for (const r of rows) counted.set(r.l, Number(r.df));
  }
  // Below the statistics' least common lexeme (or the count cap), an uncounted share is at most that.
  const leastCommon = stats.common.size > 0 ? Math.min(...stats.common.values()) * stats.rows : DF_COUNT_CAP;
  const rows = Math.max(stats.rows, 1);
  const out = terms.map((t) => {
    const share = stats.common.get(t.lexeme);
    let df = share !== undefined ? share * rows : counted.get(t.lexeme) ?? 0;
    if (share === undefined && df >= DF_COUNT_CAP) df = Math.max(df, Math.min(leastCommon, rows));
    return { ...t, df, idf: Math.log(1 + rows / (df + 0.5)) };
  });
  return { terms: out, rows };
}

const WEIGHT_FACTOR: Record<string, number> = { A: 1, B: 1, C: ANSWER_FACTOR, D: ANSWER_FACTOR };

/** The public entries and catalogue items most like the draft, best first (up to five). */
export async function similarAnswers(db: Db | Tx, input: SimilarInput, options: { limit?: number; minScore?: number } = {}): Promise<SimilarResult> {
  const started = performance.now();
  const limit = Math.min(options.limit ?? SIMILAR_LIMIT, SIMILAR_LIMIT);
  const minScore = options.minScore ?? MIN_SCORE;
  const done = (items: SimilarItem[]): SimilarResult => ({ items, dbMs: Math.round((performance.now() - started) * 10) / 10 });
  const drafted = draftTerms(input.title, input.body);
  if (drafted.length < 2) return done([]);

  const { terms, rows } = await withFrequencies(db, drafted);
  const present = terms.filter((t) => t.df > 0);
  if (present.length === 0) return done([]);
  const maxIdf = Math.max(...present.map((t) => t.idf));
  // The draft's informative weight: present tokens by their idf, absent ones (a new subject, or a typo) at a part of
  // the rarest token's weight; title tokens count once more (the title names the question).
  const weightOf = (t: Term) => (t.df > 0 ? t.idf : maxIdf * ABSENT_FACTOR) * (t.inTitle ? 1.5 : 1);
  const total = terms.reduce((sum, t) => sum + weightOf(t), 0);
  const retrieval: Term[] = [];
  let postings = 0;
  for (const t of present.filter((t) => t.df <= Math.max(COMMON_SHARE * rows, DF_COUNT_CAP)).sort((a, b) => a.df - b.df || Number(b.inTitle) - Number(a.inTitle))) {
    if (retrieval.length >= RETRIEVAL_TERMS || (retrieval.length >= 2 && postings + t.df > POSTINGS_BUDGET)) break;
    retrieval.push(t);
    postings += t.df;
  }
  if (retrieval.length === 0) return done([]);
  const byLexeme = new Map(present.map((t) => [t.lexeme, t]));

  const score = (hits: Iterable<[string, number]>) => {
    let sum = 0;
    for (const [lexeme, factor] of hits) {
      const t = byLexeme.get(lexeme);
      if (t) sum += weightOf(t) * factor;
    }
    return sum / total;
  };

  const [archive, catalogue] = await Promise.all([
    archiveCandidates(db, retrieval, present, score, minScore, limit),
    catalogueCandidates(db, retrieval, present, score, minScore, limit),
  ]);
  const ranked = [...archive, ...catalogue].sort((a, b) => b.score - a.score).slice(0, limit);
  const archiveIds = ranked.filter((r) => r.source === 'archive').map((r) => r.id as number);
  // itemsFor keeps the order of the ids (all published a moment ago; one gone since is left out).
  const listed = archiveIds.length ? await itemsFor(db, archiveIds, []) : [];
  const views = new Map(listed.length === archiveIds.length ? listed.map((item, i) => [archiveIds[i]!, item]) : []);
  const items: SimilarItem[] = ranked.flatMap((r): SimilarItem[] => {
    const round = Math.round(r.score * 1000) / 1000;
    if (r.source === 'catalogue') return [{ source: 'catalogue', score: round, ...r.item }];
    const view = views.get(r.id as number);
    return view ? [{ source: 'archive', score: round, ...view }] : [];
  });
  return done(items);
}

type Scored = { source: 'archive'; id: number; score: number } | { source: 'catalogue'; id: string; score: number; item: PublicCatalogueItem };

/** Published entries holding two of the rarest tokens (one when only one is left), scored on all present tokens. */
async function archiveCandidates(db: Db | Tx, retrieval: Term[], present: Term[], score: (hits: Iterable<[string, number]>) => number, minScore: number, limit: number): Promise<Scored[]> {
  const lexemes = retrieval.map((t) => quote(t.lexeme));
  const pairs: string[] = [];
  for (let i = 0; i < lexemes.length; i++) for (let j = i + 1; j < lexemes.length; j++) pairs.push(`(${lexemes[i]} & ${lexemes[j]})`);
  const tsquery = pairs.length > 0 ? pairs.join(' | ') : lexemes[0]!;
  const scored = sql.join(present.map((t) => sql`${t.lexeme}`), sql`, `);
  // Through the GIN index: the planner, seeing a LIMIT and a query it thinks common, would rather walk the table (or
  // the status index) testing every row's vector — 80 to 390 ms instead of 13 to 54 at 50,000 letters, and growing
  // with the archive. The draft's tokens each candidate holds, with their weights ("西山:AB"), in the same pass.
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`);
    return rowsOf<{ id: string | number; hits: string[] | string | null }>(await tx.execute(sql`
      select id, (select array_agg(u.lexeme || ':' || array_to_string(u.weights, '')) from unnest(search_vector) u where u.lexeme in (${scored})) as hits
      from ${archiveEntries}
      where status = 'published' and search_vector @@ ${tsquery}::tsquery
      limit ${CANDIDATES}`));
  });
  const hits = new Map<number, Map<string, number>>();
  for (const r of rows) {
    const entry = new Map<string, number>();
    for (const hit of typeof r.hits === 'string' ? parseTextArray(r.hits) : (r.hits ?? [])) {
      const colon = hit.lastIndexOf(':');
      entry.set(hit.slice(0, colon), Math.max(...[...hit.slice(colon + 1)].map((w) => WEIGHT_FACTOR[w] ?? ANSWER_FACTOR)));
    }
    hits.set(Number(r.id), entry);
  }
  return [...hits]
    .map(([id, h]) => ({ source: 'archive' as const, id, score: score(h) }))
    .filter((s) => s.score >= minScore)
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, limit);
}

/** The bureau's own published catalogue items whose title holds one of the rarest tokens, scored on title and summary. */
async function catalogueCandidates(db: Db | Tx, retrieval: Term[], present: Term[], score: (hits: Iterable<[string, number]>) => number, minScore: number, limit: number): Promise<Scored[]> {
  const items = await ownCatalogueItemsMatching(db, retrieval.map((t) => t.lexeme), CANDIDATES);
  const wanted = new Set(present.map((t) => t.lexeme));
  return items
    .map((item) => {
      const hits = new Map<string, number>();
      for (const lexeme of bigrams(item.summary)) if (wanted.has(lexeme)) hits.set(lexeme, 1);
      for (const lexeme of bigrams(item.title)) if (wanted.has(lexeme)) hits.set(lexeme, 1);
      return { source: 'catalogue' as const, id: item.id, score: score(hits), item };
    })
    .filter((s) => s.score >= minScore)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
