import { cookies } from 'next/headers';
import { encode } from 'next-auth/jwt';
import { env } from '../env';
import { authCookies, secureCookies } from './cookies';
import { authSecret } from './token';

/** next-auth's session lifetime (lib/auth/options.ts session.maxAge). */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** A session token as next-auth's jwt callback makes it: subject = public id, `sv` = session version. */
export async function encodeSessionToken(user: { publicId: string; name: string }, sessionVersion: number): Promise<string> {
  return encode({ token: { sub: user.publicId, name: user.name, sv: sessionVersion }, secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
}

/**
 * After an operation raised the account's session version for the others' sake (a password change), the session
 * making the change keeps working: it gets a fresh token at the new version, in the same response (route handlers
 * and server actions both answer with the cookie set here). Every other copy of the old token is refused.
 */
export async function reissueSessionCookie(user: { publicId: string; name: string }, sessionVersion: number): Promise<void> {
  const { name, options } = authCookies(secureCookies(env().NEXTAUTH_URL)).sessionToken;
  (await cookies()).set(name, await encodeSessionToken(user, sessionVersion), { ...options, maxAge: SESSION_MAX_AGE_SECONDS });
}

/** After "sign out everywhere": this browser's cookie goes too. */
export async function clearSessionCookie(): Promise<void> {
  const { name, options } = authCookies(secureCookies(env().NEXTAUTH_URL)).sessionToken;
  (await cookies()).set(name, '', { ...options, maxAge: 0 });
}
