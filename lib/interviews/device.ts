import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { authSecret } from '../auth/token';
import { secureCookies } from '../auth/cookies';

/**
 * A visitor's device id for live polls (issue 16, item 4): visitors vote once per device, signed-in citizens once
 * per account. The id is random, kept in an httpOnly cookie as `<id>.<HMAC-SHA256 of it with the app secret>`, so a
 * client cannot choose or forge one — only clear it (the page says so). Issued with the Socket.IO handshake
 * (./polls-socket.ts) and read there and by the interview page (which ballots this device cast).
 */
export const deviceCookieName = () => `${secureCookies() ? '__Host-' : ''}ms_device`;

const sign = (id: string) => createHmac('sha256', authSecret()).update(`minsheng-device:${id}`).digest('base64url');

export function newDeviceCookie(): { id: string; value: string } {
  const id = randomBytes(16).toString('base64url');
  return { id, value: `${id}.${sign(id)}` };
}

/** The device id of a signed cookie value, or null when missing or not signed by this app. */
export function verifyDevice(value: string | undefined | null): string | null {
  if (!value || value.length > 200) return null;
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const id = value.slice(0, dot);
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return null;
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** The device id in a Cookie header, if signed by this app. */
export function deviceFromCookieHeader(header: string | undefined | null): string | null {
  if (!header) return null;
  const name = deviceCookieName();
  for (const part of header.split(';')) {
    const pair = part.trim();
    if (pair.startsWith(`${name}=`)) return verifyDevice(decodeURIComponent(pair.slice(name.length + 1)));
  }
  return null;
}

/** The Set-Cookie value for a new device id: a year, httpOnly, Lax; Secure and __Host- over https. */
export function deviceSetCookie(value: string): string {
  return `${deviceCookieName()}=${value}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secureCookies() ? '; Secure' : ''}`;
}

type HandshakeRequest = import('node:http').IncomingMessage & { minshengDevice?: string };

/**
 * Socket.IO handshakes: a visitor's connection without a valid device cookie gets one with the handshake's response
 * (`initial_headers`, polling and WebSocket alike), and the connection uses that id at once.
 */
export function issueDeviceCookies(engine: { on(event: 'initial_headers', listener: (headers: Record<string, string | string[]>, req: HandshakeRequest) => void): unknown }): void {
  engine.on('initial_headers', (headers, req) => {
    if (deviceFromCookieHeader(req.headers.cookie)) return;
    const device = newDeviceCookie();
    req.minshengDevice = device.id;
    const existing = headers['set-cookie'];
    const cookie = deviceSetCookie(device.value);
    headers['set-cookie'] = existing ? [...(Array.isArray(existing) ? existing : [existing]), cookie] : cookie;
  });
}

/** The device id of a connection: its signed cookie, or the one issued with its handshake. */
export function deviceOfRequest(req: HandshakeRequest): string | null {
  return deviceFromCookieHeader(req.headers.cookie) ?? req.minshengDevice ?? null;
}
