import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, test } from './test';
import { io, type Socket } from 'socket.io-client';
import { builtItems, compare, refusalMessages } from './authorization/enumerate';
import { cookieHeader, plainHttp, type PlainHttp, type PlainResponse } from './support/plain-http';
import { createFixtures, createSessions, PARTIES, type Fixtures, type Party, type Sessions } from './authorization/fixtures';
import { ACTION_ROWS, API_ROWS, Form, PAGE_ROWS, SOCKET_ROWS, type Outcome } from './authorization/table';

/**
 * Issue 7 — the authorisation matrix: every page, API route method, server action and socket event × nine
 * parties, each cell an outcome class (see e2e/authorization/table.ts), checked against the production server.
 * A failing cell is reported with the status or message the app gave; all cells of a kind are checked before
 * the test fails, so one run lists every difference.
 */

// The bookkeeping from the source tree and Socket.IO's own listeners — one row per item, every party in every row,
// every server action reading its actor with requestActor() — runs in test/authorization-matrix.test.ts, before
// the build. Here: the build under test says what exists, and each of those items needs a row; then the cells.
test('every page, route method and server action the build serves has a row', () => {
  const built = builtItems();
  const problems = [
    ...compare('page', built.pages, PAGE_ROWS.map((r) => r.page)),
    ...compare('API route', built.apiRoutes, API_ROWS.map((r) => r.route)),
    ...compare('server action', built.serverActions, ACTION_ROWS.map((r) => r.action)),
  ];
  expect(problems, problems.join('\n')).toEqual([]);
});

function pageOutcome(response: PlainResponse): string {
  const status = response.status();
  if (status >= 300 && status < 400) return /^(https?:\/\/[^/]+)?\/login([?#]|$)/.test(response.headers().location ?? '') ? 'login' : 'redirect';
  return ({ 200: 'ok', 401: 'login', 403: 'forbidden', 404: 'notfound' } as Record<number, string>)[status] ?? `status ${status}`;
}

function apiOutcome(response: PlainResponse): string {
  const status = response.status();
  if (status >= 200 && status < 300) return 'ok';
  // Past the authorisation check: the request itself was judged (410: a one-time link that is no longer valid).
  if ([400, 409, 410, 413, 422].includes(status)) return 'passes';
  return pageOutcome(response);
}

const SOCKET_CODES: Record<string, Outcome> = {
  unauthenticated: 'login', forbidden: 'forbidden', not_found: 'notfound', conflict: 'passes', invalid_input: 'passes', bad_request: 'passes', too_large: 'passes',
};

test.describe('authorisation matrix', () => {
  let sessions: Sessions;
  let f: Fixtures;
  const cookies = {} as Record<Party, string>;
  // The cells go over plain HTTP with each party's cookies: thousands of requests as Playwright steps cost the test
  // worker CPU quadratic in their number (e2e/support/plain-http.ts).
  const plain = {} as Record<Party, PlainHttp>;

  test.beforeAll(async ({ playwright, baseURL }) => {
    test.setTimeout(180_000);
    sessions = await createSessions(playwright, baseURL!);
    f = await createFixtures(sessions);
    for (const party of PARTIES) {
      cookies[party] = await cookieHeader(sessions[party]);
      plain[party] = plainHttp(baseURL!, cookies[party]);
    }
  });

  test.afterAll(async () => {
    await Promise.all(Object.values(sessions ?? {}).map((context) => context.dispose()));
  });

  test(`pages: ${PAGE_ROWS.length} × ${PARTIES.length}`, async () => {
    test.setTimeout(300_000);
    const wrong: string[] = [];
    for (const row of PAGE_ROWS) {
      for (const c of [{ label: '', url: row.url, expect: row.expect }, ...(row.also ?? [])]) {
        const url = c.url(f);
        await Promise.all(PARTIES.map(async (party) => {
          const response = await plain[party].get(url, { maxRedirects: 0 });
          const got = pageOutcome(response);
          if (got !== c.expect[party]) wrong.push(`${row.page}${c.label ? ` [${c.label}]` : ''} (${url}) as ${party}: expected ${c.expect[party]}, got ${got}`);
        }));
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  test(`API routes: ${API_ROWS.length} × ${PARTIES.length}`, async () => {
    test.setTimeout(300_000);
    const wrong: string[] = [];
    for (const row of API_ROWS) {
      const [method] = row.route.split(' ') as [string];
      for (const c of [{ label: '', url: row.url, body: row.body, expect: row.expect }, ...(row.also ?? [])]) {
        // In the parties' order, one at a time: an allowed cell's side effect (a flag, a question) is then predictable.
        for (const party of PARTIES) {
          const url = c.url(f);
          const body = c.body?.(f);
          const response = await plain[party].fetch(url, { method, maxRedirects: 0, ...(body ?? {}) });
          const got = apiOutcome(response);
          if (got !== c.expect[party]) {
            wrong.push(`${row.route}${c.label ? ` [${c.label}]` : ''} (${method} ${url}) as ${party}: expected ${c.expect[party]}, got ${got} — ${response.status()} ${(await response.text()).slice(0, 160)}`);
          }
        }
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  test(`server actions over HTTP: ${ACTION_ROWS.length} × ${PARTIES.length}`, async ({ baseURL }) => {
    test.setTimeout(300_000);
    // What the browser does: POST to the page with the action's id, arguments encoded by React's encodeReply.
    const require = createRequire(__filename);
    const { encodeReply } = require('next/dist/compiled/react-server-dom-webpack/client.node.js') as { encodeReply: (v: unknown) => Promise<string | FormData> };
    const distDir = process.env.NEXT_DIST_DIR ?? '.next';
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
      node: Record<string, { filename?: string; exportedName?: string }>;
    };
    const idOf = new Map(Object.entries(manifest.node).map(([id, v]) => [`${v.filename}#${v.exportedName}`, id]));
    const messages = refusalMessages();
    const classify = (result: unknown): string => {
      if (result === undefined || result === null) return 'ok';
      const r = result as { ok?: boolean; message?: string | null };
      if (r.ok) return 'ok';
      const message = r.message ?? '';
      if (messages.login.has(message)) return 'login';
      if (messages.forbidden.has(message)) return 'forbidden';
      if (messages.notfound.has(message)) return 'notfound';
      return 'passes';
    };

    const wrong: string[] = [];
    for (const row of ACTION_ROWS) {
      const id = idOf.get(row.action);
      if (!id) {
        wrong.push(`${row.action}: not in ${distDir}/server/server-reference-manifest.json (rebuild?)`);
        continue;
      }
      for (const party of PARTIES) {
        const args = row.args(f).map((arg) => {
          if (!(arg instanceof Form)) return arg;
          const data = new FormData();
          for (const [k, v] of Object.entries(arg.fields)) data.append(k, v);
          return data;
        });
        const response = await fetch(`${baseURL}${row.page(f)}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'next-action': id, accept: 'text/x-component', origin: baseURL!, cookie: cookies[party] },
          body: await encodeReply(args),
        });
        const text = await response.text();
        let got: string;
        let detail = '';
        if (response.headers.get('x-action-redirect')) {
          // Actions redirect only after success (to what they created or saved).
          got = 'ok';
          detail = `redirect ${response.headers.get('x-action-redirect')}`;
        } else if (response.status !== 200) {
          got = `status ${response.status}`;
          detail = text.slice(0, 160);
        } else {
          // The RSC payload: row 0 is {a: <result or "$@n">, …}; "$@n" points at row n.
          const rows = new Map(text.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)] as const));
          const root = JSON.parse(rows.get('0') ?? '{}') as { a?: unknown };
          const ref = typeof root.a === 'string' ? /^\$@([0-9a-f]+)$/.exec(root.a) : null;
          const value = ref ? JSON.parse(rows.get(ref[1]!) ?? 'null') : root.a;
          const result = value === '$undefined' ? undefined : value;
          got = classify(result);
          detail = JSON.stringify(result)?.slice(0, 160) ?? 'undefined';
        }
        if (got !== row.expect[party]) wrong.push(`${row.action} (on ${row.page(f)}) as ${party}: expected ${row.expect[party]}, got ${got} — ${detail}`);
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  test(`socket events: ${SOCKET_ROWS.length} × ${PARTIES.length}`, async ({ baseURL }) => {
    test.setTimeout(120_000);
    const sockets = {} as Record<Party, Socket>;
    try {
      for (const party of PARTIES) {
        sockets[party] = io(baseURL!, { transports: ['websocket'], extraHeaders: cookies[party] ? { cookie: cookies[party] } : {}, forceNew: true, reconnection: false });
      }
      // The handshake identity first: each socket is who the matrix thinks it is.
      for (const party of PARTIES) {
        const who = await sockets[party].timeout(10_000).emitWithAck('session:whoami', {});
        expect(who.ok).toBe(true);
        expect(who.user === null, `socket of ${party}`).toBe(party === 'visitor');
      }
      const wrong: string[] = [];
      for (const row of SOCKET_ROWS) {
        for (const c of [{ label: '', payload: row.payload, expect: row.expect }, ...(row.also ?? [])]) {
          for (const party of PARTIES) {
            const ack = (await sockets[party].timeout(10_000).emitWithAck(row.event, c.payload(f))) as { ok: boolean; code?: string; error?: string };
            const got = ack.ok ? 'ok' : SOCKET_CODES[ack.code ?? ''] ?? `code ${ack.code}`;
            if (got !== c.expect[party]) wrong.push(`${row.event}${c.label ? ` [${c.label}]` : ''} as ${party}: expected ${c.expect[party]}, got ${got} — ${JSON.stringify(ack).slice(0, 160)}`);
          }
        }
      }
      expect(wrong, wrong.join('\n')).toEqual([]);
    } finally {
      for (const socket of Object.values(sockets)) socket.disconnect();
    }
  });
});
