import { randomBytes } from 'node:crypto';
import { database } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { assertCan, type Actor } from '../auth/permissions';
import { realtime } from '../realtime/io';
import { broadcastToStaff, type SubmittedQuestion } from './events';
import { questionInput } from './validation';
import { maskName } from './views';

/**
 * The question path (在线访谈 提问), the hottest write of a live interview: thousands of citizens may ask within
 * minutes. It keeps every guarantee of the general operations — zod-validated input, permission check, exact
 * per-asker quota, clientId de-duplication, one transaction with its audit row, the staff room told after commit —
 * but in two prepared SQL statements sent together on one connection instead of seven drizzle-built queries:
 *
 *   BEGIN; LOCK_SQL; ASK_SQL; COMMIT        (one write to PostgreSQL, one round trip; asks arriving together
 *                                            share that write, see runBatch)
 *
 * LOCK_SQL takes the per-(interview, asker) advisory lock. ASK_SQL is a separate statement on purpose: in READ
 * COMMITTED each statement reads a fresh snapshot, so once the lock is held it sees every question this asker has
 * committed, and the quota count and the clientId look-up are exact. ASK_SQL looks the clientId up, counts, and
 * inserts the question and its audit row only if the interview is open, the clientId is new and the quota allows.
 * Pending questions are not public events (DESIGN.md §5): no interview event is appended and the interview row is
 * not locked, so askers never wait for each other.
 */

// Advisory lock keys are int4 pairs; the modulo keeps large ids valid (a collision only serialises two askers).
const LOCK_SQL = `select pg_advisory_xact_lock((i.id % 2147483647)::int4, ($2::bigint % 2147483647)::int4)
  from interviews i where i.public_id = $1`;

// $1 interview public id, $2 asker id, $3 clientId or null, $4 new question public id, $5 body, $6 asked at,
// $7 asker role, $8 client address.
const ASK_SQL = `with i as (
    select id, status, question_quota from interviews where public_id = $1
  ), earlier as (
    select q.public_id, q.interview_id from questions q where q.asker_id = $2 and q.client_id = $3
  ), used as (
    select count(*)::int as n from questions q join i on q.interview_id = i.id where q.asker_id = $2
  ), ins as (
    insert into questions (public_id, interview_id, asker_id, body, original_body, client_id, created_at)
    select $4, i.id, $2, $5, $5, $3, $6 from i
    where i.status in ('announced', 'live') and not exists (select 1 from earlier) and (select n from used) < i.question_quota
    on conflict (asker_id, client_id) do nothing
    returning id
  ), audit as (
    insert into audit_log (actor_id, actor_role, action, entity_type, entity_id, ip, details)
    select $2, $7, 'question.ask', 'question', $4, $8, jsonb_build_object('interviewId', $1::text) from ins
  )
  select i.id as interview_id, i.status::text as status, i.question_quota as quota, (select n from used) as used,
    (select e.public_id from earlier e limit 1) as earlier_id,
    (select e.interview_id from earlier e limit 1) as earlier_interview,
    (select count(*) from ins)::int as inserted
  from (select 1) as one left join i on true`;

// The rare ways out: a clientId already used in another interview, and its remaining quota there.
const EARLIER_SQL = `select q.public_id as earlier_id, i.question_quota as quota,
    (select count(*)::int from questions c where c.interview_id = q.interview_id and c.asker_id = $1) as used
  from questions q join interviews i on i.id = q.interview_id where q.asker_id = $1 and q.client_id = $2`;

interface AskRow {
  interview_id: number | string | null;
  status: string | null;
  quota: number | null;
  used: number | null;
  earlier_id: string | null;
  earlier_interview: number | string | null;
  inserted: number;
}
interface EarlierRow {
  earlier_id: string;
  quota: number;
  used: number;
}

type Params = ReadonlyArray<string | number | Date | null>;

interface PostgresJs {
  reserve(): Promise<PostgresJs & { release(): void }>;
  unsafe(query: string, params?: unknown[], options?: { prepare?: boolean }): Promise<unknown[]>;
}
interface PgliteClient {
  query<T>(query: string, params?: unknown[]): Promise<{ rows: T[] }>;
  transaction<T>(fn: (tx: { query<R>(query: string, params?: unknown[]): Promise<{ rows: R[] }> }) => Promise<T>): Promise<T>;
}

const client = () => (database().db as unknown as { $client: unknown }).$client;

/**
 * Asks that arrive in the same turn of the event loop share one reserved postgres.js connection and one
 * transaction — a commit group: BEGIN, then LOCK_SQL and ASK_SQL for each ask, then one COMMIT, all in one write
 * and one read. The WAL flush of the commit was the wait of a question (each ask's own COMMIT flushed on its own);
 * a group pays one, and every ask is still acknowledged only after the commit that holds it. The locks are taken
 * in one order (interview, asker) in every group, so two groups on two connections cannot deadlock; an asker twice
 * in one group takes the same lock twice (allowed) and the second ASK_SQL sees the first's row, so the quota and
 * the clientId look-up stay exact. If any statement of a group fails, PostgreSQL answers its COMMIT with a
 * rollback — nothing of the group was written — and each ask runs again in its own transaction, so one bad ask
 * fails alone.
 */
const MAX_GROUP = 64;
interface PendingAsk {
  lockParams: Params;
  askParams: Params;
  resolve(row: AskRow): void;
  reject(error: unknown): void;
}
const waiting: PendingAsk[] = [];
let drainScheduled = false;

function runPostgres(lockParams: Params, askParams: Params): Promise<AskRow> {
  return new Promise<AskRow>((resolve, reject) => {
    waiting.push({ lockParams, askParams, resolve, reject });
    if (!drainScheduled) {
      drainScheduled = true;
      setImmediate(drain);
    }
  });
}

function drain(): void {
  drainScheduled = false;
  while (waiting.length) void runGroup(waiting.splice(0, MAX_GROUP));
}

type Reserved = Awaited<ReturnType<PostgresJs['reserve']>>;

/** The lock order every group follows: by interview (public id), then asker. */
function lockOrder(a: PendingAsk, b: PendingAsk): number {
  const [ia, ua] = a.lockParams as [string, number];
  const [ib, ub] = b.lockParams as [string, number];
  return ia < ib ? -1 : ia > ib ? 1 : Number(ua) - Number(ub);
}

async function runGroup(group: PendingAsk[]): Promise<void> {
  let conn: Reserved;
  try {
    conn = await (client() as PostgresJs).reserve();
  } catch (error) {
    for (const ask of group) ask.reject(error);
    return;
  }
  try {
    const ordered = [...group].sort(lockOrder);
    const settled = await Promise.allSettled([
      conn.unsafe('begin'),
      ...ordered.flatMap((ask) => [
        conn.unsafe(LOCK_SQL, ask.lockParams as unknown[], { prepare: true }),
        conn.unsafe(ASK_SQL, ask.askParams as unknown[], { prepare: true }),
      ]),
      conn.unsafe('commit'),
    ]);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (!failed) {
      // settled: begin, then (lock, ask) per ask, then commit.
      ordered.forEach((ask, i) => ask.resolve(((settled[2 + 2 * i] as PromiseFulfilledResult<unknown[]>).value as AskRow[])[0]!));
      return;
    }
    if (group.length === 1) {
      group[0]!.reject(failed.reason);
      return;
    }
    // Nothing of the group committed: each ask in its own transaction, so a failing one fails alone.
    await Promise.all(group.map((ask) => runAlone(conn, ask)));
  } finally {
    conn.release();
  }
}

async function runAlone(conn: Reserved, ask: PendingAsk): Promise<void> {
  const settled = await Promise.allSettled([
    conn.unsafe('begin'),
    conn.unsafe(LOCK_SQL, ask.lockParams as unknown[], { prepare: true }),
    conn.unsafe(ASK_SQL, ask.askParams as unknown[], { prepare: true }),
    conn.unsafe('commit'),
  ]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) ask.reject(failed.reason);
  else ask.resolve(((settled[2] as PromiseFulfilledResult<unknown[]>).value as AskRow[])[0]!);
}

async function runPglite(lockParams: Params, askParams: Params): Promise<AskRow> {
  const pg = client() as PgliteClient;
  return pg.transaction(async (tx) => {
    await tx.query(LOCK_SQL, lockParams as unknown[]);
    return (await tx.query<AskRow>(ASK_SQL, askParams as unknown[])).rows[0]!;
  });
}

async function earlierQuestion(askerId: number, clientId: string): Promise<EarlierRow | undefined> {
  const params = [askerId, clientId];
  if (database().kind === 'postgres') return ((await (client() as PostgresJs).unsafe(EARLIER_SQL, params, { prepare: true })) as EarlierRow[])[0];
  return (await (client() as PgliteClient).query<EarlierRow>(EARLIER_SQL, params)).rows[0];
}

/**
 * A citizen asks (announced or live interviews). The question waits for moderation; only the moderators' room hears
 * of it. A resent question with the same clientId returns the first one, with the asker's remaining quota.
 */
export async function askQuestion(actor: Actor, interviewPublicId: string, input: unknown, now = new Date()): Promise<{ id: string; status: 'pending'; remaining: number }> {
  assertCan(actor, 'interviews.ask');
  const { body, clientId } = parseInput(questionInput, input);
  const user = actor.user;
  const publicId = randomBytes(9).toString('base64url');
  const lockParams = [interviewPublicId, user.id];
  const askParams = [interviewPublicId, user.id, clientId ?? null, publicId, body, now.toISOString(), user.role, actor.ip];
  const row = database().kind === 'postgres' ? await runPostgres(lockParams, askParams) : await runPglite(lockParams, askParams);
  const quota = row.quota ?? 0;
  const used = Number(row.used ?? 0);

  if (row.earlier_id) {
    // A resend: the first question stands, whatever the interview's state is now.
    if (row.interview_id !== null && String(row.earlier_interview) === String(row.interview_id)) {
      return { id: row.earlier_id, status: 'pending', remaining: Math.max(0, quota - used) };
    }
    const earlier = await earlierQuestion(user.id, clientId!);
    return { id: row.earlier_id, status: 'pending', remaining: Math.max(0, (earlier?.quota ?? 0) - (earlier?.used ?? 0)) };
  }
  if (row.status === null || row.status === 'draft') throw notFound('没有这场访谈');
  if (row.status !== 'announced' && row.status !== 'live') throw new AppError('conflict', '访谈已结束，不再接受提问');
  if (row.inserted === 0) {
    if (used >= quota) throw new AppError('rate_limited', `每位市民在本场访谈最多提 ${quota} 个问题`, undefined, 3600);
    // The insert met the (asker, clientId) unique index: the same clientId committed meanwhile in another interview.
    const earlier = clientId ? await earlierQuestion(user.id, clientId) : undefined;
    if (!earlier) throw new AppError('conflict', '提问未能保存，请重试');
    return { id: earlier.earlier_id, status: 'pending', remaining: Math.max(0, earlier.quota - earlier.used) };
  }
  queueSubmitted(interviewPublicId, {
    id: publicId, body, asker: maskName(user.name), askerName: user.name, status: 'pending', askedAt: now.toISOString(), votes: 0, starred: false,
  });
  return { id: publicId, status: 'pending', remaining: Math.max(0, quota - used - 1) };
}

// ---------------------------------------------------------------- the staff room, batched

/**
 * After commit, new questions go to the interview's moderators' room as `interview:staff {type: 'question.submitted',
 * payload: {questions: [...]}}` (API.md), collected for at most STAFF_FLUSH_MS: at hundreds of questions a second one message per
 * question costs a socket write per staff member each (and a Redis stream entry with REDIS_URL), while the
 * moderator console re-renders at most every 300 ms anyway.
 */
export const STAFF_FLUSH_MS = 50;
export type { SubmittedQuestion };
const submitted = new Map<string, SubmittedQuestion[]>();
let staffTimer: NodeJS.Timeout | undefined;

function queueSubmitted(interviewPublicId: string, question: SubmittedQuestion): void {
  if (!realtime()) return; // no Socket.IO server in this process (scripts, tests without sockets)
  const list = submitted.get(interviewPublicId);
  if (list) list.push(question);
  else submitted.set(interviewPublicId, [question]);
  staffTimer ??= setTimeout(flushSubmittedQuestions, STAFF_FLUSH_MS);
}

/** Sends the collected questions now (the timer calls it; tests may call it directly). */
export function flushSubmittedQuestions(): number {
  clearTimeout(staffTimer);
  staffTimer = undefined;
  let sent = 0;
  for (const [interviewId, questions] of submitted) {
    // Pending: the moderators' room only (views.ts#STAFF_READS).
    broadcastToStaff(interviewId, { type: 'question.submitted', payload: { questions } });
    sent += questions.length;
  }
  submitted.clear();
  return sent;
}
