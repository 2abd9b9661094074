import { INTERVIEW_EVENT_TYPES, STAFF_MESSAGE_TYPES } from '../interviews/event-types';
import type { ServerEventName } from './contract';

// The server's messages are declared in ./contract (ServerToClientEvents, with the rooms they go to).
export type { ServerEventName, ServerToClientEvents } from './contract';

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
  'question:mine': null,
  'letter:changed': null,
  'application:changed': null,
  'notification:new': null,
};

/** `interview:event question.approved`, `letter:changed`: one name per message kind. */
export function serverMessageKinds(): string[] {
  return Object.entries(SERVER_EVENTS).flatMap(([event, types]) => (types ? types.map((t) => `${event} ${t}`) : [event]));
}
