import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db';
import { departments } from '../accounts/schema';
import { catalogueCategories, catalogueItems } from '../disclosure/schema';
import { interviews } from '../interviews/schema';
import { LETTER_KINDS } from '../letters/schema';
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
export const SEARCH_COUNT_CAP = 1_000;
/** Relevance ranks the newest this-many matches of a search. */
export const SEARCH_CANDIDATES = 200;

const currentYear = () => new Date().getUTCFullYear();

/** The query string of the archive page and GET /api/v1/archive. Empty strings count as absent. */
export const archiveListQuery = z.object({
  q: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z.string({ error: '搜索词必须是文字' }).max(MAX_QUERY_LENGTH, { error: `搜索词最多 ${MAX_QUERY_LENGTH} 个字` }).optional(),
  ),
  kind: z.preprocess(emptyToUndefined, z.enum(ARCHIVE_KINDS, { error: '类型只能是 letter（来信）或 interview（访谈）' }).optional()),
  letterKind: z.preprocess(emptyToUndefined, z.enum(LETTER_KINDS, { error: '来信类别只能是 inquiry、complaint 或 suggestion' }).optional()),
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

/** The archive list: published entries, filtered, searched, sorted and paginated. */
export async function listArchive(db: Db | Tx, input: ListArchiveInput, tuning: { candidates?: number } = {}): Promise<ArchiveListResult> {
  const candidateCount = tuning.candidates ?? SEARCH_CANDIDATES;
  const started = performance.now();
  const page = Math.max(1, Math.floor(input.page || 1));
  const pageSize = Math.min(ARCHIVE_MAX_PAGE_SIZE, Math.max(1, Math.floor(input.pageSize || ARCHIVE_PAGE_SIZE)));
  const parsed = input.q ? parseSearchQuery(input.q) : null;
  const sort: ArchiveSort = input.sort ?? (parsed ? 'relevance' : 'newest');

  const filters: SQL[] = [eq(archiveEntries.status, 'published')];
  if (input.kind) filters.push(eq(archiveEntries.kind, input.kind));
  if (input.letterKind) filters.push(sql`${archiveEntries.letterKind} = ${input.letterKind}`);
  if (input.departmentId !== undefined) {
    filters.push(sql`${archiveEntries.departmentId} = (select ${departments.id} from ${departments} where ${departments.publicId} = ${input.departmentId})`);
  }
  if (input.year !== undefined) filters.push(eq(archiveEntries.year, input.year));
  if (input.categoryCode) {
    // The category or any of its children (财务资金 includes 财政预决算 …).
    filters.push(inArray(archiveEntries.categoryId, db.select({ id: catalogueCategories.id }).from(catalogueCategories).where(
      or(eq(catalogueCategories.code, input.categoryCode), sql`${catalogueCategories.parentId} = (select id from catalogue_categories where code = ${input.categoryCode})`),
    )));
  }
  const query = parsed ? sql`${parsed.tsquery}::tsquery` : undefined;
  if (query) filters.push(sql`${archiveEntries.searchVector} @@ ${query}`);
  const where = and(...filters)!;

  const cap = parsed ? SEARCH_COUNT_CAP : LIST_COUNT_CAP;
  const offset = (page - 1) * pageSize;
  const newestFirst = [desc(archiveEntries.publishedAt), desc(archiveEntries.id)];
  const order = sort === 'oldest' ? [asc(archiveEntries.publishedAt), asc(archiveEntries.id)] : newestFirst;
  const byOrder = (skip: number, take: number) => take <= 0 ? Promise.resolve([] as number[]) :
    db.select({ id: archiveEntries.id }).from(archiveEntries).where(where).orderBy(...order).limit(take).offset(skip)
      .then((rows) => rows.map((r) => Number(r.id)));

  let idsPromise: Promise<number[]>;
  if (parsed && sort === 'relevance' && offset < candidateCount) {
    // The newest candidateCount matches ranked; a page reaching past them continues newest first.
    const candidates = db.select({ id: archiveEntries.id, publishedAt: archiveEntries.publishedAt, searchVector: archiveEntries.searchVector })
      .from(archiveEntries).where(where).orderBy(...newestFirst).limit(candidateCount).as('c');
    const fromRanked = Math.min(pageSize, candidateCount - offset);
    idsPromise = Promise.all([
      db.select({ id: candidates.id }).from(candidates)
        .orderBy(sql`ts_rank(${candidates.searchVector}, ${query!}) desc`, desc(candidates.publishedAt), desc(candidates.id))
        .limit(fromRanked).offset(offset).then((rows) => rows.map((r) => Number(r.id))),
      byOrder(candidateCount, pageSize - fromRanked),
    ]).then(([ranked, rest]) => (ranked.length < fromRanked ? ranked : [...ranked, ...rest]));
  } else {
    // Pages past the capped count are not offered (and deep OFFSETs are not paid for).
    idsPromise = offset >= cap ? Promise.resolve([]) : byOrder(offset, pageSize);
  }
  const [ids, total] = await Promise.all([idsPromise, cappedCount(db, where, cap)]);

  const items = ids.length === 0 ? [] : await itemsFor(db, ids, parsed?.terms ?? []);
  return {
    items,
    total: Math.min(total, cap),
    approximate: total > cap,
    page,
    pageSize,
    terms: parsed?.terms ?? [],
    dbMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

/** count(*) of the matching rows, stopping at cap + 1. */
async function cappedCount(db: Db | Tx, where: SQL, cap: number): Promise<number> {
  const inner = db.select({ one: sql`1` }).from(archiveEntries).where(where).limit(cap + 1).as('m');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(inner);
  return row?.n ?? 0;
}

async function itemsFor(db: Db | Tx, ids: number[], terms: string[]): Promise<ArchiveListItem[]> {
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
  year: number;
  url: string;
  /** For interview entries: the interview's slug (transcript at /interviews/<slug>/transcript). */
  interviewSlug: string | null;
  /** The disclosure catalogue item's 索引号, when the entry is in the catalogue. */
  indexNo: string | null;
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
  };
}

/** The fields a list item and a whole entry share, from a row joined with its department and category. */
function publicFields(r: {
  publicId: string; kind: ArchiveKind; letterKind: string | null; title: string; departmentId: string | null; departmentName: string | null;
  categoryCode: string | null; categoryName: string | null; submittedAt: Date; answeredAt: Date | null; publishedAt: Date | null; workingDays: number | null;
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
  };
}
