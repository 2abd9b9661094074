import { decode } from 'next-auth/jwt';
import { db } from '../db';
import { env } from '../env';
import { findSessionUser } from '../accounts/users';
import type { Actor } from './permissions';
import { authCookies, secureCookies } from './cookies';

/** next-auth's session cookie name (lib/auth/cookies.ts): the __Host- prefix when the site is served over https. */
export function sessionCookieName(): string {
  return authCookies(secureCookies(env().NEXTAUTH_URL)).sessionToken.name;
}

export function authSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error('NEXTAUTH_SECRET is not set (server.ts sets it before serving)');
  return secret;
}

function readCookie(cookieHeader: string | undefined | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  // next-auth splits large tokens into name.0, name.1, …; ours are small, but accept both forms.
  const pairs = cookieHeader.split(';').map((p) => p.trim());
  const value = (key: string) => {
    const pair = pairs.find((p) => p.startsWith(`${key}=`));
    return pair ? decodeURIComponent(pair.slice(key.length + 1)) : undefined;
  };
  const whole = value(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; ; i++) {
    const chunk = value(`${name}.${i}`);
    if (chunk === undefined) break;
    chunks.push(chunk);
  }
  return chunks.length ? chunks.join('') : undefined;
}

/** The claims a session token must carry: the account's public id and the session version it was issued at. */
export interface SessionClaims {
  sub: string;
  sv: number;
}

/** The claims of a session token, or null when it is missing, forged, expired or from before session versions. */
export async function sessionClaims(raw: string | undefined): Promise<SessionClaims | null> {
  if (!raw) return null;
  try {
    const token = await decode({ token: raw, secret: authSecret() });
    if (typeof token?.sub !== 'string' || !Number.isInteger(token.sv)) return null;
    return { sub: token.sub, sv: token.sv as number };
  } catch {
    return null;
  }
}

/** Whether a Cookie header carries a valid session token (signature and expiry only: no database read). */
export async function hasSessionToken(cookieHeader: string | undefined | null): Promise<boolean> {
  return (await sessionClaims(readCookie(cookieHeader, sessionCookieName()))) !== null;
}

/**
 * The actor behind a Cookie header: pages, route handlers and the Socket.IO handshake all come through here.
 * The account is re-read from the database each time, so a disabled account, a changed role or a session ended
 * by sign-out (a raised session version, lib/accounts/sessions.ts) counts at once.
 */
export async function actorFromCookies(cookieHeader: string | undefined | null, ip: string | null): Promise<Actor> {
  const claims = await sessionClaims(readCookie(cookieHeader, sessionCookieName()));
  if (!claims) return { user: null, ip };
  return { user: await findSessionUser(db(), claims.sub, claims.sv), ip };
}
