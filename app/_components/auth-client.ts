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

interface Answer { url?: unknown; error?: { fields?: unknown } }

async function post(path: string, fields: Record<string, string>): Promise<{ response: Response; url: string | null; answer: Answer | null }> {
  const body = new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: 'true' });
  const response = await fetch(`${BASE}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const answer = (await response.json().catch(() => null)) as Answer | null;
  return { response, url: typeof answer?.url === 'string' ? answer.url : null, answer };
}

/**
 * Signs in with the credentials provider without leaving the page. `error` is what next-auth put in the answer's
 * address (?error=…: a code such as CredentialsSignin, or this server's message, e.g. the lock's), as next-auth/react's
 * signIn(…, { redirect: false }) reports it; null when signed in. `fields`: the field errors of a 422 answer (the
 * route checks the input with lib/accounts/validation's signInInput before next-auth sees it).
 */
export async function signInWithCredentials(input: { login: string; password: string; callbackUrl?: string }): Promise<{ ok: boolean; error: string | null; fields: Record<string, string> }> {
  const { response, url, answer } = await post('callback/credentials', { login: input.login, password: input.password, callbackUrl: input.callbackUrl ?? window.location.href });
  const error = url ? new URL(url, window.location.href).searchParams.get('error') : 'failed';
  const raw = answer?.error?.fields;
  const fields: Record<string, string> = {};
  if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') fields[k] = v;
  return { ok: response.ok && !error, error, fields };
}

/** Signs out (the session cookie is cleared by the answer) and goes to `callbackUrl`. */
export async function signOutTo(callbackUrl: string): Promise<void> {
  const { url } = await post('signout', { callbackUrl });
  window.location.href = url ?? callbackUrl;
}
