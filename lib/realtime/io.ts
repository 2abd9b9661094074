import type { MinshengServer } from './contract';

/**
 * The accessor of the realtime layer: the one Socket.IO server of this process, set once when it starts
 * (lib/realtime/server.ts#attachRealtime). The domains broadcast through `realtime()` after commit and import this
 * module, never server.ts, which in turn imports no domain: their handlers reach the server through the composition
 * root (lib/platform/realtime.ts). Imports nothing but types, so importing it costs a domain nothing.
 */
const holder = globalThis as unknown as {
  __minshengIo?: MinshengServer;
  /** Several processes share rooms (Redis adapter): account changes are passed on to the others. */
  __minshengShared?: boolean;
  /** Account changes seen by this process: publicId → change number (see accountChanged). On globalThis because
   * server.ts and Next's bundles each load this module, and both must see one record. */
  __minshengAccountChanges?: { last: number; byUser: Map<string, { n: number; at: number }> };
};

/** The message app processes pass each other when an account changed (through the Redis adapter). */
export const ACCOUNT_CHANGED = 'minsheng:account-changed';

/** The Socket.IO server operations publish through after commit; undefined outside the app process (tests, build). */
export function realtime(): MinshengServer | undefined {
  return holder.__minshengIo;
}

/** Set by attachRealtime once the server is ready (and cleared by closeRealtime); `shared`: rooms span processes. */
export function setRealtime(io: MinshengServer | undefined, options: { shared: boolean } = { shared: false }): void {
  holder.__minshengIo = io;
  holder.__minshengShared = io ? options.shared : false;
}

/** Room names: one per user (notifications), more per domain (interviews, letters) as they arrive. */
export const userRoom = (publicId: string) => `user:${publicId}`;

function accountChanges() {
  return (holder.__minshengAccountChanges ??= { last: 0, byUser: new Map() });
}

/** The number of the last account change this process has seen (a handshake reads it before the account). */
export function lastAccountChange(): number {
  return accountChanges().last;
}

/** Whether the account changed after change number `seen`. */
export function changedSince(publicId: string, seen: number): boolean {
  return (accountChanges().byUser.get(publicId)?.n ?? 0) > seen;
}

/** Records the change (for handshakes under way) and closes this process's connections of the account. */
export function closeLocalConnections(io: MinshengServer, publicId: string): void {
  const changes = accountChanges();
  const now = Date.now();
  changes.byUser.set(publicId, { n: ++changes.last, at: now });
  // A handshake takes milliseconds: older records are of no more use.
  for (const [id, change] of changes.byUser) if (now - change.at > 60_000) changes.byUser.delete(id);
  const room = io.of('/').adapter.rooms.get(userRoom(publicId));
  for (const socketId of [...(room ?? [])]) {
    // Close the transport rather than socket.disconnect(): a disconnect packet ("io server disconnect") would stop
    // the browser from reconnecting, a closed transport makes it reconnect at once and re-handshake.
    io.of('/').sockets.get(socketId)?.conn.close();
  }
}

/**
 * An account's role, department or status changed (lib/accounts/admin.ts, after commit): its live connections in
 * every app process are closed. The browser reconnects and the handshake reads the account afresh, so the socket
 * is whatever the account now is — a visitor once it is disabled — and it has left every room it was in (staff
 * rooms, queues), which refreshing socket.data.actor in place would not do. Resolves once every process has
 * closed them (or after the adapter's 5 s timeout, logged): the next socket event after this is judged anew.
 */
export async function accountChanged(publicId: string): Promise<void> {
  const io = holder.__minshengIo;
  if (!io) return;
  closeLocalConnections(io, publicId);
  if (!holder.__minshengShared) return;
  await new Promise<void>((resolve) => {
    let settled = false;
    const done = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) console.warn('[realtime] account change not confirmed by every process:', error instanceof Error ? error.message : error);
      resolve();
    };
    // The adapter times out after 5 s itself; this bounds the wait should its Redis command never answer.
    const timer = setTimeout(() => done(new Error('no answer in 6 s')), 6000);
    try {
      // The adapter directly (io.serverSideEmit drops its promise): without Redis, its member count query rejects,
      // which must neither go unhandled nor leave the admin's request waiting.
      const adapter = io.of('/').adapter as unknown as { serverSideEmit(packet: unknown[]): Promise<unknown> | void };
      const sent = adapter.serverSideEmit([ACCOUNT_CHANGED, publicId, (error: Error | null) => done(error ?? undefined)]);
      if (sent) sent.then(undefined, done);
    } catch (error) {
      done(error);
    }
  });
}
