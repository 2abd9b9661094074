'use client';

import { io, type Socket } from 'socket.io-client';

let socket: Socket | undefined;

/** One Socket.IO connection per browser tab, shared by the bell and live pages. */
export function sharedSocket(): Socket {
  socket ??= io({ transports: ['websocket', 'polling'] });
  return socket;
}
