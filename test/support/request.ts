/**
 * The request that route handlers and server actions see through `next/headers` in the unit tests: the one mock of
 * `next/headers` (test/setup/next-request.ts) reads it. A test file sets its client address once and the session
 * cookie per request; the setup file resets it before every file, so nothing of one file's request reaches the next
 * (the files share a process: vitest runs without per-file isolation, vitest.config.mts).
 */
export interface TestRequest {
  /** The Cookie header (a session cookie, the language cookie), or null for a visitor without one. */
  cookie: string | null;
  /** The client address server.ts would have put in x-minsheng-client-ip. */
  clientIp: string;
}

const holder = globalThis as unknown as { __minshengTestRequest?: TestRequest };

export const DEFAULT_CLIENT_IP = '192.0.2.1';

/** The current file's request (the same object for the whole file: assign its fields). */
export function testRequest(): TestRequest {
  return (holder.__minshengTestRequest ??= { cookie: null, clientIp: DEFAULT_CLIENT_IP });
}

/** Starts a file's request afresh: a visitor without cookies at `clientIp`. Returns it to assign `cookie` later. */
export function useTestRequest(clientIp = DEFAULT_CLIENT_IP): TestRequest {
  const request = testRequest();
  request.cookie = null;
  request.clientIp = clientIp;
  return request;
}

/** The request's headers as next/headers' headers() returns them. */
export function testRequestHeaders(): Headers {
  const { cookie, clientIp } = testRequest();
  return new Headers({ 'x-minsheng-client-ip': clientIp, ...(cookie ? { cookie } : {}) });
}

/** The request's cookies as next/headers' cookies() returns them (reading only; setting one is ignored). */
export function testRequestCookies() {
  const pairs = (testRequest().cookie ?? '').split(/;\s*/).filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? ([pair, ''] as const) : ([pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))] as const);
  });
  const jar = new Map(pairs);
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    has: (name: string) => jar.has(name),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set: () => {},
    delete: () => {},
  };
}
