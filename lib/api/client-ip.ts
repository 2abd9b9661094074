import type { IncomingMessage } from 'node:http';

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
