import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { InterServerEvents, MinshengServer, MinshengSocket, SocketDomain } from '../realtime/contract';
import { onEvent, type SocketHandler } from '../realtime/handlers';
import { notFound } from '../errors';
import { consume } from '../ratelimit';
import { isInterviewRoom, staffRoom, interviewRoom, PUBLIC_INTERVIEWS_ROOM } from './events';
import { actOnQuestion } from './operations';
import { askQuestion } from './ask';
import { interviewForViewer, staffAudienceOf } from './queries';
import { catchUpRound, knownPublicInterview } from './catch-up';
import { STAFF_AUDIENCES } from './views';
import { votePoll } from './polls';
import { deviceOfRequest, issueDeviceCookies } from './device';

/**
 * Interview socket protocol (API.md): `interview:join {interviewId, sinceSeq}` → every missed event as
 * `interview:event`, then the ack `{ok, seq}`; new events follow live. The room is joined before the catch-up is
 * read, so nothing committed in between is lost; the client drops duplicates by seq and re-joins on a gap. The
 * reads are shared by the joins of one interview that arrive together (./catch-up.ts): a crowd re-joining after a
 * restart costs a few queries, not three per viewer.
 *
 * The handlers are declared once for the process and take the socket as an argument, so every connection shares
 * one listener per event (lib/realtime/handlers.ts#onEvent) instead of holding closures of its own.
 */
export function registerInterviewHandlers(socket: MinshengSocket): void {
  // A visitor votes in polls as its device (signed cookie, or the id issued with this handshake): kept as a string,
  // so the connection need not hold on to its handshake request.
  if (!socket.data.actor.user) {
    const device = deviceOfRequest(socket.request);
    if (device) socket.data.device = device;
  }
  onEvent(socket, 'interview:join', join);
  // Pages that show what is live (the home page's banner): `interviews:status` messages, public fields only.
  onEvent(socket, 'interviews:subscribe', subscribePublic);
  onEvent(socket, 'interview:leave', leave);
  onEvent(socket, 'question:ask', ask);
  onEvent(socket, 'question:vote', voteQuestion);
  onEvent(socket, 'poll:vote', votePollBallot);
}

const join: SocketHandler<'interview:join'> = async ({ interviewId, sinceSeq }, actor, socket) => {
  const known = knownPublicInterview(interviewId);
  const interview = known ? { ...known, audience: await staffAudienceOf(actor, known.internalId) } : await interviewForViewer(actor, interviewId);
  // Join before reading: an event committed meanwhile is then either in the catch-up or delivered live.
  await socket.join(interviewRoom(interview.id));
  if (interview.audience) {
    // The staff room of this party only (views.ts#STAFF_READS). A guest removed after the read above but before
    // this join would miss the removal's closing of its sockets: read again once joined, and leave if so.
    await socket.join(staffRoom(interview.id, interview.audience));
    if ((await staffAudienceOf(actor, interview.internalId)) !== interview.audience) await socket.leave(staffRoom(interview.id, interview.audience));
  }
  let cursor = sinceSeq;
  let lastSeq = sinceSeq;
  for (let first = true; ; first = false) {
    const round = await catchUpRound(interview.id, interview.internalId, cursor);
    if (first && (round.status === null || (round.status === 'draft' && !interview.audience))) {
      await socket.leave(interviewRoom(interview.id));
      if (interview.audience) await socket.leave(staffRoom(interview.id, interview.audience));
      throw notFound('没有这场访谈');
    }
    for (const event of round.items) socket.emit('interview:event', event);
    cursor = round.cursor;
    lastSeq = round.lastSeq;
    if (!round.more) break;
  }
  return { interviewId: interview.id, seq: Math.max(cursor, lastSeq) };
};

const subscribePublic: SocketHandler<'interviews:subscribe'> = async (_input, _actor, socket) => {
  await socket.join(PUBLIC_INTERVIEWS_ROOM);
  return {};
};

const leave: SocketHandler<'interview:leave'> = async ({ interviewId }, _actor, socket) => {
  await socket.leave(interviewRoom(interviewId));
  for (const audience of STAFF_AUDIENCES) await socket.leave(staffRoom(interviewId, audience));
  return {};
};

// Abuse limits per account and address (lib/ratelimit), on top of the per-message ones of onEvent.
const ask: SocketHandler<'question:ask'> = async ({ interviewId, body, clientId }, actor) => {
  await consume('question.ask', actor);
  return askQuestion(actor, interviewId, { body, clientId });
};

const voteQuestion: SocketHandler<'question:vote'> = async ({ questionId }, actor) => {
  await consume('question.vote', actor);
  return actOnQuestion(actor, questionId, { action: 'upvote' });
};

// Live polls: citizens once per account, visitors once per signed device id (lib/interviews/polls.ts).
const votePollBallot: SocketHandler<'poll:vote'> = async (payload, actor, socket) => {
  await consume('poll.vote', actor);
  return votePoll(actor, socket.data.device ?? null, payload);
};

/** The message app processes exchange (through the Redis adapter) with their own viewers per interview room. */
const VIEWER_REPORT = 'minsheng:viewers' satisfies keyof InterServerEvents;
const reportInput = z.object({
  node: z.string().min(1).max(64),
  counts: z.record(z.string().max(128), z.number().int().min(0)),
});

export interface ViewerCountOptions {
  intervalMs?: number;
  /**
   * Several app processes share rooms (the Redis adapter): each one reports its own viewers per interview to the
   * others every tick with `io.serverSideEmit` (one small message per process, not per viewer), and every process
   * tells its viewers the sum. A process that stops reporting drops out after three ticks.
   */
  shared?: boolean;
}

/**
 * Every few seconds, each interview room whose audience changed hears how many viewers watch it — across all app
 * processes when they share rooms. Unchanged counts are not re-sent: a broadcast to thousands costs as much as an
 * answer's, and would delay one. The work per tick is per room, not per viewer.
 */
export function startViewerCounts(io: MinshengServer, options: ViewerCountOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 5000;
  const node = randomBytes(8).toString('hex');
  const others = new Map<string, { counts: Record<string, number>; at: number }>();
  const sent = new Map<string, number>();
  const onReport: InterServerEvents[typeof VIEWER_REPORT] = (message) => {
    const report = reportInput.safeParse(message);
    if (report.success && report.data.node !== node) others.set(report.data.node, { counts: report.data.counts, at: Date.now() });
  };
  if (options.shared) io.on(VIEWER_REPORT, onReport);

  const timer = setInterval(() => {
    const now = Date.now();
    for (const [other, report] of others) if (now - report.at > 3 * intervalMs) others.delete(other);
    const local: Record<string, number> = Object.create(null);
    for (const [room, sockets] of io.of('/').adapter.rooms) {
      if (isInterviewRoom(room)) local[room] = sockets.size;
    }
    if (options.shared) {
      try {
        io.serverSideEmit(VIEWER_REPORT, { node, counts: local });
      } catch (error) {
        console.warn('[realtime] viewer count report failed', error);
      }
    }
    for (const room in local) {
      let count = local[room]!;
      for (const report of others.values()) count += report.counts[room] ?? 0;
      if (sent.get(room) === count) continue;
      sent.set(room, count);
      io.local.to(room).emit('interview:viewers', { interviewId: room.slice('interview:'.length), count });
    }
    for (const room of sent.keys()) if (!(room in local)) sent.delete(room);
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (options.shared) io.off(VIEWER_REPORT, onReport);
  };
}

/** The interviews' part of the realtime layer (lib/platform/realtime.ts#SOCKET_DOMAINS). */
export const interviewSocketDomain: SocketDomain = {
  name: 'interviews',
  register: registerInterviewHandlers,
  start: (io, { shared, viewerCountIntervalMs }) => {
    issueDeviceCookies(io.engine);
    return startViewerCounts(io, { intervalMs: viewerCountIntervalMs, shared });
  },
};
