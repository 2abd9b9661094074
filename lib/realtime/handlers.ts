import { fieldErrors } from '../errors';
import { englishFields } from '../errors/english-fields';
import { englishMessage, inEnglish } from '../errors/english';
import { failureAck, failureOf } from '../api/failure';
import type { Actor } from '../auth/permissions';
import { consume } from '../ratelimit';
import { containsUnsafeText, UNSAFE_TEXT_MESSAGE } from '../api/unsafe-text';
import { CLIENT_PAYLOADS, type Ack, type ClientEventName, type ClientResults, type MinshengSocket, type ParsedPayload } from './contract';
import { metrics } from '../observability/metrics';
import { pagesChanged, type PageScope } from '../platform/page-changes';

/** Event payloads are small; a larger one is refused with an error acknowledgement, the connection stays. */
export const MAX_EVENT_BYTES = 16 * 1024;
/** Per connection: at most this many messages per window (a flood from one client cannot hog the process). */
const RATE = { max: 40, windowMs: 10_000 };
/**
 * Which cached public pages an event's write can reach (lib/platform/page-changes.ts), dropped once it has been
 * handled (committed); 'none' for the events that only read or subscribe. Any event not listed here — whatever is
 * added next — drops every page. A question asked is pending (only the statistics count it; an approval or an
 * auto-approved question is an interview event, which drops the interview's pages: lib/interviews/events.ts). A
 * 同问 or a ballot reaches pages with the event that publishes the counts (votes.ts, polls.ts: at most every 400 ms).
 */
const PAGES_REACHED: Partial<Record<ClientEventName, PageScope | 'none'>> = {
  'session:whoami': 'none', 'interview:join': 'none', 'interview:leave': 'none', 'interviews:subscribe': 'none',
  'letters:subscribe': 'none', 'applications:subscribe': 'none',
  'question:ask': ['stats'],
  'question:vote': 'none',
  'poll:vote': 'none',
};

/** Sends an acknowledgement (any event's: onEvent wraps it once for all). */
type Reply = (response: Ack<object>) => void;
/**
 * The listener onEvent registers, as Socket.IO calls it: with the socket as `this` (Node's EventEmitter calls a
 * listener on its emitter), the payload as sent (unchecked until the schema ran) and the acknowledgement, when the
 * client asked for one. The typed map (contract.ts#ClientToServerEvents) states what a well-behaved client sends;
 * this is what any client may send.
 */
type RawListener = (this: MinshengSocket, payload: unknown, maybeAck: unknown) => Promise<void>;
/** socket.on for one listener of any client event: the typed `on` cannot take a listener generic in the event. */
type RegisterRaw = { on(event: ClientEventName, listener: RawListener): unknown };

/** A socket event's operation: the checked payload, the connection's actor, and the connection itself. */
export type SocketHandler<E extends ClientEventName> = (input: ParsedPayload<E>, actor: Actor, socket: MinshengSocket) => Promise<ClientResults[E]>;

/**
 * One listener per (event, handler) for the whole process, shared by every connection: a handler declared once (at
 * module level, taking the socket as its third argument) costs a connection one entry in its listener table, not a
 * closure and a context per event. (An inline handler still works; it then gets a listener of its own.)
 */
const listeners = new WeakMap<object, RawListener>();

const budgets = new WeakMap<object, { windowStart: number; used: number }>();

/** Seconds until this connection may send again; 0 when within its budget. */
function overConnectionBudget(socket: MinshengSocket, now = Date.now()): number {
  const budget = budgets.get(socket) ?? { windowStart: now, used: 0 };
  if (now - budget.windowStart > RATE.windowMs) {
    budget.windowStart = now;
    budget.used = 0;
  }
  budget.used++;
  budgets.set(socket, budget);
  return budget.used <= RATE.max ? 0 : Math.max(1, Math.ceil((budget.windowStart + RATE.windowMs - now) / 1000));
}

function tooLarge(payload: unknown): boolean {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '') > MAX_EVENT_BYTES;
  } catch {
    return true; // cyclic or otherwise unserialisable
  }
}

/**
 * Registers a socket event handler like a route handler: size and rate checks, zod validation (the event's schema in
 * contract.ts#CLIENT_PAYLOADS), the operation — whose result type the contract names (ClientResults) —
 * and every failure turned into `{ok: false, code, error, fields?, retryAfter?}` on the acknowledgement — never a
 * crash. Rate checks: first this connection's budget (memory, no I/O, so a single flooding connection costs
 * nothing more), then the account's and the address's across all connections and processes (lib/ratelimit), so
 * opening more connections does not multiply the allowance.
 */
export function onEvent<E extends ClientEventName>(socket: MinshengSocket, event: E, handler: SocketHandler<E>): void {
  let listener = listeners.get(handler);
  if (!listener) {
    listener = listenerFor(event, handler);
    listeners.set(handler, listener);
  }
  (socket as RegisterRaw).on(event, listener);
}

function listenerFor<E extends ClientEventName>(event: E, handler: SocketHandler<E>): RawListener {
  const { socketAcks, socketAckDuration } = metrics();
  const schema = CLIENT_PAYLOADS[event];
  return async function (this: MinshengSocket, payload, maybeAck) {
    const socket = this;
    const reply: Reply = typeof maybeAck === 'function' ? (maybeAck as Reply) : () => {};
    const timer = socketAckDuration.startTimer({ event });
    const english = socket.data.locale === 'en';
    // minsheng_socket_acks_total{event, outcome}: ok, rejected (the client's fault or a rule), unavailable, error.
    const ack = (response: Ack<object>, translated = false) => {
      const code = response.ok ? null : response.code;
      socketAcks.inc({ event, outcome: response.ok ? 'ok' : code === 'unavailable' ? 'unavailable' : code === 'internal' ? 'error' : 'rejected' });
      timer();
      // A page that chose English reads its refusals in English; codes and field keys never change.
      reply(!response.ok && english && !translated ? { ...response, error: englishMessage(response.error), ...(response.fields ? { fields: englishFields(response.fields) } : {}) } : response);
    };
    try {
      const wait = overConnectionBudget(socket);
      if (wait) return ack({ ok: false, code: 'rate_limited', error: `操作过于频繁，请 ${wait} 秒后再试`, retryAfter: wait });
      if (tooLarge(payload)) return ack({ ok: false, code: 'too_large', error: '消息内容过大' });
      if (containsUnsafeText(payload)) return ack({ ok: false, code: 'invalid_input', error: UNSAFE_TEXT_MESSAGE });
      // The actor as the handshake read it, every event: an account change closes the account's connections
      // (lib/realtime/io.ts#accountChanged), so a changed account's next event comes from a re-read handshake.
      await consume('socket.message', socket.data.actor);
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, code: 'invalid_input', error: english ? englishMessage('参数无效') : '参数无效', fields: fieldErrors(parsed.error, english ? 'en' : undefined) }, english);
      const result = await handler(parsed.data as ParsedPayload<E>, socket.data.actor, socket);
      const reached = PAGES_REACHED[event];
      if (reached !== 'none') pagesChanged('local', reached ?? null);
      ack({ ok: true, ...result });
    } catch (error) {
      const failure = failureOf(error, `realtime ${event}`);
      ack(failureAck(english ? inEnglish(failure) : failure), english);
    }
  };
}
