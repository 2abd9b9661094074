/**
 * A child process that serves Minsheng's realtime side as server.ts does, without Next.js: it boots the database
 * through lib/platform/boot (migrate, seed), attaches Socket.IO (lib/realtime/server) to its own HTTP server and
 * listens. The test drives the operations over IPC — `{id, call, email, args}` runs `call(actorOf(email), ...args)`
 * in this process, so broadcasts after commit leave from here — and can SIGKILL it like a crashed server.
 *
 * Started by test/support/servers.ts#startRealtimeProcess; environment: LISTEN_PORT (0 = any), DATABASE_URL or DATA_DIR,
 * REDIS_URL, NEXTAUTH_SECRET, SEED_DEMO, VIEWER_COUNT_MS.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { env } from '../../lib/env';
import { bootDatabase } from '../../lib/platform/boot';
import { startRealtime } from '../../lib/platform/realtime';
import { db } from '../../lib/db';
import { users } from '../../lib/accounts/schema';
import { findActiveUser, newPublicId } from '../../lib/accounts/users';
import { letters } from '../../lib/letters/schema';
import { actOnLetter, submitLetter } from '../../lib/letters/operations';
import { actOnApplication, submitApplication } from '../../lib/disclosure/applications';
import { departments } from '../../lib/accounts/schema';
import { checkHealth } from '../../lib/platform/health';
import { realtime } from '../../lib/realtime/io';
import { interviewEvents, interviews, questions } from '../../lib/interviews/schema';
import { actOnInterview, actOnQuestion, addRemark, assignLeftoverQuestions, correctAnswer, createInterview, publishAnswer, updateInterview } from '../../lib/interviews/operations';
import { getInterviewForEdit, staffQuestions } from '../../lib/interviews/queries';
import { askQuestion } from '../../lib/interviews/ask';
import { postUpdate, retractUpdate } from '../../lib/interviews/live-updates';
import { closePoll, openPoll, pendingPollFlushes, votePoll } from '../../lib/interviews/polls';
import { pendingVoteFlushes } from '../../lib/interviews/votes';
import { updateUser } from '../../lib/accounts/admin';
import { signOutSession } from '../../lib/accounts/sessions';
import { AppError } from '../../lib/errors';
import type { Actor } from '../../lib/auth/permissions';
import { pageGeneration, pagesChanged, pageStamp, type PageScope } from '../../lib/platform/page-changes';

export interface Request {
  id: number;
  call: string;
  email?: string;
  args: unknown[];
}
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string; code?: string };

// The last actor read per email: when the database cannot be read (the fault tests stop it), the call still reaches
// the operation with that actor, so the test sees how the operation fails rather than how this helper does.
const lastActors = new Map<string, Actor>();

async function actorOf(email: string | undefined): Promise<Actor> {
  if (!email) return { user: null, ip: '127.0.0.1' };
  let actor: Actor;
  try {
    const [row] = await db().select({ publicId: users.publicId }).from(users).where(eq(users.email, email));
    if (!row) throw new Error(`no user ${email}`);
    actor = { user: await findActiveUser(db(), row.publicId), ip: '127.0.0.1' };
  } catch (error) {
    const last = lastActors.get(email);
    if (last && !(error instanceof Error && error.message.startsWith('no user'))) return last;
    throw error;
  }
  lastActors.set(email, actor);
  return actor;
}

const calls: Record<string, (actor: Actor, ...args: never[]) => Promise<unknown>> = {
  createInterview, actOnInterview, actOnQuestion, addRemark, publishAnswer, askQuestion, submitLetter, updateUser,
  updateInterview, correctAnswer, assignLeftoverQuestions, actOnLetter, staffQuestions, getInterviewForEdit, retractUpdate,
  openPoll, closePoll, votePoll, submitApplication, actOnApplication,
  /** A 图文直播 text update (photos are re-encoded before the call; the test sends text). */
  async postUpdate(actor, interviewId: string, input: unknown) {
    return postUpdate(actor, interviewId, input, null);
  },
  /** The check GET /api/health runs (lib/platform/health), in this process. */
  async health() {
    return checkHealth();
  },
  /** Inserts `count` citizen accounts directly (no password hashing: they act through minted session cookies). */
  async createCitizens(_actor, count: number, label: string) {
    const rows = Array.from({ length: count }, (_, i) => ({
      publicId: newPublicId(), name: `市民${label}${i}`, email: `${label}-${i}@example.org`, passwordHash: 'not-a-hash', role: 'citizen' as const,
    }));
    for (let i = 0; i < rows.length; i += 500) await db().insert(users).values(rows.slice(i, i + 500));
    return rows.map((r) => ({ email: r.email, publicId: r.publicId }));
  },
  /** Inserts accounts of any role (a department by its code), as createCitizens: public ids in order. */
  async createAccounts(_actor, specs: Array<{ name: string; email: string; role: 'citizen' | 'handler' | 'leader' | 'moderator' | 'admin'; department?: string; title?: string }>) {
    const depts = new Map((await db().select({ id: departments.id, code: departments.code, publicId: departments.publicId }).from(departments)).map((d) => [d.code, d]));
    const rows = specs.map((s) => ({
      publicId: newPublicId(), name: s.name, email: s.email, passwordHash: 'not-a-hash', role: s.role,
      departmentId: s.department ? depts.get(s.department)!.id : null, title: s.title ?? null,
    }));
    await db().insert(users).values(rows);
    return rows.map((r) => r.publicId);
  },
  /** A department's public id by its code. */
  async departmentId(_actor, code: string) {
    const [row] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, code));
    return row?.publicId ?? null;
  },
  /** Letters whose Idempotency-Key starts with `prefix`: key and tracking number. */
  async storedLetters(_actor, prefix: string) {
    // whole: the letter's 'submitted' event and audit row are there too (one transaction: all or nothing).
    return db().select({
      key: letters.idempotencyKey, trackingNo: letters.trackingNo,
      whole: sql<boolean>`exists (select 1 from letter_events e where e.letter_id = ${letters.id} and e.type = 'submitted')
        and exists (select 1 from audit_log a where a.action = 'letter.submit' and a.entity_id = ${letters.trackingNo})`,
    }).from(letters)
      .where(like(letters.idempotencyKey, `${prefix}%`)).orderBy(asc(letters.id));
  },
  /**
   * What this process holds for one Socket.IO connection (by socket id): engine.io's write buffer (packets not yet
   * handed to the transport) and the bytes queued in Node's socket above the kernel; plus the process's memory.
   */
  async socketStats(_actor, socketId: string) {
    const socket = realtime()?.sockets.sockets.get(socketId);
    const conn = socket?.conn as unknown as { writeBuffer: unknown[]; transport: { name: string; socket?: { _socket?: { writableLength: number } } } } | undefined;
    return {
      connected: Boolean(socket?.connected),
      writeBufferPackets: conn?.writeBuffer.length ?? 0,
      socketQueuedBytes: conn?.transport.socket?._socket?.writableLength ?? 0,
      rssBytes: process.memoryUsage().rss,
      heapUsedBytes: process.memoryUsage().heapUsed,
    };
  },
  /** Sign-out of the actor's session issued at version `sv` (next-auth's signOut event, lib/auth/options.ts). */
  async signOut(actor, sv: number) {
    return signOutSession({ sub: actor.user!.publicId, sv });
  },
  /** This process's count of changes the public pages' cache has heard of (lib/platform/page-changes.ts). */
  async pageGeneration() {
    return pageGeneration();
  },
  /** Records a change of the public pages in this process, as a write would (lib/platform/page-changes.ts). */
  async changePages(_actor, scope: PageScope) {
    pagesChanged('local', scope);
    return true;
  },
  /** The stamps a cached page of each kind is checked against (null: a page no scoped change reaches). */
  async pageStamps() {
    return { other: pageStamp(null), interview: pageStamp('interview'), stats: pageStamp('stats') };
  },
  /** The user's public id (the test mints a session cookie for it). */
  async whoami(actor) {
    return actor.user?.publicId ?? null;
  },
  /** Vote and poll-result flushes this process still has scheduled (0 and 0: nothing more will be published). */
  async pendingFlushes() {
    return { votes: pendingVoteFlushes(), polls: pendingPollFlushes() };
  },
  /** An interview's events of one type with their times (ms since the epoch), in seq order. */
  async eventTimes(_actor, interviewPublicId: string, type: string) {
    const rows = await db().select({ seq: interviewEvents.seq, at: interviewEvents.at, payload: interviewEvents.payload }).from(interviewEvents)
      .innerJoin(interviews, eq(interviews.id, interviewEvents.interviewId))
      .where(and(eq(interviews.publicId, interviewPublicId), eq(interviewEvents.type, type))).orderBy(asc(interviewEvents.seq));
    return rows.map((r) => ({ seq: r.seq, at: r.at.getTime(), payload: r.payload }));
  },
  /** What the database holds for an interview: its questions (public ids) and its event log in seq order. */
  async stored(_actor, interviewPublicId: string) {
    const [interview] = await db().select({ id: interviews.id }).from(interviews).where(eq(interviews.publicId, interviewPublicId));
    if (!interview) return null;
    // audited: the question's audit row is there too (one statement: all or nothing).
    const qs = await db().select({
      id: questions.publicId, clientId: questions.clientId,
      audited: sql<boolean>`exists (select 1 from audit_log a where a.action = 'question.ask' and a.entity_id = ${questions.publicId})`,
    }).from(questions).where(eq(questions.interviewId, interview.id)).orderBy(asc(questions.id));
    const events = await db().select({ seq: interviewEvents.seq, type: interviewEvents.type }).from(interviewEvents)
      .where(and(eq(interviewEvents.interviewId, interview.id))).orderBy(asc(interviewEvents.seq));
    return { questions: qs, events };
  },
};

// A V8 CPU profile of this process on request (benchmarks: POLL_PROFILE in scripts/bench/polls.ts); the process
// is SIGKILLed at the end, so the profile is written when asked, not at exit.
let profiler: import('node:inspector/promises').Session | null = null;
calls.cpuProfile = async (_actor: Actor, action: unknown, file: unknown) => {
  const { Session } = await import('node:inspector/promises');
  if (action === 'start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    return { started: true };
  }
  if (!profiler) throw new Error('no profile was started');
  const { profile } = await profiler.post('Profiler.stop');
  (await import('node:fs')).writeFileSync(String(file), JSON.stringify(profile));
  profiler.disconnect();
  profiler = null;
  return { written: String(file) };
};

async function main() {
  const e = env();
  await bootDatabase(e);
  const http = createServer();
  await startRealtime(http, { redisUrl: e.REDIS_URL, trustProxy: false, viewerCountIntervalMs: Number(process.env.VIEWER_COUNT_MS ?? 5000) });
  // GET /api/health as server.ts answers it (lib/platform/health), for benchmarks probing it (scripts/bench/sockets.ts);
  // Socket.IO answers /socket.io/ itself.
  http.on('request', (req, res) => {
    if (req.url?.startsWith('/socket.io/')) return;
    if (req.url !== '/api/health') return void res.writeHead(404).end();
    checkHealth().then(
      (health) => res.writeHead(health.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(health)),
      () => res.writeHead(503).end(),
    );
  });
  await new Promise<void>((resolve) => http.listen(Number(process.env.LISTEN_PORT ?? 0), '127.0.0.1', resolve));
  process.on('message', (message: Request) => {
    void (async (): Promise<Reply> => {
      try {
        const fn = calls[message.call];
        if (!fn) throw new Error(`unknown call ${message.call}`);
        return { id: message.id, ok: true, value: await fn(await actorOf(message.email), ...(message.args as never[])) };
      } catch (error) {
        return { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error), code: error instanceof AppError ? error.code : undefined };
      }
    })().then((reply) => process.send?.(reply));
  });
  process.on('disconnect', () => process.exit(0)); // the test went away
  process.send?.({ ready: true, port: (http.address() as AddressInfo).port });
}

main().catch((error) => {
  console.error('[realtime-process] failed to start', error);
  process.exit(1);
});
