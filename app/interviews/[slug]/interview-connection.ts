'use client';

import type { InterviewState } from '@/lib/interviews/queries';
import { applyInterviewEvent, applyOwnQuestion, type InterviewEvent } from '@/lib/interviews/reducer';
import type { OwnQuestionUpdate } from '@/lib/interviews/event-types';
import type { MinshengClientSocket } from '@/app/_components/socket-client';

export type Connection = 'connecting' | 'syncing' | 'live' | 'offline' | 'error';

const JOIN_TIMEOUT_MS = 15_000;
/** Joins in a row that end behind the server before the page asks for a fresh snapshot instead. */
const MAX_RESYNCS = 3;

export interface InterviewConnectionHooks {
  /** The state last committed (a ref: handlers read it at event time). */
  current(): InterviewState;
  commit(next: InterviewState): void;
  setConnection(connection: Connection): void;
  setViewers(count: number): void;
  /** An event changed the state (after commit): the page reads out what is new. */
  applied(event: InterviewEvent, before: InterviewState, after: InterviewState): void;
  /** Too many joins ended behind the server: fetch a fresh snapshot (router.refresh). */
  refresh(): void;
}

/**
 * One public interview kept current over an already loaded socket (API.md "Interviews"). On every connect it sends
 * `interview:join {interviewId, sinceSeq}` with the last seq applied; the server replays what was missed from the
 * database, then live events follow. Events go through `applyInterviewEvent`: duplicates are dropped, a gap triggers
 * another join from the current seq. Returns the function that detaches it (and leaves the room).
 *
 * A module of its own, imported together with socket.io-client after hydration (useInterviewLive.ts): only a
 * connected socket needs it, so it is not in the page's first JavaScript (issue 15 item 6).
 */
export function connectInterview(socket: MinshengClientSocket, interviewId: string, hooks: InterviewConnectionHooks): () => void {
  let generation = 0; // bumped on disconnect: acknowledgements of earlier joins are ignored
  let joining = false;
  let again = false; // a gap was seen while a join was under way
  let resyncs = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const join = () => {
    clearTimeout(retry);
    if (!socket.connected) return;
    if (joining) {
      again = true;
      return;
    }
    joining = true;
    again = false;
    const mine = generation;
    socket
      .timeout(JOIN_TIMEOUT_MS)
      .emit('interview:join', { interviewId, sinceSeq: hooks.current().seq }, (timeout, ack) => {
        if (mine !== generation) return;
        joining = false;
        if (timeout) {
          hooks.setConnection('syncing');
          retry = setTimeout(join, 2000);
          return;
        }
        // The server is up but its database is not (a restart, a failover): try again when it says to.
        if (!ack?.ok && (ack?.code === 'unavailable' || ack?.code === 'rate_limited')) {
          hooks.setConnection('syncing');
          retry = setTimeout(join, Math.min(30, Math.max(1, ack.retryAfter ?? 5)) * 1000);
          return;
        }
        if (!ack?.ok) {
          hooks.setConnection('error');
          return;
        }
        // The catch-up arrives before the acknowledgement: being behind now means something was dropped.
        const behind = typeof ack.seq === 'number' && ack.seq > hooks.current().seq;
        if (again || behind) {
          resyncs += 1;
          hooks.setConnection('syncing');
          if (resyncs > MAX_RESYNCS) {
            resyncs = 0;
            hooks.refresh(); // a fresh snapshot from the server; joining continues from it
            retry = setTimeout(join, 1000);
          } else {
            join();
          }
          return;
        }
        resyncs = 0;
        hooks.setConnection('live');
      });
  };

  const onEvent = (event: InterviewEvent) => {
    if (event?.interviewId !== interviewId) return;
    const before = hooks.current();
    const result = applyInterviewEvent(before, event);
    if (result.outcome === 'gap') {
      hooks.setConnection('syncing');
      join();
      return;
    }
    if (result.outcome !== 'applied') return;
    hooks.commit(result.state);
    hooks.applied(event, before, result.state);
  };
  const onViewers = (message: { interviewId?: unknown; count?: unknown }) => {
    if (message?.interviewId === interviewId && typeof message.count === 'number') hooks.setViewers(message.count);
  };
  // A moderator's decision on one of this citizen's own questions: to the account's connections only.
  const onMine = (update: OwnQuestionUpdate) => {
    const before = hooks.current();
    const next = applyOwnQuestion(before, update);
    if (next !== before) hooks.commit(next);
  };
  const onConnect = () => {
    hooks.setConnection('syncing');
    join();
  };
  const onDisconnect = () => {
    generation += 1;
    joining = false;
    again = false;
    clearTimeout(retry);
    hooks.setConnection('offline');
  };

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('interview:event', onEvent);
  socket.on('interview:viewers', onViewers);
  socket.on('question:mine', onMine);
  if (socket.connected) onConnect();

  return () => {
    clearTimeout(retry);
    generation += 1;
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('interview:event', onEvent);
    socket.off('interview:viewers', onViewers);
    socket.off('question:mine', onMine);
    if (socket.connected) socket.emit('interview:leave', { interviewId });
  };
}
