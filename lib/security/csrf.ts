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
  if (r.origin !== null) {
    // "null" (sandboxed frames, file:, some redirects) is no origin of ours either.
    if (r.origin === 'null') return true;
    if (r.origin === originOf(r.publicUrl)) return false;
    // The public URL may be one name of several (127.0.0.1 and localhost, or a proxy that keeps Host): the
    // browser's own Host header and its Origin then agree.
    try {
      return !r.host || new URL(r.origin).host !== r.host.toLowerCase();
    } catch {
      return true;
    }
  }
  return r.secFetchSite === 'cross-site';
}
