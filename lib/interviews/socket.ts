import { z } from 'zod';
import type { Server } from 'socket.io';
import type { MinshengSocket } from '../realtime/server';
import { onEvent } from '../realtime/handlers';
import { staffRoom, interviewRoom } from './events';
import { actOnQuestion } from './operations';
import { askQuestion } from './ask';
import { eventsSince, interviewForViewer } from './queries';
import { joinInput } from './validation';

const CATCH_UP_BATCH = 1000;
// Built once per process, not per connection (they were most of a viewer's memory).
const leaveInput = z.object({ interviewId: z.string().min(1).max(64) }).strict();
const askInput = z.object({ interviewId: z.string().min(1).max(64), body: z.unknown(), clientId: z.unknown().optional() }).strict();
const voteInput = z.object({ questionId: z.string().min(1).max(64) }).strict();

/**
 * Interview socket protocol (API.md): `interview:join {interviewId, sinceSeq}` → every missed event as
 * `interview:event`, then the ack `{ok, seq}`; new events follow live. The room is joined before the catch-up is
 * read, so nothing committed in between is lost; the client drops duplicates by seq and re-joins on a gap.
 */
export function registerInterviewHandlers(socket: MinshengSocket): void {
  onEvent(socket, 'interview:join', joinInput, async ({ interviewId, sinceSeq }, actor) => {
    const interview = await interviewForViewer(actor, interviewId);
    // Join before reading: an event committed meanwhile is then either in the catch-up or delivered live.
    await socket.join(interviewRoom(interview.id));
    if (interview.staff) await socket.join(staffRoom(interview.id));
    let last = sinceSeq;
    let lastSeq = sinceSeq;
    for (;;) {
      const batch = await eventsSince(actor, interview.id, last, CATCH_UP_BATCH);
      for (const event of batch.items) socket.emit('interview:event', event);
      if (batch.items.length) last = batch.items.at(-1)!.seq;
      lastSeq = batch.lastSeq;
      if (batch.items.length < CATCH_UP_BATCH) break;
    }
    return { interviewId: interview.id, seq: Math.max(last, lastSeq) };
  });

  onEvent(socket, 'interview:leave', leaveInput, async ({ interviewId }) => {
    await socket.leave(interviewRoom(interviewId));
    await socket.leave(staffRoom(interviewId));
    return {};
  });

  onEvent(socket, 'question:ask', askInput,
    async ({ interviewId, body, clientId }, actor) => askQuestion(actor, interviewId, { body, clientId }));

  onEvent(socket, 'question:vote', voteInput,
    async ({ questionId }, actor) => actOnQuestion(actor, questionId, { action: 'upvote' }));
}

/**
 * Every few seconds, each interview room whose audience changed hears how many viewers this process serves it.
 * Unchanged counts are not re-sent: a broadcast to thousands costs as much as an answer's, and would delay one.
 */
export function startViewerCounts(io: Server, intervalMs = 5000): () => void {
  const sent = new Map<string, number>();
  const timer = setInterval(() => {
    for (const [room, sockets] of io.of('/').adapter.rooms) {
      if (!room.startsWith('interview:') || room.endsWith(':staff')) continue;
      if (sent.get(room) === sockets.size) continue;
      sent.set(room, sockets.size);
      io.local.to(room).emit('interview:viewers', { interviewId: room.slice('interview:'.length), count: sockets.size });
    }
    for (const room of sent.keys()) if (!io.of('/').adapter.rooms.has(room)) sent.delete(room);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
