import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { databaseScoped, db, rowsOf, type Db, type Tx } from '../db';
import { commitGroup } from '../db/commit-group';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { text } from '../cases/validation';
import { appendEvent, broadcast, broadcastToStaff } from './events';
import type { InterviewEvent, PublicPoll } from './event-types';
import { interviewPollVotes, interviewPolls } from './polls-schema';
import { interviews } from './schema';
import { flushClock } from './votes';
import { voteInput } from './validation';

/**
 * Live polls in interviews (issue 16, item 4; API.md "Participation"). A moderator opens a single- or multiple-choice
 * poll in a live interview; citizens vote once per account, visitors once per device (a signed cookie:
 * ./device.ts); the moderator closes it. Every change viewers see is a `poll.updated` event in the interview's log,
 * so a late joiner or a reconnecting page gets the same counts from the catch-up.
 *
 * Votes take a fast path: one statement checks the poll is open (holding KEY SHARE on its row, which voters share)
 * and inserts the ballot (on conflict do nothing), and the vote is acknowledged. Voters never wait for each other:
 * the counters are folded from the ballots when results are published — at most one `poll.updated` per poll every
 * RESULTS_INTERVAL_MS across all processes — and at the close (foldBallots). While the results are hidden, viewers' events carry no counts until the close;
 * the moderators hear every count on their staff room (`interview:staff` `poll.results`).
 */
export const RESULTS_INTERVAL_MS = 500;

const option = text('选项', 1, 60);
export const pollInput = z.object({
  question: text('投票问题', 2, 120),
  options: z.array(option, { error: '请填写选项' }).min(2, { error: '至少两个选项' }).max(10, { error: '最多 10 个选项' })
    .refine((v) => new Set(v).size === v.length, { error: '选项不能重复' }),
  multiple: z.boolean({ error: 'multiple 须为 true 或 false' }).optional(),
  hideResultsUntilClosed: z.boolean({ error: 'hideResultsUntilClosed 须为 true 或 false' }).optional(),
}, { error: '请求内容应为对象' }).strict();

export const pollAction = z.object({ action: z.enum(['close'], { error: 'action 只能是 close' }) }, { error: '请求内容应为对象' }).strict();


type PollRow = typeof interviewPolls.$inferSelect;

/** What viewers see of a poll: no counts while hidden and open. `staff`: the moderators' view, always with counts. */
export function publicPoll(row: PollRow, staff = false): PublicPoll {
  const hidden = row.hideResults && row.status === 'open' && !staff;
  return {
    id: row.publicId, question: row.question, options: row.options, multiple: row.multiple, hideResults: row.hideResults,
    status: row.status, counts: hidden ? null : row.counts, voters: hidden ? null : row.voters,
    openedAt: row.openedAt.toISOString(), closedAt: row.closedAt?.toISOString() ?? null,
  };
}

/** An interview's polls, oldest first (the snapshot of getInterviewState; the console with `staff`). */
export async function pollsOf(database: Db | Tx, interviewId: number, staff = false): Promise<PublicPoll[]> {
  const rows = await database.select().from(interviewPolls).where(eq(interviewPolls.interviewId, interviewId)).orderBy(asc(interviewPolls.id));
  return rows.map((r) => publicPoll(r, staff));
}

/** Who a ballot is counted for: the account, or the visitor's signed device id. */
export function voterKey(actor: Actor, deviceId: string | null): string | null {
  if (actor.user) return `u:${actor.user.id}`;
  return deviceId ? `d:${deviceId}` : null;
}

/** The ballots one voter cast in an interview's polls: poll id → chosen options. */
export async function pollVotesOf(interviewId: number, key: string | null): Promise<Record<string, number[]>> {
  if (!key) return {};
  const rows = await db()
    .select({ id: interviewPolls.publicId, options: interviewPollVotes.options })
    .from(interviewPollVotes).innerJoin(interviewPolls, eq(interviewPolls.id, interviewPollVotes.pollId))
    .where(and(eq(interviewPolls.interviewId, interviewId), eq(interviewPollVotes.voterKey, key)));
  return Object.fromEntries(rows.map((r) => [r.id, r.options]));
}

export const newPollId = () => randomBytes(9).toString('base64url');

/** A moderator opens a poll in a live interview: one transaction with its audit row and its event. */
export async function openPoll(actor: Actor, interviewPublicId: string, input: unknown, now = new Date()): Promise<{ id: string; seq: number }> {
  assertCan(actor, 'interviews.manage');
  const data = parseInput(pollInput, input);
  const publicId = newPollId();
  const event = await db().transaction(async (tx) => {
    const [interview] = await tx.select().from(interviews).where(eq(interviews.publicId, interviewPublicId)).for('update');
    if (!interview) throw notFound('没有这场访谈');
    if (interview.status !== 'live') throw new AppError('conflict', '只能在直播中发起投票');
    const [row] = await tx.insert(interviewPolls).values({
      publicId, interviewId: interview.id, question: data.question, options: data.options, multiple: data.multiple ?? false,
      hideResults: data.hideResultsUntilClosed ?? false, counts: data.options.map(() => 0), openedById: actor.user.id, openedAt: now,
    }).returning();
    await recordAudit(tx, actor, {
      action: 'poll.open', entityType: 'poll', entityId: publicId,
      details: { interview: interview.publicId, question: data.question, options: data.options, multiple: row!.multiple, hideResults: row!.hideResults },
    });
    return { appended: await appendEvent(tx, interview, 'poll.updated', { poll: publicPoll(row!) }, now), interview, row: row! };
  });
  broadcast([event.appended]);
  broadcastToStaff(event.interview.publicId, { type: 'poll.results', payload: { poll: publicPoll(event.row, true) } });
  return { id: publicId, seq: event.appended.seq };
}

/** A moderator closes a poll: no more votes; the final counts go to everyone (hidden ones are revealed). */
export async function closePoll(actor: Actor, pollPublicId: string, input: unknown, now = new Date()): Promise<{ id: string; status: 'closed'; seq: number }> {
  assertCan(actor, 'interviews.manage');
  parseInput(pollAction, input);
  const outcome = await db().transaction(async (tx) => {
    // The same lock the vote statement takes: a vote is either counted before the close or refused after it.
    const [row] = await tx.select().from(interviewPolls).where(eq(interviewPolls.publicId, pollPublicId)).for('update');
    if (!row) throw notFound('没有这个投票');
    if (row.status === 'closed') throw new AppError('conflict', '这个投票已经结束');
    const [interview] = await tx.select().from(interviews).where(eq(interviews.id, row.interviewId));
    await foldBallots(tx, row.id); // every ballot acknowledged before the close is in the final counts
    const [closed] = await tx.update(interviewPolls).set({ status: 'closed', closedAt: now }).where(eq(interviewPolls.id, row.id)).returning();
    await recordAudit(tx, actor, { action: 'poll.close', entityType: 'poll', entityId: pollPublicId, details: { interview: interview!.publicId, counts: closed!.counts, voters: closed!.voters } });
    return { appended: await appendEvent(tx, interview!, 'poll.updated', { poll: publicPoll(closed!) }, now), interview: interview!, row: closed! };
  });
  pending.delete(outcome.row.id);
  broadcast([outcome.appended]);
  broadcastToStaff(outcome.interview.publicId, { type: 'poll.results', payload: { poll: publicPoll(outcome.row, true) } });
  return { id: pollPublicId, status: 'closed', seq: outcome.appended.seq };
}

/**
 * The interview ends: its polls still open close with it (in the ending transaction, before the status event), so
 * no poll stays "open" on an ended page and every poll reaches the transcript with its final counts. Audited as the
 * moderator who ended the interview; `afterEndCommit` sends what the caller's commit made true.
 */
export async function closePollsAtEnd(tx: Tx, actor: Actor, interview: typeof interviews.$inferSelect, now: Date): Promise<{ appended: InterviewEvent[]; closed: PollRow[] }> {
  const open = await tx.select().from(interviewPolls)
    .where(and(eq(interviewPolls.interviewId, interview.id), eq(interviewPolls.status, 'open')))
    .orderBy(asc(interviewPolls.id)).for('update');
  const appended: InterviewEvent[] = [];
  const closed: PollRow[] = [];
  for (const row of open) {
    await foldBallots(tx, row.id);
    const [done] = await tx.update(interviewPolls).set({ status: 'closed', closedAt: now }).where(eq(interviewPolls.id, row.id)).returning();
    await recordAudit(tx, actor, { action: 'poll.close', entityType: 'poll', entityId: row.publicId, details: { interview: interview.publicId, counts: done!.counts, voters: done!.voters, withInterviewEnd: true } });
    appended.push(await appendEvent(tx, interview, 'poll.updated', { poll: publicPoll(done!) }, now));
    closed.push(done!);
  }
  return { appended, closed };
}

/** After the ending transaction committed: the closed polls' final counts to the moderators' room too. */
export function afterPollsClosedAtEnd(interviewPublicId: string, closed: PollRow[]): void {
  for (const row of closed) {
    pending.delete(row.id);
    broadcastToStaff(interviewPublicId, { type: 'poll.results', payload: { poll: publicPoll(row, true) } });
  }
}

// ---- Votes ----

interface PollMeta { id: number; interviewId: number; interviewPublicId: string; optionCount: number; multiple: boolean; hideResults: boolean }
/** What never changes of a poll once opened, per process: a vote reads nothing before its one statement. */
const knownMetas = databaseScoped(() => new Map<string, Promise<PollMeta>>());

/** One read per poll and process, shared by the votes that arrive before it returned (a poll opens to a crowd). */
function pollMeta(pollPublicId: string): Promise<PollMeta> {
  const metas = knownMetas();
  const known = metas.get(pollPublicId);
  if (known) return known;
  if (metas.size > 10_000) metas.clear();
  const reading = readPollMeta(pollPublicId);
  metas.set(pollPublicId, reading);
  reading.catch(() => metas.delete(pollPublicId));
  return reading;
}

async function readPollMeta(pollPublicId: string): Promise<PollMeta> {
  const [row] = await db()
    .select({ id: interviewPolls.id, interviewId: interviewPolls.interviewId, interviewPublicId: interviews.publicId, options: interviewPolls.options, multiple: interviewPolls.multiple, hideResults: interviewPolls.hideResults })
    .from(interviewPolls).innerJoin(interviews, eq(interviews.id, interviewPolls.interviewId))
    .where(eq(interviewPolls.publicId, pollPublicId));
  if (!row) throw notFound('没有这个投票');
  return { id: row.id, interviewId: row.interviewId, interviewPublicId: row.interviewPublicId, optionCount: row.options.length, multiple: row.multiple, hideResults: row.hideResults };
}

interface Ballot { key: string; options: number[]; userId: number | null }

/**
 * Writes the ballots that arrived together for one poll in one statement (lib/db/commit-group.ts: one WAL flush
 * for a crowd of voters; each is acknowledged after the commit). The poll must be open in a live interview — KEY
 * SHARE on its row, which concurrent groups share and which the fold and the close (FOR UPDATE) wait for — and a
 * ballot is inserted unless its voter has one. The counters are not touched here (foldBallots). A voter twice in
 * one group: the first ballot counts, the second is refused like any second ballot.
 */
const castBallot = commitGroup<number, Ballot, void>(async (pollId, ballots) => {
  const seen = new Set<string>();
  const firsts = ballots.filter((b) => !seen.has(b.key) && seen.add(b.key));
  const rows = JSON.stringify(firsts.map((b) => ({ k: b.key, o: `{${b.options.join(',')}}`, u: b.userId })));
  const [row] = rowsOf<{ open: number; inserted: string[] | null }>(await db().execute(sql`
    with p as (
      select p.id from interview_polls p join interviews i on i.id = p.interview_id
      where p.id = ${pollId} and p.status = 'open' and i.status = 'live'
      for key share of p
    ), b as (
      select * from jsonb_to_recordset(${rows}::jsonb) as b(k text, o text, u bigint)
    ), v as (
      insert into interview_poll_votes (poll_id, voter_key, options, user_id)
      select p.id, b.k, b.o::int[], b.u from p, b
      on conflict (poll_id, voter_key) do nothing
      returning voter_key
    )
    select (select count(*) from p)::int as open, (select array_agg(voter_key) from v) as inserted`));
  const open = Boolean(row && Number(row.open) > 0);
  const inserted = new Set(row?.inserted ?? []);
  const counted = new Set<Ballot>(firsts.filter((b) => inserted.has(b.key)));
  return ballots.map((b) => (!open ? { ok: false as const, error: new AppError('conflict', '投票已经结束') }
    : counted.has(b) ? { ok: true as const, value: undefined }
      : { ok: false as const, error: new AppError('conflict', '您已经投过票了') }));
}, { maxItems: 1000 });

/**
 * One ballot: citizens (per account) and visitors (per signed device id); staff accounts run the poll and do not
 * vote. Single choice takes exactly one option, multiple choice one or more, each once. Acknowledged as soon as
 * the ballot is written; the counts follow with the next fold (the coalesced `poll.updated`, or the close).
 */
export async function votePoll(actor: Actor, deviceId: string | null, input: unknown): Promise<{ pollId: string; options: number[] }> {
  if (actor.user && actor.user.role !== 'citizen') throw new AppError('forbidden', '只有市民和访客可以参加投票');
  const data = parseInput(voteInput, input);
  const key = voterKey(actor, deviceId);
  if (!key) throw new AppError('forbidden', '无法识别您的设备，请刷新页面后再投票');
  const meta = await pollMeta(data.pollId);
  const options = [...data.options].sort((a, b) => a - b);
  if (new Set(options).size !== options.length || options.some((o) => o >= meta.optionCount)) {
    throw new AppError('invalid_input', '选项无效', { options: '选项无效' });
  }
  if (!meta.multiple && options.length !== 1) throw new AppError('invalid_input', '这是单选投票，只能选一项', { options: '这是单选投票，只能选一项' });
  await castBallot(meta.id, { key, options, userId: actor.user?.id ?? null });
  queueResults(meta);
  return { pollId: data.pollId, options };
}

/**
 * Folds the ballots cast since the last fold into the poll's counters. FOR UPDATE first, as its own statement: it
 * waits for every vote under way (each holds KEY SHARE from before its ballot got its number until it commits) and
 * holds new ones until this transaction ends, so the next statement's snapshot sees every ballot numbered after
 * `folded_vote_id` — none is skipped, none counted twice.
 */
async function foldBallots(tx: Tx, pollId: number): Promise<PollRow | undefined> {
  const [locked] = await tx.select({ id: interviewPolls.id }).from(interviewPolls).where(eq(interviewPolls.id, pollId)).for('update');
  if (!locked) return undefined;
  await tx.execute(sql`
    with n as materialized (
      select v.id, v.options from interview_poll_votes v, interview_polls p
      where p.id = ${pollId} and v.poll_id = p.id and v.id > p.folded_vote_id
    )
    update interview_polls t set
      counts = array(select x.c + (select count(*)::int from n where (x.o - 1) = any(n.options))
                     from unnest(t.counts) with ordinality as x(c, o) order by x.o),
      voters = t.voters + (select count(*)::int from n),
      folded_vote_id = coalesce((select max(n.id) from n), t.folded_vote_id)
    where t.id = ${pollId} and exists (select 1 from n)`);
  const [row] = await tx.select().from(interviewPolls).where(eq(interviewPolls.id, pollId));
  return row;
}

// ---- Coalesced results ----

const pending = new Map<number, { meta: PollMeta; timer: NodeJS.Timeout }>();
const lastFlush = new Map<number, number>();

function queueResults(meta: PollMeta, waitMs?: number): void {
  if (pending.has(meta.id)) return;
  const wait = waitMs ?? Math.max(0, (lastFlush.get(meta.id) ?? 0) + RESULTS_INTERVAL_MS - Date.now());
  const timer = setTimeout(() => void flushPollResults(meta.id).catch((e) => console.error('[interviews] poll results flush failed', e)), wait);
  timer.unref?.();
  pending.set(meta.id, { meta, timer });
}

/** How many polls this process has a results flush pending for (tests: the flushes have settled at 0). */
export function pendingPollFlushes(): number {
  return pending.size + flushing;
}
let flushing = 0;

/**
 * Publishes the current counts of polls with new votes now (the timer calls it; tests call it directly): a
 * `poll.updated` event in the log when viewers see counts, and `poll.results` to the moderators. Returns the events.
 *
 * One publication per poll per RESULTS_INTERVAL_MS across all processes: under the poll's row lock the flush reads
 * when the results were last published (`results_published_at`, the database's clock) by any process; if less
 * than the interval ago, the poll stays pending here and is retried when the interval ends. A fold that finds no
 * ballot it has not counted (another process published them) publishes nothing. So viewers get one update per
 * interval however many processes their crowd votes through (docs/CAPACITY.md §5.1).
 */
export async function flushPollResults(only?: number): Promise<InterviewEvent[]> {
  const batch = [...pending.entries()].filter(([id]) => only === undefined || id === only);
  for (const [id, entry] of batch) {
    clearTimeout(entry.timer);
    pending.delete(id);
    lastFlush.set(id, Date.now());
  }
  if (lastFlush.size > 10_000) lastFlush.clear();
  flushing++;
  try {
    return await publishResults(batch.map(([id, { meta }]) => [id, meta]));
  } finally {
    flushing--;
  }
}

async function publishResults(batch: Array<[number, PollMeta]>): Promise<InterviewEvent[]> {
  const events: InterviewEvent[] = [];
  for (const [id, meta] of batch) {
    const outcome = await db().transaction(async (tx) => {
      // The fold's lock, taken first: the flushes of all processes pass here one at a time; the clock is read
      // after it is held, so two publications' times are at least RESULTS_INTERVAL_MS apart.
      const [gate] = await tx.select({ folded: interviewPolls.foldedVoteId }).from(interviewPolls).where(eq(interviewPolls.id, id)).for('update');
      if (!gate) return null;
      const { nowMs, lastMs } = await flushClock(tx, sql`${interviewPolls.resultsPublishedAt}`, sql`${interviewPolls} where ${interviewPolls.id} = ${id}`);
      if (lastMs !== null && nowMs >= lastMs && nowMs - lastMs < RESULTS_INTERVAL_MS) return { waitMs: RESULTS_INTERVAL_MS - (nowMs - lastMs) };
      const row = await foldBallots(tx, id);
      // Closed meanwhile: the close published the final counts. Nothing new: another process published it.
      if (!row || row.status !== 'open' || row.foldedVoteId === gate.folded) return null;
      const now = new Date(nowMs);
      await tx.update(interviewPolls).set({ resultsPublishedAt: now }).where(eq(interviewPolls.id, id));
      const event = row.hideResults ? null : await appendEvent(tx, { id: meta.interviewId, publicId: meta.interviewPublicId }, 'poll.updated', { poll: publicPoll(row) }, now);
      return { row, event };
    });
    if (!outcome) continue;
    if (outcome.waitMs !== undefined) {
      queueResults(meta, Math.ceil(outcome.waitMs) + 5);
      continue;
    }
    if (outcome.event) {
      broadcast([outcome.event]);
      events.push(outcome.event);
    }
    broadcastToStaff(meta.interviewPublicId, { type: 'poll.results', payload: { poll: publicPoll(outcome.row, true) } });
  }
  return events;
}

/** Folds, then recounts a poll from all its ballots (tests): what the folded counters must equal. */
export async function recountPoll(pollPublicId: string): Promise<{ counts: number[]; voters: number; stored: { counts: number[]; voters: number } }> {
  const [found] = await db().select({ id: interviewPolls.id }).from(interviewPolls).where(eq(interviewPolls.publicId, pollPublicId));
  if (!found) throw notFound('没有这个投票');
  const poll = (await db().transaction((tx) => foldBallots(tx, found.id)))!;
  const ballots = await db().select({ options: interviewPollVotes.options }).from(interviewPollVotes).where(inArray(interviewPollVotes.pollId, [poll.id]));
  const counts = poll.options.map(() => 0);
  for (const b of ballots) for (const o of b.options) counts[o] = (counts[o] ?? 0) + 1;
  return { counts, voters: ballots.length, stored: { counts: poll.counts, voters: poll.voters } };
}

/** The ballots this viewer cast in an interview's polls (the page: "已投票" and the choice), by public ids. */
export async function pollVotesFor(actor: Actor, deviceId: string | null, interviewPublicId: string): Promise<Record<string, number[]>> {
  const key = voterKey(actor, deviceId);
  if (!key) return {};
  const [row] = await db().select({ id: interviews.id }).from(interviews).where(eq(interviews.publicId, interviewPublicId));
  return row ? pollVotesOf(row.id, key) : {};
}

/** The moderators' view of an interview's polls: counts always (the console). */
export async function staffPolls(actor: Actor, interviewPublicId: string): Promise<PublicPoll[]> {
  assertCan(actor, 'interviews.manage');
  const [row] = await db().select({ id: interviews.id }).from(interviews).where(eq(interviews.publicId, interviewPublicId));
  if (!row) throw notFound('没有这场访谈');
  return pollsOf(db(), row.id, true);
}
