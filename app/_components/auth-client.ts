'use client';

/**
 * next-auth's sign-in and sign-out requests, made here with fetch rather than through next-auth/react: that module
 * (with its session context, broadcast channel and Babel runtime) weighed 12.5 KB gzipped on every page, the header's
 * sign-out button being on all of them (issue 15 item 6, docs/BENCHMARKS.md "Page weight"). The requests are the
 * ones next-auth/react sends (next-auth 4: a CSRF token from /api/auth/csrf, then a form POST with json=true, whose
 * answer names the next address in `url`). The site uses no SessionProvider, so there is no session cache to update.
 */
const BASE = '/api/auth';

async function csrfToken(): Promise<string> {
  const response = await fetch(`${BASE}/csrf`, { cache: 'no-store' });
  const body = (await response.json()) as { csrfToken?: unknown };
  if (typeof body.csrfToken !== 'string') throw new Error('no CSRF token');
  return body.csrfToken;
}

async function post(path: string, fields: Record<string, string>): Promise<{ response: Response; url: string | null }> {
  const body = new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: 'true' });
  const response = await fetch(`${BASE}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const answer = (await response.json().catch(() => null)) as { url?: unknown } | null;
  return { response, url: typeof answer?.url === 'string' ? answer.url : null };
}

/**
 * Signs in with the credentials provider without leaving the page. `error` is what next-auth put in the answer's
 * address (?error=…: a code such as CredentialsSignin, or this server's message, e.g. the lock's), as next-auth/react's
 * signIn(…, { redirect: false }) reports it; null when signed in.
 */
export async function signInWithCredentials(fields: { login: string; password: string; callbackUrl?: string }): Promise<{ ok: boolean; error: string | null }> {
  const { response, url } = await post('callback/credentials', { login: fields.login, password: fields.password, callbackUrl: fields.callbackUrl ?? window.location.href });
  const error = url ? new URL(url, window.location.href).searchParams.get('error') : 'failed';
  return { ok: response.ok && !error, error };
}

/** Signs out (the session cookie is cleared by the answer) and goes to `callbackUrl`. */
export async function signOutTo(callbackUrl: string): Promise<void> {
  const { url } = await post('signout', { callbackUrl });
  window.location.href = url ?? callbackUrl;
}
