import type { Server as HttpServer } from 'node:http';
import { Server, type DefaultEventsMap, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { z } from 'zod';
import { clientIpOf } from '../api/client-ip';
import { actorFromCookies } from '../auth/token';
import type { Actor } from '../auth/permissions';
import { registerLetterHandlers } from '../letters/socket';
import { registerInterviewHandlers, startViewerCounts } from '../interviews/socket';

export interface SocketData {
  actor: Actor;
}
// Event names and payloads are validated at runtime by zod (lib/realtime/handlers.ts), so the maps stay open.
export type MinshengSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

const holder = globalThis as unknown as { __minshengIo?: Server; __minshengRedis?: { isOpen: boolean; quit(): Promise<unknown> } };

/** The Socket.IO server operations publish through after commit; undefined outside the app process (tests, build). */
export function realtime(): Server | undefined {
  return holder.__minshengIo;
}

/** Room names: one per user (notifications), more per domain (interviews, letters) as they arrive. */
export const userRoom = (publicId: string) => `user:${publicId}`;

// Above this engine.io drops the connection; below it, handlers refuse payloads over 16 KB with an error ack
// (lib/realtime/handlers.ts), so a client that sends too much gets an answer and keeps its connection.
const MAX_MESSAGE_BYTES = 256 * 1024;
const noPayload = z.union([z.undefined(), z.object({}).strict()]);

export interface RealtimeOptions {
  redisUrl?: string;
  trustProxy: boolean;
  /** How often interview rooms hear their viewer count (default 5 s; tests use less). */
  viewerCountIntervalMs?: number;
}

export async function attachRealtime(httpServer: HttpServer, options: RealtimeOptions): Promise<Server> {
  const io = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Next.js shares this HTTP server for its dev-mode HMR websocket: leave upgrades that are not ours alone.
    destroyUpgrade: false,
    transports: ['websocket', 'polling'],
  });

  if (options.redisUrl) {
    const redis = createClient({ url: options.redisUrl });
    redis.on('error', (error) => console.warn('[realtime] redis:', error.message));
    await redis.connect();
    holder.__minshengRedis = redis;
    // The Streams adapter resumes from its stream offset, so a short Redis outage loses no broadcast.
    io.adapter(createAdapter(redis));
  }

  // The handshake reads the next-auth session cookie; without one the socket is a visitor's.
  io.use(async (socket, next) => {
    try {
      const ip = clientIpOf(socket.request, options.trustProxy);
      (socket as MinshengSocket).data.actor = await actorFromCookies(socket.request.headers.cookie, ip);
      next();
    } catch (error) {
      console.error('[realtime] handshake failed', error);
      next(new Error('连接失败，请稍后重试'));
    }
  });

  io.on('connection', (raw) => {
    const socket = raw as MinshengSocket;
    const user = socket.data.actor.user;
    if (user) void socket.join(userRoom(user.publicId));

    // Who the server thinks this connection is: lets the client (and the tests) confirm the handshake identity.
    socket.on('session:whoami' as never, ((payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      if (!noPayload.safeParse(payload).success) return ack({ ok: false, error: '参数无效' });
      ack({ ok: true, user: user ? { id: user.publicId, name: user.name, role: user.role } : null });
    }) as never);

    registerLetterHandlers(socket);
    registerInterviewHandlers(socket);
  });
  // With Redis the processes exchange their counts, so each interview's viewers hear the sum over all processes.
  const stopViewerCounts = startViewerCounts(io, { intervalMs: options.viewerCountIntervalMs, shared: Boolean(options.redisUrl) });
  io.engine.on('close', stopViewerCounts);

  holder.__minshengIo = io;
  return io;
}

export async function closeRealtime(): Promise<void> {
  const io = holder.__minshengIo;
  holder.__minshengIo = undefined;
  if (io) await new Promise<void>((resolve) => io.close(() => resolve()));
  const redis = holder.__minshengRedis;
  holder.__minshengRedis = undefined;
  if (redis?.isOpen) await redis.quit().catch(() => {});
}
