'use client';

import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/contract';

/** The browser's side of lib/realtime/contract.ts: event names, payloads and acknowledgements are checked. */
export type MinshengClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: MinshengClientSocket | undefined;

/** One Socket.IO connection per browser tab, shared by the bell and live pages. */
export function sharedSocket(): MinshengClientSocket {
  socket ??= io({ transports: ['websocket', 'polling'] });
  return socket;
}

/**
 * Closes this tab's connection for good (no reconnect): signing out ends the account's sessions and closes its
 * sockets from the server, and a reconnecting socket would refresh the page while it is navigating away.
 */
export function closeSharedSocket(): void {
  socket?.disconnect();
  socket = undefined;
}
