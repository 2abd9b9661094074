import { cookieWantsEnglish, englishMessage } from '../errors/english';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { clientIpOf, clientNetworkOf } from '../api/client-ip';
import { env } from '../env';
import { CROSS_SITE_MESSAGE, isCrossOriginHandshake } from '../security/csrf';
import { actorFromCookies } from '../auth/token';
import { CLIENT_PAYLOADS, type InterServerEvents, type MinshengServer, type MinshengSocket, type SocketDomain } from './contract';
import { onPagesChanged, PAGE_KINDS, pagesChanged, type PageKind, type PageScope } from '../platform/page-changes';
import { ACCOUNT_CHANGED, changedSince, closeLocalConnections, lastAccountChange, realtime, setRealtime, userRoom } from './io';
import { metrics, setSocketCountSource } from '../observability/metrics';

/**
 * The Socket.IO transport: handshake (origin, connection caps, the session's actor), the Redis adapter, metrics and
 * `session:whoami`. It imports no domain: the domains' handlers arrive as `options.domains` from the composition root
 * (lib/platform/realtime.ts#startRealtime), and the domains publish through lib/realtime/io.ts. Events and payloads
 * are typed by lib/realtime/contract.ts.
 */
export type { MinshengServer, MinshengSocket, SocketData } from './contract';
export { realtime, userRoom, accountChanged } from './io';

const holder = globalThis as unknown as {
  __minshengRedis?: { isOpen: boolean; quit(): Promise<unknown> };
};

// Above this engine.io drops the connection; below it, handlers refuse payloads over 16 KB with an error ack
// (lib/realtime/handlers.ts), so a client that sends too much gets an answer and keeps its connection.
const MAX_MESSAGE_BYTES = 256 * 1024;

export interface RealtimeOptions {
  redisUrl?: string;
  trustProxy: boolean;
  /** How often interview rooms hear their viewer count (default 5 s; tests use less). */
  viewerCountIntervalMs?: number;
  /** The site's public URL (NEXTAUTH_URL): a handshake's Origin must be it, or agree with the Host header. */
  publicUrl?: string;
  /** Open connections allowed per client address / per signed-in account in this process (default: lib/env). */
  maxConnectionsPerAddress?: number;
  maxConnectionsPerAccount?: number;
  /** The domains' socket handlers (lib/platform/realtime.ts#SOCKET_DOMAINS), registered on every connection. */
  domains: readonly SocketDomain[];
}

/**
 * The refusals a client reads when over a connection cap or when the handshake fails: in the page's language (the
 * language cookie sent with the handshake, as socket acknowledgements), Chinese by default; English from
 * lib/errors/english.ts. The codes (`too_many_connections`) do not change.
 */
export const TOO_MANY_FROM_ADDRESS = '来自同一网络地址的实时连接过多，请稍后再试';
export const tooManyForAccount = (limit: number) => `您同时打开的实时连接过多（上限 ${limit} 个），请关闭其他标签页后刷新`;
export const HANDSHAKE_FAILED = '连接失败，请稍后重试';

/** A handshake refusal in the language its request's cookie chose. */
export function refusalFor(cookie: string | string[] | null | undefined, message: string): string {
  return cookieWantsEnglish(Array.isArray(cookie) ? cookie.join('; ') : cookie) ? englishMessage(message) : message;
}

export async function attachRealtime(httpServer: HttpServer, options: RealtimeOptions): Promise<MinshengServer> {
  const e = env();
  // Multiplied by RATE_LIMIT_FACTOR like every abuse limit: tests and benchmarks connect thousands from one address.
  const perAddress = options.maxConnectionsPerAddress ?? e.SOCKET_MAX_PER_ADDRESS * e.RATE_LIMIT_FACTOR;
  const perAccount = options.maxConnectionsPerAccount ?? e.SOCKET_MAX_PER_ACCOUNT * e.RATE_LIMIT_FACTOR;
  const addresses = addressSlots(perAddress);
  const admit = handshakeGate(HANDSHAKES_PER_TURN);
  const io: MinshengServer = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Next.js shares this HTTP server for its dev-mode HMR websocket: leave upgrades that are not ours alone.
    destroyUpgrade: false,
    transports: ['websocket', 'polling'],
    // Every new connection (engine.io handshake, before any Socket.IO work): refused with 403 (polling) or 400
    // (WebSocket upgrade) and the message when it comes from another origin or from an address over its cap.
    allowRequest: (req, callback) => {
      const header = (name: string) => {
        const value = req.headers[name];
        return (Array.isArray(value) ? value[0] : value) ?? null;
      };
      if (isCrossOriginHandshake({ origin: header('origin'), secFetchSite: header('sec-fetch-site'), host: header('host'), publicUrl: options.publicUrl })) {
        return callback(refusalFor(req.headers.cookie, CROSS_SITE_MESSAGE), false);
      }
      const ip = clientIpOf(req, options.trustProxy);
      if (!addresses.reserve(req, ip ? clientNetworkOf(ip) : 'unknown')) return callback(refusalFor(req.headers.cookie, TOO_MANY_FROM_ADDRESS), false);
      admit(() => callback(null, true));
    },
  });
  io.engine.on('connection', (conn: { request: IncomingMessage; on(event: 'close', fn: () => void): void }) => addresses.connected(conn));
  const accounts = new Map<string, Set<string>>();

  if (options.redisUrl) {
    const redis = createClient({ url: options.redisUrl });
    redis.on('error', (error) => console.warn('[realtime] redis:', error.message));
    await redis.connect();
    holder.__minshengRedis = redis;
    // The adapter sends its ephemeral messages (serverSideEmit: the viewer counts) with PUBLISH and never handles the
    // promise; node-redis rejects a command after 5 s without Redis, and an unhandled rejection ends the process
    // (test/faults/redis-outage.test.ts). Those messages are best-effort: a failed one is dropped.
    const publish = redis.publish.bind(redis);
    (redis as unknown as { publish: typeof publish }).publish = (...args) => {
      const sent = publish(...args);
      sent.catch(() => {});
      return sent;
    };
    // The Streams adapter resumes from its stream offset, so a short Redis outage loses no broadcast.
    io.adapter(localFirst(createAdapter(redis)));
  }

  countBroadcasts(io);
  setSocketCountSource(() => io.of('/').sockets.size);

  // The handshake reads the next-auth session cookie; without one the socket is a visitor's.
  io.use(async (socket, next) => {
    try {
      const ip = clientIpOf(socket.request, options.trustProxy);
      const seen = lastAccountChange();
      let actor = await actorFromCookies(socket.request.headers.cookie, ip);
      // The account changed while it was being read (the read may predate the commit): read it once more.
      if (actor.user && changedSince(actor.user.publicId, seen)) actor = await actorFromCookies(socket.request.headers.cookie, ip);
      socket.data.actor = actor;
      socket.data.locale = cookieWantsEnglish(socket.request.headers.cookie) ? 'en' : 'zh-CN';
      if (actor.user && !takeAccountSlot(accounts, actor.user.publicId, socket.conn as unknown as EngineConnection, perAccount)) {
        const refusal = Object.assign(new Error(refusalFor(socket.request.headers.cookie, tooManyForAccount(perAccount))), { data: { code: 'too_many_connections', limit: perAccount } });
        next(refusal);
        // Socket.IO writes the refusal on the next tick; then the connection, of no use to the client, is closed
        // (after the refusal is flushed) rather than held until Socket.IO's 45 s connect timeout.
        setImmediate(() => socket.conn.close());
        return;
      }
      next();
    } catch (error) {
      console.error('[realtime] handshake failed', error);
      next(new Error(refusalFor(socket.request.headers.cookie, HANDSHAKE_FAILED)));
    }
  });

  io.on('connection', (socket) => {
    const user = socket.data.actor.user;
    if (user) void socket.join(userRoom(user.publicId));
    socket.on('session:whoami', whoami);
    for (const domain of options.domains) domain.register(socket);
    // Everything the connection needs from its handshake request is read by now (the actor, the address, a visitor's
    // device id): let the request go, as Socket.IO's documentation suggests, rather than hold it (with its parsed
    // headers and buffers) for the connection's life. socket.handshake keeps the headers object.
    (socket.conn as unknown as { request: unknown }).request = null;
  });
  if (options.redisUrl) {
    io.on(ACCOUNT_CHANGED, (publicId, ack) => {
      if (typeof publicId === 'string' && publicId.length <= 64) closeLocalConnections(io, publicId);
      if (typeof ack === 'function') ack(true);
    });
    io.engine.on('close', sharePageChanges(io));
  }

  // Each domain's per-server work (the interviews' viewer counts: with Redis the processes exchange their counts, so
  // each interview's viewers hear the sum over all processes), stopped when the server closes.
  for (const domain of options.domains) {
    const stop = domain.start?.(io, { shared: Boolean(options.redisUrl), viewerCountIntervalMs: options.viewerCountIntervalMs });
    if (stop) io.engine.on('close', stop);
  }

  setRealtime(io, { shared: Boolean(options.redisUrl) });
  return io;
}

/**
 * Who the server thinks this connection is: lets the client (and the tests) confirm the handshake identity. One
 * listener for every connection (Socket.IO calls it with the socket as `this`).
 */
function whoami(this: MinshengSocket, payload: unknown, ack: unknown): void {
  if (typeof ack !== 'function') return;
  if (!CLIENT_PAYLOADS['session:whoami'].safeParse(payload).success) return ack({ ok: false, code: 'invalid_input', error: '参数无效' });
  const user = this.data.actor.user;
  ack({ ok: true, user: user ? { id: user.publicId, name: user.name, role: user.role } : null });
}

interface EngineConnection {
  id: string;
  readyState: string;
  once(event: 'close', fn: () => void): void;
}

/**
 * New connections admitted per turn of the event loop. A crowd reconnecting at once (every viewer of a process after
 * a restart) would otherwise be handshaken in one go: each poll phase of the event loop would run thousands of
 * handshakes before it reads anything else — a health check, a database reply, an answer to publish — and those
 * would wait seconds (bench:live (f), the reconnect storm). Admitted a few dozen per turn, the rest wait for the next
 * turn (setImmediate, after the other I/O of the turn): the crowd takes as long, the rest of the process stays
 * responsive.
 */
const HANDSHAKES_PER_TURN = 32;

function handshakeGate(perTurn: number): (admit: () => void) => void {
  let waiting: Array<() => void> = [];
  let admitted = 0;
  let turnScheduled = false;
  const schedule = () => {
    if (turnScheduled) return;
    turnScheduled = true;
    setImmediate(nextTurn);
  };
  function nextTurn() {
    turnScheduled = false;
    const now = waiting.length <= perTurn ? waiting : waiting.slice(0, perTurn);
    waiting = waiting.length <= perTurn ? [] : waiting.slice(perTurn);
    admitted = now.length;
    for (const go of now) go();
    // While busy, keep counting per turn; a turn that admits nothing ends it.
    if (admitted > 0 || waiting.length > 0) schedule();
  }
  return (go) => {
    if (waiting.length === 0 && admitted < perTurn) {
      admitted++;
      schedule();
      go();
      return;
    }
    waiting.push(go);
    schedule();
  };
}

/**
 * A signed-in account's connections in this process, by engine.io connection id: at most `limit`. Taken after the
 * account is known (handshake middleware), given back when the connection closes.
 */
function takeAccountSlot(accounts: Map<string, Set<string>>, publicId: string, conn: EngineConnection, limit: number): boolean {
  const held = accounts.get(publicId) ?? new Set<string>();
  if (held.has(conn.id)) return true;
  if (held.size >= limit) return false;
  if (conn.readyState === 'closed') return true; // gone while its account was read: Socket.IO drops it
  held.add(conn.id);
  accounts.set(publicId, held);
  conn.once('close', () => {
    held.delete(conn.id);
    if (held.size === 0 && accounts.get(publicId) === held) accounts.delete(publicId);
  });
  return true;
}

/**
 * Connections per client address in this process, counted from the handshake request on (allowRequest), so a burst
 * of handshakes cannot all pass before any is counted. A reserved slot becomes the connection's and is given back
 * when it closes; a handshake that never becomes a connection (its socket closed, the upgrade failed) gives it back
 * after 10 s at the latest.
 */
function addressSlots(limit: number) {
  const counts = new Map<string, number>();
  const giveBack = (address: string) => {
    const left = (counts.get(address) ?? 1) - 1;
    if (left > 0) counts.set(address, left);
    else counts.delete(address);
  };
  /** Handshakes not yet connections: what to stop watching once they are. */
  const pending = new WeakMap<IncomingMessage, { address: string; stopWatching(): void }>();
  /** A connection holds its address as a property and this one shared listener (no closure per connection). */
  function releaseConnection(this: { minshengAddress?: string }) {
    const address = this.minshengAddress;
    if (address === undefined) return;
    this.minshengAddress = undefined;
    giveBack(address);
  }
  return {
    reserve(req: IncomingMessage, address: string): boolean {
      const n = counts.get(address) ?? 0;
      if (n >= limit) return false;
      counts.set(address, n + 1);
      let watching = true;
      const stopWatching = () => {
        watching = false;
        clearTimeout(timer);
        req.socket.off('close', abandoned);
        pending.delete(req);
      };
      const abandoned = () => {
        if (!watching) return;
        stopWatching();
        giveBack(address);
      };
      const timer = setTimeout(abandoned, 10_000);
      timer.unref();
      req.socket.once('close', abandoned);
      pending.set(req, { address, stopWatching });
      return true;
    },
    connected(conn: { request: IncomingMessage; on(event: 'close', fn: () => void): void }): void {
      const slot = pending.get(conn.request);
      if (!slot) return;
      slot.stopWatching();
      (conn as { minshengAddress?: string }).minshengAddress = slot.address;
      conn.on('close', releaseConnection);
    },
  };
}

/**
 * socket.io-adapter's ClusterAdapter#broadcast awaits the Redis write before delivering to this process's own
 * sockets, so while Redis is down (commands queue until it reconnects) or hung, a process's own viewers would wait
 * for Redis too (test/faults/redis-outage.test.ts). This hands the message to Redis without waiting for the reply and
 * delivers locally right after the Redis client has written it; messages still leave in order on the one connection. Only connection-state recovery (not used here)
 * needed the awaited stream offset.
 */
type AdapterFactory = ReturnType<typeof createAdapter>;
/** The adapter the factory makes (RedisStreamsAdapter, whose class the package does not export). */
type StreamsAdapter = ReturnType<AdapterFactory>;

function localFirst(factory: AdapterFactory): AdapterFactory {
  const BROADCAST = 3; // socket.io-adapter MessageType.BROADCAST
  type Broadcast = (packet: unknown, opts: { rooms: Set<string>; except?: Set<string>; flags?: { local?: boolean } }) => unknown;
  // `new` is applied to the adapter factory by Socket.IO: a plain function returning the adapter works with it.
  return function (nsp) {
    const made: StreamsAdapter = factory(nsp);
    const adapter = made as unknown as { broadcast: Broadcast; publish(message: unknown): void };
    // The in-memory Adapter's broadcast: the last `broadcast` up the prototype chain (ClusterAdapter overrides it).
    let local: Broadcast | undefined;
    for (let p = Object.getPrototypeOf(adapter); p; p = Object.getPrototypeOf(p)) {
      if (Object.prototype.hasOwnProperty.call(p, 'broadcast')) local = p.broadcast;
    }
    adapter.broadcast = (packet, opts) => {
      if (opts.flags?.local) return local!.call(adapter, packet, opts);
      adapter.publish({ type: BROADCAST, data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } } });
      // node-redis writes queued commands to its socket in a setImmediate: delivering here at once would hold the
      // other processes' copy until this process had written the message to every one of its own viewers (10,000
      // viewers: ~300 ms), and their viewers would wait that much longer (measured by `npm run bench:cluster`). The
      // local delivery follows in the next setImmediate, right after the write; broadcasts stay in order (FIFO).
      setImmediate(() => local!.call(adapter, packet, opts));
    };
    return made;
  } as AdapterFactory;
}

/**
 * Counts each room broadcast this process publishes (minsheng_realtime_broadcasts_total{event}), once however many
 * sockets receive it. Wraps the namespace adapter's broadcast, which every `io.to(room).emit` goes through (with
 * Redis, localFirst's); broadcasts arriving from other processes take the adapter's own path and are not counted
 * twice. Event names are the server's declared messages (outbound.ts), so the label stays bounded.
 */
function countBroadcasts(io: MinshengServer): void {
  const adapter = io.of('/').adapter as unknown as { broadcast: (packet: { data?: unknown[] }, opts: unknown) => unknown };
  const broadcast = adapter.broadcast.bind(adapter);
  const { broadcasts } = metrics();
  adapter.broadcast = (packet, opts) => {
    const event = packet?.data?.[0];
    broadcasts.inc({ event: typeof event === 'string' ? event : 'other' });
    return broadcast(packet, opts);
  };
}

const PAGES_CHANGED = 'minsheng:pages-changed' satisfies keyof InterServerEvents;
/** At most one page-change message per this many ms from a process (a burst of writes sends two). */
const PAGE_CHANGES_EVERY_MS = 25;

/**
 * The page caches of all app processes follow each other's changes: this process's own changes are passed on
 * (the first at once, a burst's rest as one more message at the end of the window, with the union of their scopes)
 * and the others' drop the pages they reach.
 * Returns the stop.
 */
function sharePageChanges(io: MinshengServer): () => void {
  io.on(PAGES_CHANGED, (scope?: unknown) => pagesChanged('remote', scopeFromWire(scope)));
  let last = 0;
  let trailing: NodeJS.Timeout | null = null;
  let waiting: PageScope | undefined; // what the trailing message will say: the union of the burst's scopes
  const send = (scope: PageScope) => {
    last = Date.now();
    io.serverSideEmit(PAGES_CHANGED, scope);
  };
  const stop = onPagesChanged((origin, scope) => {
    if (origin !== 'local') return;
    if (trailing) {
      waiting = waiting === null || scope === null ? null : [...new Set([...(waiting ?? []), ...scope])];
      return;
    }
    const wait = last + PAGE_CHANGES_EVERY_MS - Date.now();
    if (wait <= 0) return send(scope);
    waiting = scope;
    trailing = setTimeout(() => {
      trailing = null;
      const scopeToSend = waiting ?? null;
      waiting = undefined;
      send(scopeToSend);
    }, wait);
    trailing.unref();
  });
  return () => {
    stop();
    if (trailing) clearTimeout(trailing);
  };
}

/** Another process's scope as sent: a list of known kinds, or anything else read as "every page" (always right). */
function scopeFromWire(scope: unknown): PageScope {
  if (!Array.isArray(scope) || !scope.every((k) => (PAGE_KINDS as readonly unknown[]).includes(k))) return null;
  return scope as PageKind[];
}

export async function closeRealtime(): Promise<void> {
  const io = realtime();
  setRealtime(undefined);
  setSocketCountSource(undefined);
  if (io) await new Promise<void>((resolve) => io.close(() => resolve()));
  const redis = holder.__minshengRedis;
  holder.__minshengRedis = undefined;
  if (redis?.isOpen) await redis.quit().catch(() => {});
}
