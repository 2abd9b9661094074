'use client';

import { io, type Socket } from 'socket.io-client';

let socket: Socket | undefined;

/** One Socket.IO connection per browser tab, shared by the bell and live pages. */
export function sharedSocket(): Socket {
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
