/**
 * The live-poll phase of `npm run bench:live` (issue 16, item 4; docs/BENCHMARKS.md), also runnable on its own
 * (scripts/bench/polls.ts). N viewers join the interview's room; the moderator opens a poll; M voters (visitor
 * connections: each handshake is issued its own signed device id) each cast one ballot as fast as the server
 * acknowledges, and each sends a second ballot that must be refused. Reports acknowledged votes/s, checks in the
 * database that the counters equal the ballots and the ballots equal the acknowledgements (none lost, none counted
 * twice), and the interval between `poll.updated` events at the viewers (goal ≤ 500 ms, the coalescing interval).
 * The sockets live in this process: fine at the small scale; the 10,000/2,000 run belongs in the load generators.
 */
import { io as connect, type Socket } from 'socket.io-client';
import type postgres from 'postgres';
import { nowMs, pool, round, summarise, type Summary } from './common';

export interface PollPhaseOptions {
  base: string;
  interviewId: string;
  /** Opens the poll as the moderator (POST /api/v1/interviews/{id}/polls) and returns its id. */
  openPoll: (body: { question: string; options: string[]; multiple: boolean }) => Promise<string>;
  sql: postgres.Sql;
  viewers: number;
  voters: number;
  /** Connections opened at once. */
  batch: number;
  /** Around the voting only (after every connection is open): e.g. a CPU profile of the server. */
  beforeVoting?: () => Promise<void>;
  afterVoting?: () => Promise<void>;
}

export interface PollPhaseResult {
  viewers: number;
  voters: number;
  acknowledged: number;
  refusedSecondBallots: number;
  failed: number;
  votingSeconds: number;
  votesPerSecond: number;
  ackMs: Summary;
  database: { ballots: number; voters: number; counts: number[]; recounted: number[]; consistent: boolean };
  updates: { events: number; intervalMs: Summary; lastCountsSeenByViewers: number | null; afterLastAckMs: number | null };
}

function open(base: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(base, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export async function runPollPhase(o: PollPhaseOptions): Promise<PollPhaseResult> {
  const viewers = await pool(Array.from({ length: o.viewers }, (_, i) => i), o.batch, () => open(o.base));
  const received: Array<{ at: number; voters: number | null }> = [];
  // Every viewer joins; one viewer's receipts give the intervals (they all get the same broadcasts).
  let watch = true;
  await pool(viewers, o.batch, async (socket, i) => {
    if (i === 0) socket.on('interview:event', (e: { type: string; payload: { poll?: { voters: number | null } } }) => {
      if (watch && e.type === 'poll.updated') received.push({ at: nowMs(), voters: e.payload.poll?.voters ?? null });
    });
    const ack = await socket.timeout(30_000).emitWithAck('interview:join', { interviewId: o.interviewId, sinceSeq: 1_000_000 });
    if (!ack?.ok) throw new Error(`viewer join refused: ${JSON.stringify(ack)}`);
  });
  const voters = await pool(Array.from({ length: o.voters }, (_, i) => i), o.batch, () => open(o.base));

  const options = ['图书馆', '博物馆', '文化馆', '美术馆'];
  const pollId = await o.openPoll({ question: '压测投票：您最希望延长哪类场馆的开放时间？', options, multiple: true });

  await o.beforeVoting?.();
  const ackMs: number[] = [];
  let acknowledged = 0;
  let refused = 0;
  let failed = 0;
  let lastAck = 0;
  const t0 = nowMs();
  await Promise.all(voters.map(async (socket, i) => {
    const chosen = i % 3 === 0 ? [i % 4, (i + 1) % 4] : [i % 4];
    const t = nowMs();
    const ack = await socket.timeout(60_000).emitWithAck('poll:vote', { pollId, options: chosen }).catch(() => null);
    if (ack?.ok) {
      acknowledged++;
      ackMs.push(nowMs() - t);
      lastAck = Math.max(lastAck, nowMs());
    } else failed++;
    const again = await socket.timeout(60_000).emitWithAck('poll:vote', { pollId, options: [0] }).catch(() => null);
    if (again && !again.ok && again.code === 'conflict') refused++;
  }));
  const votingSeconds = (lastAck - t0) / 1000;
  await o.afterVoting?.();

  // The last coalesced update reaches the viewers within the interval; wait for the one with every ballot.
  const deadline = nowMs() + 10_000;
  while (nowMs() < deadline && (received.at(-1)?.voters ?? -1) < acknowledged) await new Promise((r) => setTimeout(r, 50));
  watch = false;
  const last = received.at(-1);
  const intervals: number[] = [];
  const during = received.filter((r) => r.at >= t0);
  for (let i = 1; i < during.length; i++) intervals.push(during[i]!.at - during[i - 1]!.at);

  const [poll] = await o.sql<Array<{ id: string; counts: number[]; voters: number }>>`select id, counts, voters from interview_polls where public_id = ${pollId}`;
  const ballots = await o.sql<Array<{ options: number[] }>>`select options from interview_poll_votes where poll_id = ${poll!.id}`;
  const recounted = options.map(() => 0);
  for (const b of ballots) for (const x of b.options) recounted[x]!++;
  const consistent = ballots.length === acknowledged && poll!.voters === acknowledged && poll!.counts.every((c, i) => c === recounted[i]);

  for (const s of [...viewers, ...voters]) s.disconnect();
  return {
    viewers: viewers.length, voters: voters.length, acknowledged, refusedSecondBallots: refused, failed,
    votingSeconds: round(votingSeconds, 2), votesPerSecond: round(acknowledged / Math.max(votingSeconds, 0.001), 0), ackMs: summarise(ackMs),
    database: { ballots: ballots.length, voters: poll!.voters, counts: poll!.counts, recounted, consistent },
    updates: {
      events: during.length, intervalMs: summarise(intervals), lastCountsSeenByViewers: last?.voters ?? null,
      afterLastAckMs: last && last.voters === acknowledged ? round(last.at - lastAck, 0) : null,
    },
  };
}
