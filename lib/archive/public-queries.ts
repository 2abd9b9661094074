import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Db, type Tx } from '../db';
import { departments } from '../accounts/schema';
import { catalogueCategories, catalogueItems } from '../disclosure/schema';
import { interviews } from '../interviews/schema';
import { LETTER_KINDS, RATINGS, type Rating } from '../letters/schema';
import { publicAttachments, type IncludedAttachment } from './attachments';
import { ARCHIVE_KINDS, archiveEntries, type ArchiveKind } from './schema';
import { highlight, MAX_QUERY_LENGTH, parseSearchQuery, type HighlightPart } from './search';

/**
 * Public reads of the answer archive: only `published` entries, ever. Pages, the API, feeds and the sitemap read
 * through here, so an unpublished entry disappears from all of them with the one status change.
 *
 * Scale (docs/BENCHMARKS.md): at a million letters a common two-character word matches hundreds of thousands of
 * entries, and checking or ranking one entry means reading its search vector. So:
 * - totals are counted up to a cap (LIST_COUNT_CAP, SEARCH_COUNT_CAP); beyond it `approximate: true` and the page
 *   says "约 N 条";
 * - relevance ranks a bounded candidate set: the newest SEARCH_CANDIDATES matches, ordered by ts_rank (a title hit
 *   outranks a body hit), ties newest first. The pages after the candidates continue with the older matches, newest
 *   first, so paging never repeats or skips an entry. A query with fewer matches is ranked completely.
 */

export const ARCHIVE_SORTS = ['relevance', 'newest', 'oldest'] as const;
export type ArchiveSort = (typeof ARCHIVE_SORTS)[number];

export const ARCHIVE_PAGE_SIZE = 20;
export const ARCHIVE_MAX_PAGE_SIZE = 50;
/** Counts stop here; more is shown as "约 N 条". */
export const LIST_COUNT_CAP = 10_000;
export const SEARCH_COUNT_CAP = 200;
/** Relevance ranks the newest this-many matches of a search. */
export const SEARCH_CANDIDATES = 200;

/** The query string of the archive page and GET /api/v1/archive. Empty strings count as absent. */
export const archiveListQuery = z.object({
  q: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z.string({ error: '搜索词必须是文字' }).max(MAX_QUERY_LENGTH, { error: `搜索词最多 ${MAX_QUERY_LENGTH} 个字` }).optional(),
  ),
  kind: z.preprocess(emptyToUndefined, z.enum(ARCHIVE_KINDS, { error: '类型只能是 letter（来信）或 interview（访谈）' }).optional()),
  letterKind: z.preprocess(emptyToUndefined, z.enum(LETTER_KINDS, { error: '来信类别只能是 inquiry、complaint 或 suggestion' }).optional()),
  /** The writer's rating of a letter's answer (the 政民互动 board's filter); interviews have none. */
  rating: z.preprocess(emptyToUndefined, z.enum(RATINGS, { error: '评价只能是 satisfied（满意）、basically_satisfied（基本满意）或 unsatisfied（不满意）' }).optional()),
  /** A department's public id (GET /api/v1/departments); internal ids never leave the server. */
  departmentId: z.preprocess(
    emptyToUndefined,
    z.string({ error: '部门编号无效' }).regex(/^[A-Za-z0-9-]{1,64}$/, { error: '部门编号无效' }).optional(),
  ),
  categoryCode: z.preprocess(emptyToUndefined, z.string().regex(/^\d{2,6}$/, { error: '目录分类代码应为 2–6 位数字' }).optional()),
  year: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: '年份必须是数字' }).int({ error: '年份必须是整数' }).min(2000, { error: '年份不能早于 2000 年' }).max(2999, { error: '年份超出范围' }).optional(),
  ),
  sort: z.preprocess(emptyToUndefined, z.enum(ARCHIVE_SORTS, { error: '排序只能是 relevance（相关度）、newest（最新）或 oldest（最早）' }).optional()),
  page: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: '页码必须是数字' }).int({ error: '页码必须是整数' }).min(1, { error: '页码从 1 开始' }).max(500, { error: '页码最大为 500，请用筛选条件缩小范围' }).default(1),
  ),
  pageSize: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: '每页条数必须是数字' }).int({ error: '每页条数必须是整数' }).min(1, { error: '每页至少 1 条' }).max(ARCHIVE_MAX_PAGE_SIZE, { error: `每页最多 ${ARCHIVE_MAX_PAGE_SIZE} 条` }).default(ARCHIVE_PAGE_SIZE),
  ),
});
export type ArchiveListQuery = z.infer<typeof archiveListQuery>;

function emptyToUndefined(v: unknown): unknown {
  if (Array.isArray(v)) v = v[0];
  return v === '' || v === null ? undefined : v;
}

export interface ArchiveListItem {
  /** publicId */
  id: string;
  kind: ArchiveKind;
  letterKind: string | null;
  title: string;
  department: { id: string; name: string } | null;
  category: { code: string; name: string } | null;
  submittedAt: Date;
  answeredAt: Date | null;
  publishedAt: Date;
  workingDays: number | null;
  /** The writer's rating of the answer (letters; null: not rated yet, or an interview). */
  rating: Rating | null;
  url: string;
  snippet: HighlightPart[];
}

export interface ArchiveListResult {
  items: ArchiveListItem[];
  /** Matching entries, counted up to a cap: with `approximate` the true number is larger ("约 N 条"). */
  total: number;
  approximate: boolean;
  page: number;
  pageSize: number;
  /** The search terms (for highlighting elsewhere); empty without a query. */
  terms: string[];
  /** Milliseconds spent in the database for this list (Server-Timing). */
  dbMs: number;
}

export interface ListArchiveInput {
  q?: string;
  kind?: ArchiveKind;
  letterKind?: string;
  rating?: Rating;
  departmentId?: string;
  categoryCode?: string;
  year?: number;
  sort?: ArchiveSort;
  page: number;
  pageSize: number;
}

const SNIPPET_LENGTH = 120;
/** Snippets are cut from the first characters only, so a long transcript is never shipped whole. */
const SNIPPET_SOURCE_CHARS = 4000;

export const archiveUrl = (publicId: string) => `/archive/${publicId}`;

/**
 * The department and category filters as internal ids, in one round trip: null when the department or category does
 * not exist (the list is then empty without a walk through the archive looking for `department_id = null`).
 */
async function resolveFilterIds(db: Db | Tx, input: ListArchiveInput): Promise<{ departmentId?: number; categoryIds?: number[] } | null> {
  if (input.departmentId === undefined && !input.categoryCode) return {};
  const [row] = rowsOf<{ department_id: string | number | null; category_ids: Array<string | number> | null }>(await db.execute(sql`
    select
      ${input.departmentId === undefined ? sql`null` : sql`(select ${departments.id} from ${departments} where ${departments.publicId} = ${input.departmentId})`} as department_id,
      ${input.categoryCode ? sql`array(select c.id from ${catalogueCategories} c where c.code = ${input.categoryCode} or c.parent_id = (select p.id from ${catalogueCategories} p where p.code = ${input.categoryCode}))` : sql`null`} as category_ids`));
  const resolved: { departmentId?: number; categoryIds?: number[] } = {};
  if (input.departmentId !== undefined) {
    if (row?.department_id === null || row?.department_id === undefined) return null;
    resolved.departmentId = Number(row.department_id);
  }
  if (input.categoryCode) {
    // The category or any of its children (财务资金 includes 财政预决算 …).
    const ids = (row?.category_ids ?? []).map(Number);
    if (ids.length === 0) return null;
    resolved.categoryIds = ids;
  }
  return resolved;
}

/** The archive list: published entries, filtered, searched, sorted and paginated. */
export async function listArchive(db: Db | Tx, input: ListArchiveInput, tuning: SearchTuning = {}): Promise<ArchiveListResult> {
  const candidateCount = tuning.candidates ?? SEARCH_CANDIDATES;
  const started = performance.now();
  const page = Math.max(1, Math.floor(input.page || 1));
  const pageSize = Math.min(ARCHIVE_MAX_PAGE_SIZE, Math.max(1, Math.floor(input.pageSize || ARCHIVE_PAGE_SIZE)));
  const parsed = input.q ? parseSearchQuery(input.q) : null;
  const sort: ArchiveSort = input.sort ?? (parsed ? 'relevance' : 'newest');
  const cap = parsed ? (tuning.countCap ?? SEARCH_COUNT_CAP) : LIST_COUNT_CAP;
  const offset = (page - 1) * pageSize;
  const done = (items: ArchiveListItem[], total: number, approximate: boolean): ArchiveListResult => ({
    items,
    total: Math.min(total, cap),
    approximate,
    page,
    pageSize,
    terms: parsed?.terms ?? [],
    dbMs: Math.round((performance.now() - started) * 10) / 10,
  });

  const ids = await resolveFilterIds(db, input);
  if (!ids) return done([], 0, false);
  const filters: SQL[] = [eq(archiveEntries.status, 'published')];
  // A letter kind or a rating implies a letter (interview entries have neither): without the redundant kind test the
  // capped count reads archive_entries_letter_kind_idx / _rating_idx alone (an index-only scan, no heap visits).
  if (input.kind && !(input.kind === 'letter' && (input.letterKind || input.rating))) filters.push(eq(archiveEntries.kind, input.kind));
  if (input.letterKind) filters.push(sql`${archiveEntries.letterKind} = ${input.letterKind}`);
  if (input.rating) filters.push(sql`${archiveEntries.rating} = ${input.rating}`);
  if (ids.departmentId !== undefined) filters.push(eq(archiveEntries.departmentId, ids.departmentId));
  if (input.year !== undefined) filters.push(eq(archiveEntries.year, input.year));
  if (ids.categoryIds) filters.push(inArray(archiveEntries.categoryId, ids.categoryIds));
  const where = and(...filters)!;
  const ascending = sort === 'oldest';

  if (!parsed) {
    const order = ascending ? [asc(archiveEntries.publishedAt), asc(archiveEntries.id)] : [desc(archiveEntries.publishedAt), desc(archiveEntries.id)];
    // Pages past the capped count are not offered (and deep OFFSETs are not paid for).
    const pageIds = offset >= cap ? Promise.resolve([] as number[]) :
      db.select({ id: archiveEntries.id }).from(archiveEntries).where(where).orderBy(...order).limit(pageSize).offset(offset)
        .then((rows) => rows.map((r) => Number(r.id)));
    const [list, total] = await Promise.all([pageIds, cappedCount(db, where, cap)]);
    return done(list.length === 0 ? [] : await itemsFor(db, list, []), total, total > cap);
  }

  if (offset >= cap) {
    // Pages past the capped count are not offered; the total is still reported.
    const matches = await searchMatches(db, where, parsed.tsquery, { ascending, need: cap + 1, ranked: 0 }, tuning);
    return done([], matches.total, matches.total > cap);
  }
  const relevance = sort === 'relevance';
  const ranked = relevance ? candidateCount : 0;
  // The first `need` matches in walking order decide the page; cap + 1 of them decide whether the total is exact.
  const matches = await searchMatches(db, where, parsed.tsquery, { ascending, need: Math.max(cap + 1, offset + pageSize, ranked), ranked }, tuning);
  let order = matches.ids;
  if (relevance) {
    // The newest `candidateCount` matches by rank (a title hit outranks body hits), ties newest first; then the older
    // matches, newest first, so paging never repeats or skips an entry.
    const position = new Map(order.map((id, i) => [id, i]));
    const candidates = order.slice(0, candidateCount).sort((a, b) => (matches.ranks.get(b)! - matches.ranks.get(a)!) || position.get(a)! - position.get(b)!);
    order = [...candidates, ...order.slice(candidateCount)];
  }
  const list = order.slice(offset, offset + pageSize);
  return done(list.length === 0 ? [] : await itemsFor(db, list, parsed.terms), matches.total, matches.total > cap);
}

export interface SearchTuning {
  /** Relevance ranks the newest this-many matches (SEARCH_CANDIDATES). */
  candidates?: number;
  /** A search's total is counted up to this (SEARCH_COUNT_CAP). */
  countCap?: number;
  /** Rows the first walk checks (SEARCH_PROBE_ROWS). */
  probeRows?: number;
  /** Rows a walk may check at most before the GIN index is used instead (SEARCH_MAX_WALK_ROWS). */
  maxWalkRows?: number;
  /** Which way the last search went, for tests and docs/BENCHMARKS.md. */
  onPath?: (path: SearchPath) => void;
}
/** `walk`: found in the first walk; `walk2`: in the longer second walk; `index`: through the GIN index. */
export type SearchPath = 'walk' | 'walk2' | 'index';

/** Rows (newest first, within the filters) a search checks before it decides how to go on. */
export const SEARCH_PROBE_ROWS = 1_000;
/** Rows a second, longer walk may check; a rarer query goes through the GIN index. */
export const SEARCH_MAX_WALK_ROWS = 12_000;

interface SearchMatches {
  /** The first `need` matches (or all of them) in walking order: newest first, or oldest first. */
  ids: number[];
  /** ts_rank of the first `ranked` matches. */
  ranks: Map<number, number>;
  /** All matches when fewer than `need`, else at least `need`. */
  total: number;
}

/**
 * The first `need` matching entries in walking order, and the ts_rank of the first `ranked` of them.
 *
 * PostgreSQL estimates a phrase's frequency as the product of its bigrams' frequencies, far too low for the bigrams
 * of one word (4 rows estimated, 45,194 found for 景区门票价格偏高), so left to itself it fetches every match through
 * the GIN index and sorts them: 100 ms for the index scan alone. This function does not depend on that estimate:
 * 1. walk the newest SEARCH_PROBE_ROWS rows within the filters (archive_entries_public_idx, _year_idx,
 *    _department_idx …) and check each row's vector (`ts_match_vq`, which no index can serve, so the planner cannot
 *    swap the walk for the GIN scan), stopping at `need` matches. Done when it found them, or when the filters
 *    hold fewer rows than that (then every match is known);
 * 2. else, if the density seen so far promises the missing matches within SEARCH_MAX_WALK_ROWS more rows, walk on
 *    from the first window's last row (keyset on published_at, id), done on the same terms;
 * 3. else (a rare query, or rare within the filters) take every match through the GIN index — a materialised set,
 *    so no plan walks the whole archive for it — and sort it.
 * All three give the same entries in the same order.
 */
async function searchMatches(db: Db | Tx, where: SQL, tsquery: string, want: { ascending: boolean; need: number; ranked: number }, tuning: SearchTuning): Promise<SearchMatches> {
  const query = sql`${tsquery}::tsquery`;
  const direction = want.ascending ? sql`asc` : sql`desc`;
  const probeRows = tuning.probeRows ?? SEARCH_PROBE_ROWS;
  const maxWalkRows = tuning.maxWalkRows ?? SEARCH_MAX_WALK_ROWS;

  // One window: the matches among the next `rows` rows after `after` (none: from the start), up to `limit` of them,
  // with their ranks; and, as the row with `at` set, the window's last row when the filters hold that many (its
  // position continues the walk; without it the window held every remaining row and the matches are complete).
  const walk = async (rows: number, limit: number, after?: { at: string; id: number }) => {
    const keyset = after ? sql` and (published_at, id) ${want.ascending ? sql`>` : sql`<`} (${after.at}::timestamptz, ${after.id})` : sql``;
    const result = rowsOf<{ id: string | number; at: string | null; rank: number | null }>(await db.execute(sql`
      with h as materialized (
        select w.id, ts_rank(w.v, ${query})::float8 as rank
        from (
          select id, published_at, search_vector as v from ${archiveEntries} where ${where}${keyset}
          order by published_at ${direction}, id ${direction} limit ${rows}
        ) w
        where ts_match_vq(w.v, ${query})
        order by w.published_at ${direction}, w.id ${direction}
        limit ${limit}
      )
      select id, null::text as at, rank from h
      union all
      -- Only when the window did not yield \`limit\` matches (a one-time filter: otherwise this part never runs).
      (select id, published_at::text as at, null as rank from ${archiveEntries}
        where ${where}${keyset} and (select count(*) from h) < ${limit}
        order by published_at ${direction}, id ${direction} offset ${rows - 1} limit 1)`));
    const last = result.find((r) => r.at !== null);
    return {
      hits: result.filter((r) => r.at === null).map((r) => ({ id: Number(r.id), rank: Number(r.rank) })),
      end: last ? { at: last.at!, id: Number(last.id) } : undefined,
    };
  };
  const finish = (hits: Array<{ id: number; rank: number }>, path: SearchPath): SearchMatches => {
    tuning.onPath?.(path);
    return {
      ids: hits.slice(0, want.need).map((h) => h.id),
      ranks: new Map(hits.slice(0, want.ranked).map((h) => [h.id, h.rank])),
      total: hits.length,
    };
  };

  const first = await walk(probeRows, want.need);
  if (first.hits.length >= want.need || !first.end) return finish(first.hits, 'walk');
  // The density in the probe predicts how many more rows hold the missing matches (with a margin).
  const missing = want.need - first.hits.length;
  const projected = Math.ceil((missing * probeRows * 1.25) / Math.max(first.hits.length, 1));
  if (first.hits.length > 0 && projected <= maxWalkRows) {
    const second = await walk(Math.max(projected, probeRows), missing, first.end);
    const hits = [...first.hits, ...second.hits];
    if (hits.length >= want.need || !second.end) return finish(hits, 'walk2');
  }

  // Rare: every match through the GIN index (materialised: the set is built once and sorted, never walked in order
  // with a filter), its size the exact total, the vectors read back only for the ranked few.
  tuning.onPath?.('index');
  const result = rowsOf<{ id: string | number; total: number; rank: number | null }>(await db.execute(sql`
    with m as materialized (
      select id, published_at from ${archiveEntries} where ${where} and search_vector @@ ${query}
    ), firsts as (
      select id, row_number() over (order by published_at ${direction}, id ${direction})::int as n
      from m order by published_at ${direction}, id ${direction} limit ${want.need}
    )
    select f.id, (select count(*) from m)::int as total,
      case when f.n <= ${want.ranked} then ts_rank(e.search_vector, ${query})::float8 end as rank
    from firsts f join ${archiveEntries} e on e.id = f.id
    order by f.n`));
  return {
    ids: result.map((r) => Number(r.id)),
    ranks: new Map(result.filter((r) => r.rank !== null).map((r) => [Number(r.id), Number(r.rank)])),
    total: result[0]?.total ?? 0,
  };
}

/** count(*) of the matching rows, stopping at cap + 1. */
async function cappedCount(db: Db | Tx, where: SQL, cap: number): Promise<number> {
  const inner = db.select({ one: sql`1` }).from(archiveEntries).where(where).limit(cap + 1).as('m');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(inner);
  return row?.n ?? 0;
}

/** List items of entries by internal id, in that order (callers pass ids of published entries). */
export async function itemsFor(db: Db | Tx, ids: number[], terms: string[]): Promise<ArchiveListItem[]> {
  const rows = await db.select({
    id: archiveEntries.id,
    publicId: archiveEntries.publicId,
    kind: archiveEntries.kind,
    letterKind: archiveEntries.letterKind,
    title: archiveEntries.title,
    question: sql<string>`left(${archiveEntries.question}, ${SNIPPET_SOURCE_CHARS})`,
    answer: terms.length ? sql<string>`left(${archiveEntries.answer}, ${SNIPPET_SOURCE_CHARS})` : sql<string>`''`,
    departmentId: departments.publicId,
    departmentName: departments.name,
    categoryCode: catalogueCategories.code,
    categoryName: catalogueCategories.name,
    submittedAt: archiveEntries.submittedAt,
    answeredAt: archiveEntries.answeredAt,
    publishedAt: archiveEntries.publishedAt,
    workingDays: archiveEntries.workingDays,
    rating: archiveEntries.rating,
  }).from(archiveEntries)
    .leftJoin(departments, eq(departments.id, archiveEntries.departmentId))
    .leftJoin(catalogueCategories, eq(catalogueCategories.id, archiveEntries.categoryId))
    .where(inArray(archiveEntries.id, ids));
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const lowerTerms = terms.map((t) => t.toLowerCase());
    const inQuestion = lowerTerms.some((t) => r.question.toLowerCase().includes(t));
    const inAnswer = !inQuestion && lowerTerms.some((t) => r.answer.toLowerCase().includes(t));
    const source = inAnswer ? r.answer : r.question;
    return [{
      ...publicFields(r),
      url: archiveUrl(r.publicId),
      snippet: highlight(source, terms, SNIPPET_LENGTH),
    }];
  });
}

export interface PublishedEntry {
  id: string;
  kind: ArchiveKind;
  letterKind: string | null;
  title: string;
  question: string;
  answer: string;
  department: { id: string; name: string } | null;
  category: { code: string; name: string } | null;
  submittedAt: Date;
  answeredAt: Date | null;
  publishedAt: Date;
  updatedAt: Date;
  workingDays: number | null;
  rating: Rating | null;
  year: number;
  url: string;
  /** For interview entries: the interview's slug (transcript at /interviews/<slug>/transcript). */
  interviewSlug: string | null;
  /** The disclosure catalogue item's 索引号, when the entry is in the catalogue. */
  indexNo: string | null;
  /** A letter's images a moderator masked and included (lib/archive/attachments.ts); never the originals. */
  attachments: IncludedAttachment[];
}

/** One published entry by its public id, or null (unknown, draft or unpublished). */
export async function getPublishedEntry(db: Db | Tx, publicId: string): Promise<PublishedEntry | null> {
  if (typeof publicId !== 'string' || publicId.length === 0 || publicId.length > 64) return null;
  const [r] = await db.select({
    publicId: archiveEntries.publicId,
    kind: archiveEntries.kind,
    letterKind: archiveEntries.letterKind,
    title: archiveEntries.title,
    question: archiveEntries.question,
    answer: archiveEntries.answer,
    departmentId: departments.publicId,
    departmentName: departments.name,
    categoryCode: catalogueCategories.code,
    categoryName: catalogueCategories.name,
    submittedAt: archiveEntries.submittedAt,
    answeredAt: archiveEntries.answeredAt,
    publishedAt: archiveEntries.publishedAt,
    updatedAt: archiveEntries.updatedAt,
    workingDays: archiveEntries.workingDays,
    rating: archiveEntries.rating,
    year: archiveEntries.year,
    interviewSlug: interviews.slug,
    indexNo: catalogueItems.indexNo,
  }).from(archiveEntries)
    .leftJoin(departments, eq(departments.id, archiveEntries.departmentId))
    .leftJoin(catalogueCategories, eq(catalogueCategories.id, archiveEntries.categoryId))
    .leftJoin(interviews, eq(interviews.id, archiveEntries.interviewId))
    .leftJoin(catalogueItems, eq(catalogueItems.id, archiveEntries.catalogueItemId))
    .where(and(eq(archiveEntries.publicId, publicId), eq(archiveEntries.status, 'published')))
    .limit(1);
  if (!r) return null;
  return {
    ...publicFields(r),
    question: r.question,
    answer: r.answer,
    updatedAt: r.updatedAt,
    year: r.year,
    url: archiveUrl(r.publicId),
    interviewSlug: r.interviewSlug,
    indexNo: r.indexNo,
    attachments: r.kind === 'letter' ? await publicAttachments(db, r.publicId) : [],
  };
}

/** The fields a list item and a whole entry share, from a row joined with its department and category. */
function publicFields(r: {
  publicId: string; kind: ArchiveKind; letterKind: string | null; title: string; departmentId: string | null; departmentName: string | null;
  categoryCode: string | null; categoryName: string | null; submittedAt: Date; answeredAt: Date | null; publishedAt: Date | null; workingDays: number | null;
  rating: Rating | null;
}) {
  return {
    id: r.publicId,
    kind: r.kind,
    letterKind: r.letterKind,
    title: r.title,
    department: r.departmentId !== null && r.departmentName !== null ? { id: r.departmentId, name: r.departmentName } : null,
    category: r.categoryCode !== null && r.categoryName !== null ? { code: r.categoryCode, name: r.categoryName } : null,
    submittedAt: r.submittedAt,
    answeredAt: r.answeredAt,
    publishedAt: r.publishedAt!,
    workingDays: r.workingDays,
    rating: r.rating,
  };
}
