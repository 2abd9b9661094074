import type { CookiesOptions } from 'next-auth';

/**
 * next-auth's cookies, spelled out rather than left to its defaults (whose callback-url cookie is readable by
 * scripts). All httpOnly with path /. Over https (NEXTAUTH_URL https://…) they are Secure and carry the __Host-
 * prefix, which also forbids a Domain attribute: a sibling subdomain cannot plant a session or csrf cookie for this
 * host (session fixation). Over plain http (local development, the e2e suite) browsers would drop Secure cookies,
 * so neither flag nor prefix is used there.
 *
 * SameSite: the session is Lax, so following a link from elsewhere (a notification email, a search engine) arrives
 * signed in, while cross-site POSTs and subrequests go without it. The csrf and callback-url cookies are only read
 * by next-auth's own same-site sign-in requests (credentials only, no OAuth round trip), so they can be Strict.
 */
export function authCookies(secure: boolean): Pick<CookiesOptions, 'sessionToken' | 'callbackUrl' | 'csrfToken'> {
  const prefix = secure ? '__Host-' : '';
  const options = (sameSite: 'lax' | 'strict') => ({ httpOnly: true, sameSite, path: '/', secure });
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options: options('lax') },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options: options('strict') },
    csrfToken: { name: `${prefix}next-auth.csrf-token`, options: options('strict') },
  };
}

/** Whether the site is served over https, which makes the cookies Secure and __Host- prefixed. */
export function secureCookies(publicUrl = process.env.NEXTAUTH_URL): boolean {
  return Boolean(publicUrl?.startsWith('https://'));
}
