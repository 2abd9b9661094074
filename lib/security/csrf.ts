/**
 * Cross-site request refusal for every state-changing request (proxy.ts runs it before any route handler or server
 * action, so no route can forget it).
 *
 * A browser names the page that sent a request: `Origin` on every POST/PUT/PATCH/DELETE (Chromium, Firefox and
 * Safari alike), and `Sec-Fetch-Site` where Origin is missing. A request that shows another site is refused. A
 * request with neither header did not come from a browser page (curl, server-to-server, Open311 clients): it cannot
 * carry a victim's cookies across sites, so it may pass and is judged by its own credentials. The session cookies
 * are also SameSite=Lax/Strict (lib/auth/cookies.ts), which keeps them off cross-site subrequests in any case.
 */

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const CROSS_SITE_MESSAGE = '跨站请求已被拒绝：请从本站页面提交';

export interface RequestFacts {
  method: string;
  origin: string | null;
  secFetchSite: string | null;
  /** The Host header the request arrived with. */
  host: string | null;
  /** The site's public URL (NEXTAUTH_URL), if configured. */
  publicUrl: string | undefined;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** True when the request must be refused as cross-site. */
export function isCrossSiteRequest(r: RequestFacts): boolean {
  if (!UNSAFE_METHODS.has(r.method.toUpperCase())) return false;
  if (r.origin !== null) return isForeignOrigin(r.origin, r.host, r.publicUrl);
  return r.secFetchSite === 'cross-site';
}

/**
 * An /api/v1 request authenticated by an API token (`Authorization: Bearer …`): route() (lib/api/route.ts) then
 * acts as the token and never reads the cookies, so there is no ambient credential for another site to ride on —
 * the cross-site check does not apply. (Kept free of imports: proxy.ts runs before every request.)
 */
export function isBearerApiRequest(pathname: string, authorization: string | null): boolean {
  return pathname.startsWith('/api/v1/') && authorization !== null && /^Bearer(?:[ \t]|$)/i.test(authorization);
}

/** Whether a browser's Origin header names a page other than this site (scheme, host and port). */
export function isForeignOrigin(origin: string, host: string | null, publicUrl: string | undefined): boolean {
  // "null" (sandboxed frames, file:, some redirects) is no origin of ours either.
  if (origin === 'null') return true;
  if (origin === originOf(publicUrl)) return false;
  // The public URL may be one name of several (127.0.0.1 and localhost, or a proxy that keeps Host): the
  // browser's own Host header and its Origin then agree.
  try {
    return !host || new URL(origin).host !== host.toLowerCase();
  } catch {
    return true;
  }
}

/**
 * The Socket.IO handshake (lib/realtime/server.ts): a WebSocket is not bound by CORS and carries the user's cookies,
 * so a page of another origin — another port of the same host included, which SameSite cookies do not stop — could
 * open one and receive what the user receives. Browsers send Origin on every WebSocket handshake and on cross-origin
 * polling requests; it must be this site's. Without Origin, `Sec-Fetch-Site` must say the request came from this
 * origin (or from no page); a request with neither is no browser page's (other servers, tests) and carries no
 * victim's cookies.
 */
export function isCrossOriginHandshake(r: Omit<RequestFacts, 'method'>): boolean {
  if (r.origin !== null) return isForeignOrigin(r.origin, r.host, r.publicUrl);
  return r.secFetchSite !== null && r.secFetchSite !== 'same-origin' && r.secFetchSite !== 'none';
}
