import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';

/**
 * server.ts writes the client's address into this header on every request (replacing any the client sent),
 * so route handlers, next-auth and the audit log read one trustworthy value.
 */
export const CLIENT_IP_HEADER = 'x-minsheng-client-ip';

/** The client's address: the socket peer, or with TRUST_PROXY the first X-Forwarded-For hop. */
export function clientIpOf(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? null;
}

/**
 * The client's address as the limits count it (lib/ratelimit, the socket cap per address): an IPv4 address itself;
 * an IPv6 address as its /64 network — one subscriber's, as ISPs hand out a /64 or more per line, so a client could
 * otherwise rotate through 2^64 addresses and never meet a limit. IPv4-mapped IPv6 is read as its IPv4 address.
 * Anything that is not an address (a proxy's odd X-Forwarded-For) is kept as it is.
 */
export function clientNetworkOf(ip: string): string {
  const address = ip.includes('%') ? ip.slice(0, ip.indexOf('%')) : ip; // a zone id (fe80::1%eth0) names no other client
  if (!ipaddr.isValid(address)) return ip;
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 → IPv4
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
