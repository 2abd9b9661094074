// next-auth's framework-free core (what its route handler calls), by path: the package does not export it.
import { AuthHandler } from '../node_modules/next-auth/core/index.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authCookies } from '@/lib/auth/cookies';
import { actorFor } from './support/users';

/**
 * next-auth's cookies when the site runs on https (the e2e suite runs on http, where only the flags without
 * Secure can be checked): next-auth itself, configured by lib/auth/options.ts, sets __Host- cookies that are
 * Secure, httpOnly and SameSite, and lib/auth/token.ts reads the session cookie under the same name.
 */
const PUBLIC_URL = 'https://minsheng.example.gov.cn';
const envHolder = globalThis as { __minshengEnv?: unknown };
let before: string | undefined;

beforeAll(() => {
  before = process.env.NEXTAUTH_URL;
  process.env.NEXTAUTH_URL = PUBLIC_URL;
  envHolder.__minshengEnv = undefined; // lib/env caches what it parsed
  vi.resetModules(); // lib/auth/options.ts reads NEXTAUTH_URL when it loads
});
afterAll(() => {
  if (before === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = before;
  envHolder.__minshengEnv = undefined;
});

describe('cookies over https', () => {
  it('are __Host-, Secure and httpOnly; the session Lax, csrf and callback Strict', () => {
    const cookies = authCookies(true);
    expect(cookies.sessionToken).toEqual({ name: '__Host-next-auth.session-token', options: { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } });
    expect(cookies.csrfToken).toEqual({ name: '__Host-next-auth.csrf-token', options: { httpOnly: true, secure: true, sameSite: 'strict', path: '/' } });
    expect(cookies.callbackUrl).toEqual({ name: '__Host-next-auth.callback-url', options: { httpOnly: true, secure: true, sameSite: 'strict', path: '/' } });
    // __Host- requires no Domain attribute.
    for (const c of Object.values(cookies)) expect(c.options).not.toHaveProperty('domain');
  });

  it('over http have neither prefix nor Secure (browsers would drop them), and keep the other flags', () => {
    const cookies = authCookies(false);
    expect(cookies.sessionToken).toEqual({ name: 'next-auth.session-token', options: { httpOnly: true, secure: false, sameSite: 'lax', path: '/' } });
    expect(cookies.csrfToken.name).toBe('next-auth.csrf-token');
  });

  it('next-auth signs in with them, and the session cookie it sets is the one lib/auth/token.ts reads', async () => {
    const { authOptions } = await import('@/lib/auth/options');
    const { actorFromCookies, sessionCookieName } = await import('@/lib/auth/token');
    expect(authOptions.useSecureCookies).toBe(true);
    expect(sessionCookieName()).toBe('__Host-next-auth.session-token');

    const csrf = await AuthHandler({ req: { origin: PUBLIC_URL, method: 'GET', action: 'csrf', cookies: {}, headers: {}, query: {} }, options: authOptions });
    const csrfCookie = csrf.cookies?.find((c: { name: string }) => c.name === '__Host-next-auth.csrf-token');
    expect(csrfCookie?.options).toMatchObject({ httpOnly: true, secure: true, sameSite: 'strict', path: '/' });
    const token = (csrf.body as { csrfToken: string }).csrfToken;

    const signIn = await AuthHandler({
      req: {
        origin: PUBLIC_URL, method: 'POST', action: 'callback', providerId: 'credentials', headers: {}, query: {},
        cookies: { '__Host-next-auth.csrf-token': csrfCookie!.value },
        body: { csrfToken: token, login: 'citizen@example.com', password: 'minsheng-demo', json: 'true' },
      },
      options: authOptions,
    });
    const session = signIn.cookies?.find((c: { name: string }) => c.name === '__Host-next-auth.session-token');
    expect(session?.options).toMatchObject({ httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
    expect(session?.options).not.toHaveProperty('domain');
    const actor = await actorFromCookies(`__Host-next-auth.session-token=${session!.value}`, null);
    expect(actor.user?.publicId).toBe((await actorFor('citizen@example.com')).user.publicId);
    // The http name is not read on an https site.
    expect((await actorFromCookies(`next-auth.session-token=${session!.value}`, null)).user).toBeNull();
  });
});
