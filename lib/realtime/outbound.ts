import { INTERVIEW_EVENT_TYPES, STAFF_MESSAGE_TYPES, type InterviewEvent, type PublicInterviewStatus, type StaffMessageType } from '../interviews/events';

/**
 * Everything the server sends to clients (Socket.IO's ServerToClientEvents): the emitters are typed with it, so an
 * event not declared here does not compile. The rooms they go to, and who may be in each:
 *
 *   user:<publicId>                  the account's own connections (handshake)
 *   interview:<id>                   whoever may read the interview (drafts: its staff)
 *   interview:<id>:moderators        moderators          } lib/interviews/views.ts#STAFF_READS, the rule
 *   interview:<id>:guests            the interview's guests } staffQuestions reads by
 *   interviews:public                anyone (pages showing what is live: the home page's banner)
 *   letter:<trackingNo>              whoever may read the letter (getLetter)
 *   letters:triage                   moderators
 *   letters:department:<id>          the department's handlers and leaders
 */
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
  /** A notification arrived (no content), to `user:<publicId>`. */
  'notification:new': () => void;
}

export type ServerEventName = keyof ServerToClientEvents;

/**
 * The server's messages with their types (null: the event has no types): the receive matrix
 * (test/realtime-receive-matrix.test.ts) has one row per entry — what each party receives of it — and fails on an
 * entry without a row and on any message a party receives that is not listed here.
 */
export const SERVER_EVENTS: { readonly [E in ServerEventName]: readonly string[] | null } = {
  'interview:event': INTERVIEW_EVENT_TYPES,
  'interview:staff': STAFF_MESSAGE_TYPES,
  'interview:viewers': null,
  'interviews:status': null,
  'letter:changed': null,
  'notification:new': null,
};

/** `interview:event question.approved`, `letter:changed`: one name per message kind. */
export function serverMessageKinds(): string[] {
  return Object.entries(SERVER_EVENTS).flatMap(([event, types]) => (types ? types.map((t) => `${event} ${t}`) : [event]));
}
