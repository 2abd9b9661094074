import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { Actor } from '../auth/permissions';
import type { ErrorCode } from '../errors';
import { applicationTrackingNo, trackingNo } from '../cases/validation';
import type { InterviewEvent, OwnQuestionUpdate, PublicInterviewStatus, StaffMessageType } from '../interviews/event-types';

/**
 * The Socket.IO contract between the server and the pages (DESIGN.md §9): every event either side may send, with its
 * payload and its acknowledgement. The server's Socket.IO instance is typed with it (lib/realtime/server.ts), the
 * domains' handlers and broadcasters through it (lib/realtime/io.ts, lib/realtime/handlers.ts#onEvent) and the
 * browser's socket too (app/_components/socket-client.ts), so an event name or a payload that does not match does
 * not compile on either side. Types, name lists and the zod schemas of client payloads only: no server module, no
 * domain beyond its vocabulary (lib/interviews/event-types.ts); test/realtime-contract.test.ts keeps it so.
 *
 * Rooms the server's messages go to, and who may be in each:
 *
 *   user:<publicId>                  the account's own connections (handshake)
 *   interview:<id>                   whoever may read the interview (drafts: its staff)
 *   interview:<id>:moderators        moderators          } lib/interviews/views.ts#STAFF_READS, the rule
 *   interview:<id>:guests            the interview's guests } staffQuestions reads by
 *   interviews:public                anyone (pages showing what is live: the home page's banner)
 *   letter:<trackingNo>              whoever may read the letter (getLetter)
 *   letters:triage                   moderators
 *   letters:department:<id>          the department's handlers and leaders
 *   letters:supervision              the supervision board of moderators and admins (letters and applications)
 *   supervision:applications         leaders' supervision boards: the bureau's applications (read-only)
 *   application:<trackingNo>         whoever may read the application (getApplication: its applicant, the
 *                                    disclosure office), checked on subscribe and again on every delivery
 */

// ---------------------------------------------------------------------------------------------------------------
// Server → client

/** Everything the server sends to clients: the emitters are typed with it, so an undeclared event does not compile. */
export interface ServerToClientEvents {
  /** A public event of an interview's log, to `interview:<id>`. */
  'interview:event': (event: InterviewEvent) => void;
  /** A staff message, to each staff room as much of it as that room's party may read (events.ts#broadcastToStaff). */
  'interview:staff': (message: { interviewId: string; type: StaffMessageType; payload: Record<string, unknown> }) => void;
  /** An interview was announced, went live, ended or was published (public fields only), to `interviews:public`. */
  'interviews:status': (message: PublicInterviewStatus) => void;
  /** How many watch the interview, to `interview:<id>`. */
  'interview:viewers': (message: { interviewId: string; count: number }) => void;
  /** A letter changed (no content: pages re-read what they may see), to its room and queues. */
  'letter:changed': (message: { trackingNo: string; status: string; version: number }) => void;
  /**
   * An application changed or arrived (no content), to the supervision boards' rooms and to its own room (each
   * receiver checked when it is delivered: lib/disclosure/realtime.ts).
   */
  'application:changed': (message: { trackingNo: string; status: string; version: number }) => void;
  /** A moderator decided on one of the account's own questions (with a rejection's reason), to `user:<asker>` only. */
  'question:mine': (update: OwnQuestionUpdate) => void;
  /** A notification arrived (no content), to `user:<publicId>`. */
  'notification:new': () => void;
}

export type ServerEventName = keyof ServerToClientEvents;

// ---------------------------------------------------------------------------------------------------------------
// Client → server

const noInput = z.union([z.undefined(), z.object({}).strict()]);
const interviewId = z.string().min(1).max(64);

/**
 * The zod schema of each client event's payload, checked by onEvent before the handler runs (lib/realtime/handlers.ts;
 * `session:whoami` by lib/realtime/server.ts). Its keys are the events a connection answers: the authorization matrix
 * (e2e/authorization/enumerate.ts#socketEvents) reads the same names from the handlers' registrations.
 */
export const CLIENT_PAYLOADS = {
  /** Who the server thinks this connection is. */
  'session:whoami': noInput,
  /** Every missed event as `interview:event`, then the ack; new events follow live (lib/interviews/socket.ts). */
  'interview:join': z.object({ interviewId, sinceSeq: z.number().int().min(0).max(2_147_483_647).default(0) }).strict(),
  'interview:leave': z.object({ interviewId }).strict(),
  /** `interviews:status` messages from then on (pages showing what is live). */
  'interviews:subscribe': noInput,
  /** The body is checked by the operation (lib/interviews/validation.ts#questionInput), as the HTTP route's. */
  'question:ask': z.object({ interviewId, body: z.unknown(), clientId: z.unknown().optional() }).strict(),
  'question:vote': z.object({ questionId: z.string().min(1).max(64) }).strict(),
  /** A ballot in a live poll: option indexes (one for single choice); checked further by lib/interviews/polls.ts. */
  'poll:vote': z.object({ pollId: z.string().min(1).max(64), options: z.array(z.number().int().min(0).max(9)).min(1).max(10) }).strict(),
  'letters:subscribe': z.object({ trackingNo: trackingNo.optional(), queue: z.boolean().optional(), supervision: z.boolean().optional() }).strict(),
  /** An application's room (its pages), or the office's queue: `application:changed` from then on (lib/disclosure/socket.ts). */
  'applications:subscribe': z.object({ trackingNo: applicationTrackingNo.optional(), queue: z.literal(true).optional() }).strict(),
} as const;

export type ClientEventName = keyof typeof CLIENT_PAYLOADS;
/** Every event a client may send (a runtime list: the contract test compares it with the registered handlers). */
export const CLIENT_EVENTS = Object.keys(CLIENT_PAYLOADS) as ClientEventName[];

/** What a client sends with an event (the schema's input: defaults may be left out). */
export type ClientPayload<E extends ClientEventName> = z.input<(typeof CLIENT_PAYLOADS)[E]>;
/** What the handler receives once the payload passed its schema. */
export type ParsedPayload<E extends ClientEventName> = z.output<(typeof CLIENT_PAYLOADS)[E]>;

/** A refused or failed event (lib/api/failure.ts#failureAck, the one failure mapping). */
export interface SocketFailure {
  ok: false;
  code: ErrorCode | 'internal';
  error: string;
  fields?: Record<string, string>;
  retryAfter?: number;
}

/** Every acknowledgement: `{ok: true, …result}` or a failure. */
export type Ack<R> = ({ ok: true } & R) | SocketFailure;

export interface WhoAmIResult {
  user: { id: string; name: string; role: string } | null;
}
export interface JoinResult {
  interviewId: string;
  /** The last event's number the client now has (it drops duplicates by seq and re-joins on a gap). */
  seq: number;
}
export interface AskResult {
  id: string;
  status: 'pending';
  /** Questions the asker may still ask in this interview. */
  remaining: number;
}
export interface QuestionVoteResult {
  id: string;
  status: string;
  votes: number;
}
export interface PollVoteResult {
  pollId: string;
  /** The options counted, sorted. */
  options: number[];
}
/** An acknowledgement with nothing but `ok`. */
export type Empty = Record<never, never>;

/** The result each client event acknowledges with (besides `ok: true`). */
export interface ClientResults {
  'session:whoami': WhoAmIResult;
  'interview:join': JoinResult;
  'interview:leave': Empty;
  'interviews:subscribe': Empty;
  'question:ask': AskResult;
  'question:vote': QuestionVoteResult;
  'poll:vote': PollVoteResult;
  'letters:subscribe': Empty;
  'applications:subscribe': Empty;
}

/** Events a client may send without asking for an acknowledgement (leaving a room on the way out). */
type FireAndForget = 'interview:leave';

/** Socket.IO's ClientToServerEvents: one entry per client event, its payload and its acknowledgement. */
export type ClientToServerEvents = {
  [E in Exclude<ClientEventName, FireAndForget>]: (payload: ClientPayload<E>, ack: (response: Ack<ClientResults[E]>) => void) => void;
} & {
  [E in FireAndForget]: (payload: ClientPayload<E>, ack?: (response: Ack<ClientResults[E]>) => void) => void;
};

// ---------------------------------------------------------------------------------------------------------------
// Between app processes (through the Redis adapter) and on each connection

/** Messages app processes send each other (io.serverSideEmit): neither reaches a browser. */
export interface InterServerEvents {
  /** An account changed: close its connections (lib/realtime/io.ts#accountChanged); the ack confirms it. */
  'minsheng:account-changed': (publicId: string, ack: (done: boolean) => void) => void;
  /** A process's own viewers per interview room (lib/interviews/socket.ts#startViewerCounts). */
  'minsheng:viewers': (report: { node: string; counts: Record<string, number> }) => void;
  /**
   * Something public pages show changed in the sending process: drop the cached pages it reaches (null: all;
   * lib/platform/page-changes.ts). Untyped on the wire: the receiver keeps only kinds it knows.
   */
  'minsheng:pages-changed': (scope?: unknown) => void;
}

/** What the handshake stores on each connection. */
export interface SocketData {
  actor: Actor;
  /** A visitor's device id for live polls (lib/interviews/device.ts), read from the handshake. */
  device?: string;
  /** The language the page chose when it connected (the language cookie): acknowledgement errors are written in it. */
  locale?: 'zh-CN' | 'en';
}

export type MinshengServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type MinshengSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * A domain's part of the realtime layer, registered by the composition root (lib/platform/realtime.ts#SOCKET_DOMAINS):
 * lib/realtime/server.ts calls `register` for every connection and `start` once per Socket.IO server (its stop
 * function when the server closes). lib/realtime itself imports no domain.
 */
export interface SocketDomain {
  name: string;
  register(socket: MinshengSocket): void;
  start?(io: MinshengServer, options: { shared: boolean; viewerCountIntervalMs?: number }): () => void;
}
