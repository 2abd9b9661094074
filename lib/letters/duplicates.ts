import { eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, db as defaultDb, type Db, type Tx } from '../db';
import { notFound, parseInput } from '../errors';
import { assertCan, type Actor } from '../auth/permissions';
import { trackingNo as trackingNoSchema, version } from '../cases/validation';
import { draftTerms, STOP_BIGRAMS } from '../archive/similar';
import { loadTopics } from '../topics';
import { districts } from '../topics/schema';
import { letters, type LetterStatus } from './schema';
import { answerAccess } from './merge';
import { actOnLetter } from './operations';
import { LETTER_OPEN_STATUSES } from './transitions';

/**
 * Duplicates for staff (issue 17 item 5): while a moderator routes a letter, the open and recently answered letters
 * of the bureau that look like the same matter — same topic, same district or place, similar text — up to five, best
 * first, each with a one-step 合并 (the existing `merge` letter action: the case engine authorises it, locks both
 * letters and writes the event and the audit row). Staff only (`letters.triage`): the candidates are other citizens'
 * letters and are never shown to a citizen.
 *
 * Candidates come from three bounded pools, each through an index (migration letter_duplicates), so the work does
 * not grow with the table:
 * - letters whose titles share two terms with this one's — CJK bigrams or Latin/digit words, so "G15 ETC 扣费"
 *   finds "g15 etc 重复扣费" (`letter_title_terms(title)`, GIN, an OR of pairs of the title's first TITLE_TERMS
 *   informative terms), newest CANDIDATES_PER_POOL;
 * - the newest CANDIDATES_PER_POOL letters of the same topic (`letters_topic_recent_idx`);
 * - the newest CANDIDATES_PER_POOL letters of the same district (`letters_district_recent_idx`);
 * each restricted to letters that are open (any age) or answered within RECENT_DAYS, not merged themselves.
 * Scored here: text similarity (Dice over the archive search's bigrams of title and the start of the body, the
 * similar-answers tokens without their stop bigrams, lib/archive/similar.ts) weighs most, then the same topic, the
 * same district and the same place.
 */

export const DUPLICATE_LIMIT = 5;
/** Answered (or closed after an answer) letters are candidates this many days after the answer. */
export const RECENT_DAYS = 90;
const CANDIDATES_PER_POOL = 100;
/** Title terms used to find candidates by text (pairs of them: 28 conjunctions at most). */
const TITLE_TERMS = 8;
const BODY_CHARS = 600;
/** A candidate under this score is not shown. */
export const MIN_DUPLICATE_SCORE = 0.3;
const WEIGHTS = { text: 0.6, topic: 0.2, district: 0.1, place: 0.1 } as const;

const ANSWERED: LetterStatus[] = ['answered', 'closed'];

export interface DuplicateCandidate {
  trackingNo: string;
  title: string;
  status: LetterStatus;
  submittedAt: string;
  answeredAt: string | null;
  topic: { id: number; path: string[]; pathEn: string[] } | null;
  district: { id: number; name: string; nameEn: string } | null;
  place: string | null;
  /** 0..1, rounded to three decimals. */
  score: number;
  /** Why it was suggested. */
  reasons: { sameTopic: boolean; sameDistrict: boolean; samePlace: boolean; text: number };
  /** The merge would be refused: the candidate's writer did not consent, so its answer cannot be shown to this writer. */
  mergeable: boolean;
}

export interface DuplicateResult {
  trackingNo: string;
  /** This letter may be merged now (it awaits routing). */
  canMerge: boolean;
  items: DuplicateCandidate[];
  /** Milliseconds spent finding and scoring (Server-Timing). */
  dbMs: number;
}

/** Full-width ASCII letters and digits (Ａ..Ｚ, ａ..ｚ, ０..９) onto ASCII, as the SQL function's translate(). */
const foldFullWidth = (text: string) => text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * The distinct terms of a title the candidates are found by, in title order: the pairs of adjacent CJK characters
 * (U+4E00..U+9FFF) and the Latin/digit words — maximal runs of ASCII letters and digits (full-width folded),
 * lower-cased, two characters or more ("G15 高速 ETC 扣费" → g15 高速 etc 扣费). The same set as the SQL function
 * letter_title_terms that the GIN index `letters_title_terms_idx` holds (migration letter_title_terms).
 */
export function titleTerms(title: string): string[] {
  const chars = Array.from(title);
  const out: Array<{ term: string; at: number }> = [];
  const cjk = (c: string | undefined) => c !== undefined && c.codePointAt(0)! >= 0x4e00 && c.codePointAt(0)! <= 0x9fff;
  for (let i = 0; i + 1 < chars.length; i++) if (cjk(chars[i]) && cjk(chars[i + 1])) out.push({ term: chars[i]! + chars[i + 1]!, at: i });
  // Full-width folding keeps one code point per character, so positions stay comparable with the bigrams'.
  const folded = Array.from(foldFullWidth(title));
  for (let i = 0; i < folded.length; ) {
    if (!/^[A-Za-z0-9]$/.test(folded[i]!)) { i++; continue; }
    let j = i;
    while (j < folded.length && /^[A-Za-z0-9]$/.test(folded[j]!)) j++;
    if (j - i >= 2) out.push({ term: folded.slice(i, j).join('').toLowerCase(), at: i });
    i = j;
  }
  out.sort((a, b) => a.at - b.at);
  return [...new Set(out.map((t) => t.term))];
}

function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return (2 * both) / (a.size + b.size);
}

type Terms = { title: Set<string>; all: Set<string> };
/** A letter's informative tokens (the similar-answers tokens: title, then the start of the body). */
export function letterTerms(l: { title: string; body: string }): Terms {
  const terms = draftTerms(l.title, Array.from(l.body).slice(0, BODY_CHARS).join(''));
  return { title: new Set(terms.filter((t) => t.inTitle).map((t) => t.lexeme)), all: new Set(terms.map((t) => t.lexeme)) };
}

/** Title and body similarity of two letters, 0..1. */
export function textSimilarity(a: { title: string; body: string } | Terms, b: { title: string; body: string } | Terms): number {
  const ta = 'all' in a ? a : letterTerms(a);
  const tb = 'all' in b ? b : letterTerms(b);
  return 0.4 * dice(ta.title, tb.title) + 0.6 * dice(ta.all, tb.all);
}

const normalPlace = (p: string | null) => (p ?? '').replace(/[\s，,。.、]/g, '').toLowerCase();

interface Row {
  id: number; tracking_no: string; title: string; body: string; status: LetterStatus; writer_id: number; consent_to_publish: boolean;
  submitted_at: Date | string; answered_at: Date | string | null; topic_id: number | null; district_id: number | null; place: string | null;
}

/** Runs `work` in a transaction, or in a savepoint when already in one (its settings are local either way). */
function inTx<T>(database: Db | Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return (database as Db).transaction(work);
}

/** The candidate duplicates of a letter, best first (staff with letters.triage only). */
export async function duplicateCandidates(actor: Actor, trackingNoInput: string, options: { now?: Date; database?: Db | Tx } = {}): Promise<DuplicateResult> {
  assertCan(actor, 'letters.triage');
  const trackingNo = parseInput(trackingNoSchema, trackingNoInput);
  const database = options.database ?? defaultDb();
  const now = options.now ?? new Date();
  const started = performance.now();
  const [letter] = await database
    .select({ id: letters.id, title: letters.title, body: letters.body, status: letters.status, writerId: letters.writerId, topicId: letters.topicId, districtId: letters.districtId, place: letters.place })
    .from(letters).where(eq(letters.trackingNo, trackingNo));
  if (!letter) throw notFound('没有这封来信');

  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const eligible = sql`l.id <> ${letter.id} and l.merged_into_id is null
    and (l.status in (${sql.join(LETTER_OPEN_STATUSES.map((s) => sql`${s}`), sql`, `)}) or (l.status in (${sql.join(ANSWERED.map((s) => sql`${s}`), sql`, `)}) and l.answered_at >= ${since.toISOString()}))`;
  const informative = titleTerms(letter.title).filter((b) => !STOP_BIGRAMS.has(b)).slice(0, TITLE_TERMS);
  const canMerge = letter.status === 'submitted';
  const done = (items: DuplicateCandidate[]): DuplicateResult => ({ trackingNo, canMerge, items, dbMs: Math.round((performance.now() - started) * 10) / 10 });
  const ids = new Set<number>();
  if (informative.length >= 2) {
    const pairs: SQL[] = [];
    for (let i = 0; i < informative.length; i++) {
      for (let j = i + 1; j < informative.length; j++) pairs.push(sql`letter_title_terms(l.title) @> array[${informative[i]}, ${informative[j]}]::text[]`);
    }
    // Through the GIN index (a bitmap OR of the pairs): walking the newest letters instead, the planner's choice
    // for an ORDER BY … LIMIT, computes every row's bigrams 28 times (as lib/archive/similar.ts, for the same reason).
    const found = await inTx(database, async (tx) => {
      await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`);
      return rowsOf<{ id: number | string }>(await tx.execute(sql`
        select l.id from ${letters} l where ${eligible} and (${sql.join(pairs, sql` or `)}) order by l.submitted_at desc limit ${CANDIDATES_PER_POOL}`));
    });
    for (const r of found) ids.add(Number(r.id));
  }
  const pools: SQL[] = [];
  if (letter.topicId !== null) pools.push(sql`(select l.id from ${letters} l where ${eligible} and l.topic_id = ${letter.topicId} order by l.submitted_at desc limit ${CANDIDATES_PER_POOL})`);
  if (letter.districtId !== null) pools.push(sql`(select l.id from ${letters} l where ${eligible} and l.district_id = ${letter.districtId} order by l.submitted_at desc limit ${CANDIDATES_PER_POOL})`);
  if (pools.length) for (const r of rowsOf<{ id: number | string }>(await database.execute(sql.join(pools, sql` union `)))) ids.add(Number(r.id));
  if (!ids.size) return done([]);

  const rows = rowsOf<Row>(await database.execute(sql`
    select l.id, l.tracking_no, l.title, left(l.body, ${BODY_CHARS}) as body, l.status, l.writer_id, l.consent_to_publish,
      l.submitted_at, l.answered_at, l.topic_id, l.district_id, l.place
    from ${letters} l where l.id in (${sql.join([...ids].map((id) => sql`${id}`), sql`, `)})`));

  const place = normalPlace(letter.place);
  const own = letterTerms(letter);
  const scored = rows.map((r) => {
    const text = textSimilarity(own, r);
    const sameTopic = letter.topicId !== null && Number(r.topic_id) === letter.topicId;
    const sameDistrict = letter.districtId !== null && Number(r.district_id) === letter.districtId;
    const other = normalPlace(r.place);
    const samePlace = place.length >= 2 && other.length >= 2 && (place.includes(other) || other.includes(place));
    const score = WEIGHTS.text * text + WEIGHTS.topic * Number(sameTopic) + WEIGHTS.district * Number(sameDistrict) + WEIGHTS.place * Number(samePlace);
    return { r, text, sameTopic, sameDistrict, samePlace, score };
  })
    // The text must say something too: a topic and a district alone are a hotspot, not a duplicate.
    .filter((s) => s.score >= MIN_DUPLICATE_SCORE && s.text >= 0.1)
    .sort((a, b) => b.score - a.score || new Date(b.r.submitted_at).getTime() - new Date(a.r.submitted_at).getTime())
    .slice(0, DUPLICATE_LIMIT);

  const topicIds = new Set(scored.map((s) => s.r.topic_id).filter((id) => id !== null).map(Number));
  const districtIds = new Set(scored.map((s) => s.r.district_id).filter((id) => id !== null).map(Number));
  const [topicNodes, districtRows] = await Promise.all([
    topicIds.size ? loadTopics(database) : Promise.resolve([]),
    districtIds.size ? database.select({ id: districts.id, name: districts.name, nameEn: districts.nameEn }).from(districts) : Promise.resolve([]),
  ]);
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return done(scored.map(({ r, text, sameTopic, sameDistrict, samePlace, score }) => {
    const topic = r.topic_id === null ? undefined : topicNodes.find((t) => t.id === Number(r.topic_id));
    const district = r.district_id === null ? undefined : districtRows.find((d) => d.id === Number(r.district_id));
    return {
      trackingNo: r.tracking_no, title: r.title, status: r.status, submittedAt: iso(r.submitted_at)!, answeredAt: iso(r.answered_at),
      topic: topic ? { id: topic.id, path: topic.path, pathEn: topic.pathEn } : null,
      district: district ?? null,
      place: r.place,
      score: Math.round(score * 1000) / 1000,
      reasons: { sameTopic, sameDistrict, samePlace, text: Math.round(text * 1000) / 1000 },
      mergeable: answerAccess({ writerId: Number(r.writer_id), consentToPublish: Boolean(r.consent_to_publish) }, letter.writerId) !== 'withheld',
    };
  }));
}

export const mergeDuplicateInput = z.object({
  intoTrackingNo: z.string({ error: '请选择要并入的来信' }).trim().pipe(trackingNoSchema),
  version,
});

/**
 * The one-step 合并 of the duplicates panel: this letter joins the candidate `intoTrackingNo` through the letters'
 * `merge` action (lib/letters/operations.ts: authorised there — moderators and admins, a letter awaiting routing —
 * in one transaction with its event, its audit row and the writers' notices).
 */
export async function mergeDuplicate(actor: Actor, trackingNo: string, input: unknown, now = new Date()) {
  assertCan(actor, 'letters.triage');
  const data = parseInput(mergeDuplicateInput, input);
  return actOnLetter(actor, trackingNo, { action: 'merge', intoTrackingNo: data.intoTrackingNo, version: data.version }, now);
}
