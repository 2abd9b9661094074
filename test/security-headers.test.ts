import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, securityHeaders } from '@/lib/security/headers';
import { isCrossOriginHandshake, isCrossSiteRequest, type RequestFacts } from '@/lib/security/csrf';

/** The pure parts of proxy.ts: the CSP and headers per deployment, and the cross-site refusal rule. */

const directives = (csp: string) => new Map(csp.split('; ').map((d) => { const [name, ...rest] = d.split(' '); return [name!, rest.join(' ')]; }));

describe('Content-Security-Policy', () => {
  it('allows only nonce’d scripts in production, with strict-dynamic and no eval or inline', () => {
    const csp = directives(contentSecurityPolicy('abc123==', { dev: false, publicUrl: 'http://localhost:3000' }));
    expect(csp.get('script-src')).toBe(`'self' 'nonce-abc123==' 'strict-dynamic'`);
    expect(csp.get('style-src')).toBe(`'self' 'nonce-abc123=='`);
    expect(csp.get('default-src')).toBe(`'self'`);
    expect(csp.get('object-src')).toBe(`'none'`);
    expect(csp.get('base-uri')).toBe(`'self'`);
    expect(csp.get('form-action')).toBe(`'self'`);
    expect(csp.get('frame-ancestors')).toBe(`'none'`);
    expect(csp.get('img-src')).toBe(`'self' data: blob:`);
    expect(csp.get('connect-src')).toBe(`'self' ws://localhost:3000`);
    // Over http it would send the page's own requests to https://localhost.
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect([...csp.values()].join(' ')).not.toMatch(/unsafe/);
  });

  it('uses wss: and upgrades insecure requests over https', () => {
    const csp = directives(contentSecurityPolicy('n', { dev: false, publicUrl: 'https://minsheng.example.gov.cn' }));
    expect(csp.get('connect-src')).toBe(`'self' wss://minsheng.example.gov.cn`);
    expect(csp.has('upgrade-insecure-requests')).toBe(true);
  });

  it('allows eval and inline styles in development only (Next’s dev runtime)', () => {
    const csp = directives(contentSecurityPolicy('n', { dev: true, publicUrl: undefined }));
    expect(csp.get('script-src')).toBe(`'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'`);
    expect(csp.get('style-src')).toBe(`'self' 'unsafe-inline'`);
    expect(csp.get('connect-src')).toBe(`'self'`);
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, 'base64')).toHaveLength(16);
  });
});

describe('security headers', () => {
  const common = {
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  it('sends HSTS only in production over https', () => {
    expect(securityHeaders({ dev: false, publicUrl: 'https://minsheng.example.gov.cn' })).toEqual({ ...common, 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' });
    expect(securityHeaders({ dev: false, publicUrl: 'http://localhost:3000' })).toEqual(common);
    expect(securityHeaders({ dev: true, publicUrl: 'https://localhost:3000' })).toEqual(common);
  });
});

describe('cross-site refusal', () => {
  const base: RequestFacts = { method: 'POST', origin: null, secFetchSite: null, host: 'minsheng.example.gov.cn', publicUrl: 'https://minsheng.example.gov.cn' };
  const refused = (facts: Partial<RequestFacts>) => isCrossSiteRequest({ ...base, ...facts });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])('refuses %s from another origin', (method) => {
    expect(refused({ method, origin: 'https://evil.example' })).toBe(true);
  });
  it('lets safe methods through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(refused({ method, origin: 'https://evil.example', secFetchSite: 'cross-site' })).toBe(false);
  });
  it('accepts the public origin, and an origin matching the Host the request came with', () => {
    expect(refused({ origin: 'https://minsheng.example.gov.cn' })).toBe(false);
    expect(refused({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000', publicUrl: 'http://localhost:3000' })).toBe(false);
  });
  it('refuses a sibling subdomain, another port, the "null" origin and a malformed one', () => {
    expect(refused({ origin: 'https://evil.example.gov.cn' })).toBe(true);
    expect(refused({ origin: 'https://minsheng.example.gov.cn:8443' })).toBe(true);
    expect(refused({ origin: 'null' })).toBe(true);
    expect(refused({ origin: 'not a url' })).toBe(true);
  });
  it('without Origin, refuses Sec-Fetch-Site: cross-site and lets non-browser requests through', () => {
    expect(refused({ secFetchSite: 'cross-site' })).toBe(true);
    expect(refused({ secFetchSite: 'same-origin' })).toBe(false);
    expect(refused({ secFetchSite: 'none' })).toBe(false);
    expect(refused({})).toBe(false);
  });
});

describe('cross-origin refusal of the Socket.IO handshake (a GET, which the HTTP rule lets through)', () => {
  const base = { origin: null, secFetchSite: null, host: 'minsheng.example.gov.cn', publicUrl: 'https://minsheng.example.gov.cn' };
  const refused = (facts: Partial<RequestFacts>) => isCrossOriginHandshake({ ...base, ...facts });

  it('accepts the site’s own pages: the public origin, or an Origin agreeing with Host', () => {
    expect(refused({ origin: 'https://minsheng.example.gov.cn' })).toBe(false);
    expect(refused({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000', publicUrl: 'http://localhost:3000' })).toBe(false);
  });
  it('refuses another port of the same host, a sibling subdomain, "null" and a malformed Origin', () => {
    expect(refused({ origin: 'https://minsheng.example.gov.cn:8443' })).toBe(true);
    expect(refused({ origin: 'http://127.0.0.1:3001', host: '127.0.0.1:3000', publicUrl: undefined })).toBe(true);
    expect(refused({ origin: 'https://evil.example.gov.cn' })).toBe(true);
    expect(refused({ origin: 'null' })).toBe(true);
    expect(refused({ origin: 'not a url' })).toBe(true);
  });
  it('without Origin, accepts only Sec-Fetch-Site same-origin or none, and clients that are no browser page', () => {
    expect(refused({ secFetchSite: 'same-site' })).toBe(true);
    expect(refused({ secFetchSite: 'cross-site' })).toBe(true);
    expect(refused({ secFetchSite: 'same-origin' })).toBe(false);
    expect(refused({ secFetchSite: 'none' })).toBe(false);
    expect(refused({})).toBe(false);
  });
});
