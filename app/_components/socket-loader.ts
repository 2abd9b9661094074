'use client';

import type { MinshengClientSocket } from './socket-client';

/**
 * The tab's shared socket (socket-client.ts), loaded with a dynamic import: socket.io-client (13 KB gzipped) is not
 * in the page's first JavaScript but fetched right after hydration, when a live component first asks for it (issue
 * 15 item 6). Each call returns the current shared socket (a new one after closeSharedSocket).
 */
export function loadSharedSocket(): Promise<MinshengClientSocket> {
  return import('./socket-client').then(({ sharedSocket }) => sharedSocket());
}
