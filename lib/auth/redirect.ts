/** Parsed against a base no real link can name: a value that leaves this origin ends up with another. */
const BASE = 'http://return-path.invalid';

/**
 * Only same-origin paths may be returned to after signing in. The value is parsed with the WHATWG URL parser — the
 * one browsers use — so whatever it strips or folds (tab, CR, LF, backslashes, leading C0 controls) is judged as
 * the browser will follow it: "/\t/evil.example" is "//evil.example" to a browser, hence off-site. What is returned
 * is the parsed path, query and fragment (re-serialised, so it starts with one "/" and has nothing left to fold).
 */
export function safeReturnPath(value: unknown, fallback = '/workspace'): string {
  if (typeof value !== 'string' || value.length > 500 || !value.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Belt and braces: a serialised path never starts with "//" after a same-origin parse, but the browser must not
  // get a chance to read one as a host.
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : fallback;
}

/**
 * The sign-in page's address that comes back to `returnTo` (a path on this site) once signed in; the one way every
 * page, redirect and link builds it (test/auth-redirect.test.ts refuses any other), so the return path is always
 * encoded and always passes safeReturnPath unchanged.
 */
export function signInHref(returnTo: string): string {
  return `/login?callbackUrl=${encodeURIComponent(returnTo)}`;
}

/**
 * Error codes the sign-in page may be opened with (?error=…; next-auth's and our own) → message key under
 * auth.errors. Anything else in ?error= is ignored: the page never shows text taken from its address.
 */
export const SIGN_IN_ERRORS: Record<string, 'credentials' | 'sessionRequired' | 'failed' | 'disabled'> = {
  CredentialsSignin: 'credentials',
  // Our own (lib/auth/options.ts#authorize): the sign-in error is a code, so the page says it in its language.
  AccountDisabled: 'disabled',
  SessionRequired: 'sessionRequired',
  Signin: 'failed',
  Callback: 'failed',
  Configuration: 'failed',
  AccessDenied: 'failed',
  Verification: 'failed',
  Default: 'failed',
};

export function signInErrorKey(value: unknown): 'credentials' | 'sessionRequired' | 'failed' | 'disabled' | null {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SIGN_IN_ERRORS, value) ? SIGN_IN_ERRORS[value]! : null;
}

/**
 * The minutes of a sign-in lock from the lock's message (lib/accounts/throttle.ts#lockedMessage, which the 429 and
 * next-auth's ?error= carry), so the form can say it in the page's language; null for any other text. Only the
 * number is taken from the text, never the text itself.
 */
export function signInLockedMinutes(value: unknown): number | null {
  const match = typeof value === 'string' ? /^登录失败次数过多，请 (\d{1,4}) 分钟后再试$/.exec(value) : null;
  return match ? Number(match[1]) : null;
}
