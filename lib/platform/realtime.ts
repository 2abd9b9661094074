import type { Server as HttpServer } from 'node:http';
import { applicationSocketDomain } from '../disclosure/socket';
import { interviewSocketDomain } from '../interviews/socket';
import { letterSocketDomain } from '../letters/socket';
import type { MinshengServer, SocketDomain } from '../realtime/contract';
import { attachRealtime, type RealtimeOptions } from '../realtime/server';

/**
 * The composition root of the realtime layer: which domains answer socket events (and run per-server work such as
 * the interviews' viewer counts). lib/realtime is the transport and imports no domain; the domains publish through
 * lib/realtime/io.ts; this module wires the two, so the import graph has no circle through lib/realtime
 * (test/realtime-contract.test.ts). A new live feature adds its domain here. Order matters only for the
 * registration order of listeners on each connection.
 */
export const SOCKET_DOMAINS: readonly SocketDomain[] = [letterSocketDomain, applicationSocketDomain, interviewSocketDomain];

/** Attaches Socket.IO to the HTTP server with every domain registered (server.ts, tests, benchmarks). */
export function startRealtime(httpServer: HttpServer, options: Omit<RealtimeOptions, 'domains'>): Promise<MinshengServer> {
  return attachRealtime(httpServer, { ...options, domains: SOCKET_DOMAINS });
}

export { closeRealtime } from '../realtime/server';
