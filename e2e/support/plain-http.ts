/**
 * Plain HTTP for the specs that send thousands of requests (the fuzzing, the authorisation matrix): Node's own
 * fetch with a party's cookies, answering in the shape of Playwright's APIResponse, and `check` for the
 * assertions inside those loops.
 *
 * Why not Playwright's request context and expect: Playwright records every request of an APIRequestContext and
 * every expect() as a step of the running test, and placing each new step walks all the steps before it
 * (TestInfoImpl._findLastPredefinedStep in Playwright 1.65): quadratic in a test's requests. The fuzz spec's
 * test worker spent more CPU than the server answering it, half of it in that bookkeeping
 * (e2e/hostile-input.spec.ts: 81 s of the worker's 165 s in one profile), twice per CI run. A request here is
 * one step-free fetch; a loop's outcome is still asserted with Playwright's expect once, at its end, or by
 * `check` throwing at the first wrong answer (inside fast-check properties, which shrink and report the input).
 */

export type PlainRequestOptions = {
  method?: string;
  /** A string or Buffer is sent as it is; anything else as JSON. */
  data?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** 0: a redirect is the answer (as Playwright's maxRedirects: 0); otherwise redirects are followed. */
  maxRedirects?: number;
};

export type PlainResponse = {
  status(): number;
  headers(): Record<string, string>;
  text(): Promise<string>;
  json(): Promise<any>; // as APIResponse.json()
};

export type PlainHttp = {
  fetch(url: string, options?: PlainRequestOptions): Promise<PlainResponse>;
  get(url: string, options?: Omit<PlainRequestOptions, 'method'>): Promise<PlainResponse>;
};

/** Cookies of a Playwright context (browser or request context), as one Cookie header. */
export async function cookieHeader(context: { storageState(): Promise<{ cookies: Array<{ name: string; value: string }> }> }): Promise<string> {
  return (await context.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/**
 * A client for `baseURL` sending `cookie` (a fixed Cookie header: answers' Set-Cookie are not kept) and, as a
 * browser does on unsafe requests, Origin.
 */
export function plainHttp(baseURL: string, cookie = ''): PlainHttp {
  const send = async (path: string, options: PlainRequestOptions = {}): Promise<PlainResponse> => {
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = { origin: baseURL, ...(cookie ? { cookie } : {}) };
    let body: BodyInit | undefined;
    if (options.form) {
      body = new URLSearchParams(options.form);
    } else if (typeof options.data === 'string') {
      body = options.data;
    } else if (Buffer.isBuffer(options.data)) {
      body = new Uint8Array(options.data);
    } else if (options.data !== undefined) {
      body = JSON.stringify(options.data);
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, options.headers);
    const response = await fetch(new URL(path, baseURL), { method, headers, body, redirect: options.maxRedirects === 0 ? 'manual' : 'follow' });
    // Read once, as APIResponse does: text() and json() may both be called.
    const bytes = Buffer.from(await response.arrayBuffer());
    return {
      status: () => response.status,
      headers: () => Object.fromEntries(response.headers),
      text: async () => bytes.toString('utf8'),
      json: async () => JSON.parse(bytes.toString('utf8')),
    };
  };
  return {
    fetch: send,
    get: (path, options) => send(path, { ...options, method: 'GET' }),
  };
}

/** An assertion that is not a Playwright step (see above): throws `message` unless `condition` holds. */
export function check(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new Error(typeof message === 'function' ? message() : message);
}
