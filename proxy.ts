import { NextResponse, type NextRequest } from 'next/server';
import { CROSS_SITE_MESSAGE, isBearerApiRequest, isCrossSiteRequest } from './lib/security/csrf';
import { contentSecurityPolicy, deployment, newNonce, policyFor, securityHeaders } from './lib/security/headers';
import { PAGE_PATH_HEADER } from './lib/i18n/config';

/**
 * Runs before every request Next.js answers — pages, route handlers, server actions, feeds, files, 404s and static
 * assets — so the security headers and the cross-site check live here, in one place. Not next.config.js
 * headers(): those are fixed at build time, while the CSP needs a fresh nonce per request and HSTS depends on the
 * deployment's public URL, which `next build` does not know. (Socket.IO's own HTTP answers do not pass through
 * Next.js; they carry no HTML.)
 */
export function proxy(request: NextRequest) {
  const d = deployment();
  const headers = securityHeaders(d);

  // A request carrying an API token (Authorization: Bearer) under /api/v1 is judged by that token alone: route()
  // ignores its cookies, and a page of another site cannot add the header without a CORS preflight, which this site
  // never grants. So the cross-site check, which protects cookies, does not apply to it.
  if (!isBearerApiRequest(request.nextUrl.pathname, request.headers.get('authorization')) && isCrossSiteRequest({
    method: request.method,
    origin: request.headers.get('origin'),
    secFetchSite: request.headers.get('sec-fetch-site'),
    host: request.headers.get('host'),
    publicUrl: d.publicUrl,
  })) {
    return NextResponse.json({ error: { code: 'forbidden', message: CROSS_SITE_MESSAGE } }, {
      status: 403,
      headers: { ...headers, 'cache-control': 'no-store' },
    });
  }

  // Next reads the nonce from the request's CSP header and puts it on its scripts and styles (Next.js CSP guide);
  // every page is rendered per request already (app/layout.tsx is force-dynamic), which nonces require.
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, d);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  // The path, for a page whose language its content chooses (lib/i18n/request.ts); always ours, never a client's.
  requestHeaders.set(PAGE_PATH_HEADER, request.nextUrl.pathname);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  // A letter attachment's download keeps its sandbox policy (set by its route too), not the page policy.
  response.headers.set('Content-Security-Policy', policyFor(request.nextUrl.pathname, csp));
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
