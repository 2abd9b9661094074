/**
 * The security headers of every response, set in one place: proxy.ts (see there why not next.config.js).
 * Pure functions of the request's nonce and the deployment (NODE_ENV, NEXTAUTH_URL), so they are unit-tested.
 */

export interface Deployment {
  /** NODE_ENV !== 'production': Next's dev runtime needs eval and injects <style> tags without a nonce. */
  dev: boolean;
  /** The public URL (NEXTAUTH_URL; server.ts defaults it to http://localhost:$PORT). */
  publicUrl: string | undefined;
}

export function deployment(): Deployment {
  return { dev: process.env.NODE_ENV !== 'production', publicUrl: process.env.NEXTAUTH_URL };
}

export function isHttps(publicUrl: string | undefined): boolean {
  return Boolean(publicUrl?.startsWith('https://'));
}

/** 128 random bits, base64: unguessable and fresh for every request (CSP3 nonce-source syntax). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The websocket origin of the public URL: Socket.IO connects back to the page's own host. */
function websocketOrigin(publicUrl: string | undefined): string | null {
  if (!publicUrl) return null;
  try {
    const url = new URL(publicUrl);
    return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  } catch {
    return null;
  }
}

/**
 * Content-Security-Policy for one response. Scripts: only Next's own, which carry this request's nonce
 * ('strict-dynamic' lets the chunks they load run; 'self' is ignored by CSP3 browsers then and kept only as the
 * fallback for CSP2 ones). Styles: our stylesheet from 'self' and Next's inline <style>/<link> tags, which Next
 * gives the nonce; no 'unsafe-inline', so injected <style> or style="" attributes do not apply. In development
 * Next injects style tags for hot reloading without a nonce and React rebuilds server error stacks with eval
 * (Next.js CSP guide), hence 'unsafe-inline' styles and 'unsafe-eval' there only.
 */
export function contentSecurityPolicy(nonce: string, d: Deployment): string {
  const ws = websocketOrigin(d.publicUrl);
  const directives = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${d.dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' ${d.dev ? `'unsafe-inline'` : `'nonce-${nonce}'`}`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    // Socket.IO: 'self' covers same-origin ws: in current browsers, the explicit origin covers older ones.
    `connect-src 'self'${ws ? ` ${ws}` : ''}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ];
  // Over plain http (localhost) it would rewrite the page's own http:// requests to https:// and break them.
  if (isHttps(d.publicUrl)) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** The headers every response carries besides the CSP. */
export function securityHeaders(d: Deployment): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  // HSTS only where the site is really served over https in production: browsers ignore it on http (RFC 6797
  // §8.1), and one sent from https://localhost in development would pin localhost to https for a year, breaking
  // every other local server on that name.
  if (!d.dev && isHttps(d.publicUrl)) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

/**
 * The policy of a letter attachment's response (lib/letters/attachments.ts): a sandbox that runs nothing and loads
 * nothing but the file itself, so a crafted image or PDF opened from this origin cannot act on it.
 */
export const ATTACHMENT_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";
const ATTACHMENT_PATH = /^\/api\/v1\/(letters\/[^/]+\/|archive\/)?attachments\/[^/]+$/;
/** A live update's photo (lib/interviews/live-updates.ts): the same sandbox. */
const UPDATE_IMAGE_PATH = /^\/api\/v1\/interviews\/[^/]+\/updates\/[^/]+\/image$/;

/** The page policy, or for a letter attachment's download the sandbox (proxy.ts sets it on every answer). */
export function policyFor(pathname: string, pagePolicy: string): string {
  return ATTACHMENT_PATH.test(pathname) || UPDATE_IMAGE_PATH.test(pathname) ? ATTACHMENT_CSP : pagePolicy;
}
