import fc from 'fast-check';
import { request as playwrightRequest, type APIRequestContext, type APIResponse } from '@playwright/test';
import { expect, test } from './test';
import { io, type Socket } from 'socket.io-client';
import { chinaYear } from '../lib/calendar/workdays';
import { DEMO_PASSWORD } from './helpers';
import { apiRoutes, fillPattern, pages, segmentNames, socketEvents } from './authorization/enumerate';
import { check, cookieHeader, plainHttp, type PlainHttp, type PlainResponse } from './support/plain-http';
import { bodyBytes, fuzzBody, fuzzParameters, hostileQuery, hostileSegment, jsonValue, LARGE_BODIES, RAW_BODIES, type FuzzBody } from './support/hostile';

/**
 * Hostile input against every API route, every page and every socket event, found from app/ and lib/ at test time
 * (e2e/authorization/enumerate.ts, as the authorisation matrix does), with random and hostile values from fast-check (e2e/support/hostile.ts), as a
 * visitor and as signed-in users of each kind, so the values reach past authorisation into validation.
 * The properties: never a 5xx, an API error is the JSON error shape with a message, a socket always acknowledges
 * with {ok, code} and never 'internal', and the server stays up and unpolluted. A failure prints the request and
 * the seed (FUZZ_SEED replays it; FUZZ_RUNS runs longer).
 */

type Actor = 'visitor' | 'citizen' | 'leader' | 'moderator' | 'admin';
const ACTORS: Actor[] = ['visitor', 'citizen', 'leader', 'moderator', 'admin'];
const LOGINS: Record<Exclude<Actor, 'visitor'>, string> = {
  citizen: 'citizen@example.com',
  leader: 'leader@example.com',
  moderator: 'moderator@example.com',
  admin: 'admin@example.com',
};

/**
 * Routes left out of the body fuzzing, and why. next-auth's POST endpoints are sign-in, sign-out and its CSRF
 * token: fuzzing them would sign the test's own sessions out and lock 127.0.0.1 out of sign-in for the rest of the
 * suite (the sign-in throttle works); test/signin.test.ts and e2e/api.spec.ts send them malformed input instead.
 */
const NOT_FUZZED = new Set(['POST /api/auth/[...nextauth]']);

let baseURL: string;
const contexts = {} as Record<Actor, APIRequestContext>;
const cookies = {} as Record<Actor, string>;
/** The same parties over plain HTTP, for the loops of thousands of requests (e2e/support/plain-http.ts says why). */
const plain = {} as Record<Actor, PlainHttp>;
/** Valid values for dynamic segments, so half the requests reach a real record. */
const valid: Record<string, string[]> = {};

async function ok(response: APIResponse, status = 200): Promise<any> {
  expect(response.status(), `${response.url()} → ${await response.text()}`).toBe(status);
  return response.json();
}

async function signedInContext(login: string): Promise<APIRequestContext> {
  // Origin as a browser sends it: state-changing requests are checked against cross-site forgery.
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const { csrfToken } = await (await context.get('/api/auth/csrf')).json();
  const response = await context.post('/api/auth/callback/credentials', { form: { csrfToken, login, password: DEMO_PASSWORD, json: 'true' } });
  expect(response.status(), `sign-in of ${login}`).toBe(200);
  return context;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL: url }) => {
  test.setTimeout(180_000);
  baseURL = url!;
  contexts.visitor = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  cookies.visitor = '';
  for (const actor of ACTORS.filter((a): a is Exclude<Actor, 'visitor'> => a !== 'visitor')) {
    contexts[actor] = await signedInContext(LOGINS[actor]);
    cookies[actor] = await cookieHeader(contexts[actor]);
  }
  for (const actor of ACTORS) plain[actor] = plainHttp(baseURL, cookies[actor]);
  const handler = await signedInContext('handler@example.com');
  const stamp = Date.now() % 1_000_000;

  // A letter of the citizen's, answered, and a draft archive entry made of it (edits land on this draft only).
  const departments = (await ok(await contexts.visitor.get('/api/v1/departments'))).items as Array<{ id: string; name: string }>;
  const market = departments.find((d) => d.name === '文化市场管理处')!;
  const letter = await ok(await contexts.citizen.post('/api/v1/letters', {
    data: { kind: 'inquiry', departmentId: market.id, title: `模糊测试用的咨询信件 ${stamp}`, body: '请问文化市场经营许可证的年检需要准备哪些材料？谢谢。', consentToPublish: true },
  }), 201);
  await ok(await contexts.moderator.post(`/api/v1/letters/${letter.trackingNo}/actions`, { data: { action: 'accept', departmentId: market.id } }));
  await ok(await handler.post(`/api/v1/letters/${letter.trackingNo}/actions`, { data: { action: 'reply', body: '您好，年检需准备许可证正副本和年度经营情况报告。' } }));
  const entry = await ok(await contexts.moderator.post('/api/v1/archive/entries', { data: { letter: letter.trackingNo } }), 201);
  await handler.dispose();

  // A live interview with the demo leader as guest and one question in it.
  const leaderId = (await ok(await contexts.leader.get('/api/auth/session'))).user.id as string;
  const start = new Date(Date.now() - 5 * 60_000);
  const interview = await ok(await contexts.moderator.post('/api/v1/interviews', {
    data: {
      title: `模糊测试访谈 ${stamp}`, summary: '用于输入模糊测试的访谈，请勿在意其中的内容。', guestIds: [leaderId],
      scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 60 * 60_000).toISOString(),
    },
  }), 201);
  for (const action of ['announce', 'go_live']) await ok(await contexts.moderator.post(`/api/v1/interviews/${interview.id}/actions`, { data: { action } }));
  const question = await ok(await contexts.citizen.post(`/api/v1/interviews/${interview.id}/questions`, { data: { body: '模糊测试的问题：图书馆周末几点开门？' } }), 201);
  // A 图文直播 text update (its id is the `updateId` segment's valid value).
  const update = await ok(await contexts.moderator.post(`/api/v1/interviews/${interview.id}/updates`, { multipart: { body: '模糊测试的图文直播：访谈开始了。' } }), 201);

  // An open consultation (published at once, generous quota) with one comment.
  const consultation = await ok(await contexts.moderator.post('/api/v1/consultations', {
    data: {
      title: `模糊测试意见征集 ${stamp}`, summary: '用于输入模糊测试的意见征集，请勿在意其中的内容。', departmentId: market.id, moderateComments: false, commentQuota: 50,
      sections: [{ heading: '第一条', body: '模糊测试的征求意见稿。' }], opensAt: start.toISOString(), closesAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
    },
  }), 201);
  await ok(await contexts.moderator.post(`/api/v1/consultations/${consultation.id}/actions`, { data: { action: 'open' } }));
  const comment = await ok(await contexts.citizen.post(`/api/v1/consultations/${consultation.id}/comments`, { data: { body: '模糊测试的意见：建议延长开放时间。' } }), 201);

  // A throw-away account for the admin user routes; a published entry and an application from the demo data.
  const throwaway = await ok(await contexts.visitor.post('/api/v1/register', { data: { name: '模糊测试', login: `fuzz-${stamp}@example.org`, password: 'secret1234' } }), 201);
  const published = (await ok(await contexts.visitor.get('/api/v1/archive'))).items[0];
  const applications = (await ok(await contexts.moderator.get('/api/v1/disclosure/applications?scope=queue'))).items as Array<{ trackingNo: string }>;

  valid.trackingNo = [letter.trackingNo, ...applications.slice(0, 1).map((a) => a.trackingNo)];
  valid.id = [interview.id, question.id, entry.id, throwaway.id, published.id, consultation.id, comment.id];
  valid.publicId = [published.id];
  valid.slug = [interview.slug, consultation.slug];
  valid.updateId = [update.id];
  valid.year = [String(chinaYear() - 1), String(chinaYear())];
  valid.document = ['services.json', 'discovery.json'];
  valid.code = ['complaint.json', 'inquiry.json'];
  valid.nextauth = ['session', 'csrf', 'providers'];
});

test.afterAll(async () => {
  for (const context of Object.values(contexts)) await context?.dispose();
});

const segmentValues = (names: string[]) =>
  fc.tuple(...names.map((name) => fc.oneof(hostileSegment, fc.constantFrom(...(valid[name] ?? ['0']))))).map((values) =>
    Object.fromEntries(names.map((name, i) => [name, values[i]!])));

async function expectServerUp() {
  const health = await contexts.visitor.get('/api/health');
  expect(health.status(), 'the server is still up').toBe(200);
}

/** An API error must be the JSON error shape with a message a person can read. */
async function checkApiShape(url: string, response: PlainResponse) {
  if (!url.startsWith('/api/v1/') || response.status() < 400 || response.status() === 405) return;
  const body = await response.json().catch(() => null);
  check(typeof body?.error?.message === 'string', `${response.status()} from ${url} without an error message`);
}

test('API routes: random and hostile values never cause a 5xx and always get the error shape', async () => {
  test.setTimeout(600_000);
  const routes = apiRoutes();
  expect(routes.length).toBeGreaterThan(40);
  let requests = 0;
  const statuses = new Map<number, number>();
  for (const row of routes) {
    if (NOT_FUZZED.has(row)) continue;
    const [method, pattern] = row.split(' ') as [string, string];
    const route = { pattern, params: segmentNames(pattern) };
    const unsafe = method !== 'GET';
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ACTORS), segmentValues(route.params), hostileQuery, fuzzBody, async (actor, segments, query, body) => {
        const url = fillPattern(route.pattern, segments) + query;
        const response = await plain[actor].fetch(url, {
          method,
          maxRedirects: 0,
          ...(unsafe ? { data: bodyBytes(body), headers: { 'content-type': body.kind === 'raw' && body.label === 'form-encoded' ? 'application/x-www-form-urlencoded' : 'application/json' } } : {}),
        });
        requests++;
        statuses.set(response.status(), (statuses.get(response.status()) ?? 0) + 1);
        check(response.status() < 500, `${method} ${url} as ${actor} with ${describe(body)} → ${response.status()} ${(await response.text()).slice(0, 300)}`);
        await checkApiShape(url, response);
      }),
      fuzzParameters(unsafe ? 30 : 15),
    );
  }
  await expectServerUp();
  console.log(`API fuzz: ${requests} requests over ${routes.length} route methods; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
});

function describe(body: FuzzBody): string {
  return body.kind === 'raw' ? `raw body "${body.label}"` : `JSON ${JSON.stringify(body.value)?.slice(0, 300)}`;
}

test('pages: hostile path segments and query strings never cause a 5xx', async () => {
  test.setTimeout(600_000);
  const patterns = pages();
  expect(patterns.length).toBeGreaterThan(40);
  let requests = 0;
  for (const page of patterns.map((pattern) => ({ pattern, params: segmentNames(pattern) }))) {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Actor>('visitor', 'citizen', 'moderator', 'admin'), segmentValues(page.params), hostileQuery, async (actor, segments, query) => {
        const url = fillPattern(page.pattern, segments) + query;
        const response = await plain[actor].get(url, { maxRedirects: 0 });
        requests++;
        check(response.status() < 500, `GET ${url} as ${actor} → ${response.status()}`);
      }),
      fuzzParameters(page.params.length ? 12 : 6),
    );
  }
  await expectServerUp();
  console.log(`page fuzz: ${requests} requests over ${patterns.length} pages`);
});

test('malformed percent-escapes and escaped NUL in a URL are a 400 with a message, before any page or route runs', async () => {
  for (const url of ['/api/v1/archive/%FF%FE', '/api/v1/interviews/%00', '/api/v1/letters?q=a%00b']) {
    const response = await contexts.visitor.get(url, { failOnStatusCode: false });
    expect(response.status(), url).toBe(400);
    expect((await response.json()).error.message, url).toMatch(/无效/);
  }
  for (const url of ['/interviews/%00x', '/archive/%E0%A4%A']) {
    const response = await contexts.visitor.get(url, { failOnStatusCode: false });
    expect(response.status(), url).toBe(400);
    expect(response.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await response.text()).toContain('请求无效');
  }
  // Old links with GBK escapes in the query are decoded leniently, not refused.
  expect((await contexts.visitor.get('/archive?q=%C9%CF%BA%A3', { failOnStatusCode: false })).status()).toBe(200);
});

test('prototype-pollution bodies change nothing on the server: its state, its answers and its validation', async () => {
  const pollution = RAW_BODIES.find((b) => b.label === 'prototype pollution')!.bytes;
  // What the server says about sessions, accounts, limits and departments before the bodies arrive (the file runs
  // serially, so nothing else changes these meanwhile).
  // A session's `expires` rolls forward on every read: compare the rest.
  const session = async (actor: 'visitor' | 'citizen' | 'admin') => {
    const { expires: _expires, ...rest } = (await ok(await contexts[actor].get('/api/auth/session'))) as Record<string, unknown>;
    return rest;
  };
  const serverView = async () => ({
    visitorSession: await session('visitor'),
    citizenSession: await session('citizen'),
    adminSession: await session('admin'),
    accounts: (await ok(await contexts.admin.get('/api/v1/admin/users?q=example'))).items,
    deadlines: await ok(await contexts.admin.get('/api/v1/admin/deadlines')),
    departments: await ok(await contexts.visitor.get('/api/v1/departments')),
  });
  const before = await serverView();
  for (const row of apiRoutes().filter((r) => !r.startsWith('GET ') && !NOT_FUZZED.has(r))) {
    const [method, pattern] = row.split(' ') as [string, string];
    const url = fillPattern(pattern, Object.fromEntries(segmentNames(pattern).map((p) => [p, valid[p]?.[0] ?? 'x'])));
    for (const actor of ['citizen', 'admin'] as const) {
      const response = await plain[actor].fetch(url, { method, data: pollution, headers: { 'content-type': 'application/json' }, maxRedirects: 0 });
      check(response.status() < 500, `${method} ${url} as ${actor} → ${response.status()}`);
    }
  }
  // The server's state and answers are exactly as before.
  expect(await serverView()).toEqual(before);
  expect((before.citizenSession as { user: { role: string } }).user.role).toBe('citizen');
  expect((await contexts.citizen.get('/api/v1/admin/users')).status()).toBe(403);
  // Inside the server: a polluted Object.prototype gives every object an inherited enumerable key, which zod's strict
  // objects walk (for…in) and refuse as "不支持的字段：polluted". So a strict body must still be accepted as it is —
  // an empty PATCH of the deadlines (changes nothing), and the same limits sent back — and one with an unknown
  // key still refused naming only that key.
  expect(await ok(await contexts.admin.patch('/api/v1/admin/deadlines', { data: {} }))).toEqual(before.deadlines);
  expect(await ok(await contexts.admin.patch('/api/v1/admin/deadlines', { data: before.deadlines }))).toEqual(before.deadlines);
  const unknown = await contexts.admin.patch('/api/v1/admin/deadlines', { data: { extra: 1 }, failOnStatusCode: false });
  expect(unknown.status()).toBe(422);
  expect(JSON.stringify(await unknown.json())).toContain('不支持的字段：extra"');
});

// Issue 12 item 14: a 130k-element array to PATCH /api/v1/archive/entries/x was a 500 without signing in.
test('huge arrays, deeply nested and huge objects get a 4xx from every route, a visitor’s before the body is read', async () => {
  test.setTimeout(600_000);
  const statuses = new Map<string, number>();
  for (const row of apiRoutes().filter((r) => !r.startsWith('GET ') && !NOT_FUZZED.has(r))) {
    const [method, pattern] = row.split(' ') as [string, string];
    const url = fillPattern(pattern, Object.fromEntries(segmentNames(pattern).map((p) => [p, valid[p]?.[0] ?? 'x'])));
    for (const actor of ['visitor', 'citizen', 'moderator', 'admin'] as const) {
      for (const body of LARGE_BODIES) {
        // One connection per request: a refusal may be sent before the body has arrived, and a keep-alive connection
        // reused behind it can be reset (a transport race in the client, not the server's answer).
        const response = await plain[actor].fetch(url, { method, data: body.bytes, headers: { 'content-type': 'application/json', connection: 'close' }, maxRedirects: 0 });
        const status = response.status();
        const label = `${method} ${url} as ${actor} with ${body.label}`;
        check(status >= 400 && status < 500, `${label} → ${status} ${(await response.text()).slice(0, 200)}`);
        await checkApiShape(url, response);
        statuses.set(`${actor} ${status}`, (statuses.get(`${actor} ${status}`) ?? 0) + 1);
      }
    }
  }
  // The reported request, exactly: a visitor's 401 (the body is never read), not a 500.
  const reported = await contexts.visitor.fetch('/api/v1/archive/entries/x', { method: 'PATCH', data: LARGE_BODIES[0]!.bytes, headers: { 'content-type': 'application/json' }, failOnStatusCode: false });
  expect(reported.status()).toBe(401);
  await expectServerUp();
  console.log(`large bodies: statuses by actor ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
});

test('socket events: hostile payloads are acknowledged with an error code, never an internal error or a crash', async () => {
  test.setTimeout(300_000);
  const events = socketEvents();
  expect(events).toEqual(expect.arrayContaining(['interview:join', 'question:ask', 'session:whoami']));
  // Each event's own fields, so half the payloads have the right shape and reach the operation behind it.
  const fields = {
    interviewId: fc.oneof(jsonValue, fc.constantFrom(...valid.id!)),
    questionId: fc.oneof(jsonValue, fc.constantFrom(...valid.id!)),
    trackingNo: fc.oneof(jsonValue, fc.constantFrom(...valid.trackingNo!)),
    sinceSeq: fc.oneof(jsonValue, fc.integer()),
    queue: fc.oneof(jsonValue, fc.boolean()),
    body: jsonValue,
    clientId: jsonValue,
    pollId: fc.oneof(jsonValue, fc.constantFrom(...valid.id!)),
    options: fc.oneof(jsonValue, fc.array(fc.integer({ min: -1, max: 12 }), { maxLength: 4 })),
  };
  const EVENT_FIELDS: Record<string, Array<keyof typeof fields>> = {
    'interview:join': ['interviewId', 'sinceSeq'],
    'interview:leave': ['interviewId'],
    'question:ask': ['interviewId', 'body', 'clientId'],
    'question:vote': ['questionId'],
    'poll:vote': ['pollId', 'options'],
    'letters:subscribe': ['trackingNo', 'queue'],
  };
  const payloadFor = (event: string) => {
    const own = EVENT_FIELDS[event] ?? [];
    return fc.oneof(
      { weight: 3, arbitrary: fc.record(Object.fromEntries(own.map((k) => [k, fields[k]])), { requiredKeys: [] }) as fc.Arbitrary<unknown> },
      { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<unknown> },
      { weight: 2, arbitrary: jsonValue },
    );
  };
  let messages = 0;
  const codes = new Map<string, number>();
  for (const actor of ['visitor', 'citizen', 'moderator'] as const) {
    for (const event of events) {
      // A fresh connection per event: the per-connection message budget would otherwise answer most of them.
      const socket: Socket = io(baseURL, { transports: ['websocket'], forceNew: true, extraHeaders: cookies[actor] ? { cookie: cookies[actor] } : {} });
      try {
        await fc.assert(
          fc.asyncProperty(payloadFor(event), async (value) => {
            const ack = await socket.timeout(15_000).emitWithAck(event, value);
            messages++;
            const code = ack?.ok ? 'ok' : String(ack?.code);
            codes.set(code, (codes.get(code) ?? 0) + 1);
            const sent = () => `${event} as ${actor} with ${JSON.stringify(value)?.slice(0, 300)}`;
            check(typeof ack?.ok === 'boolean', () => `${sent()}: acknowledged ${JSON.stringify(ack)?.slice(0, 300)}`);
            if (!ack.ok) {
              check(typeof ack.error === 'string', () => `${sent()}: no error message`);
              check(typeof ack.code === 'string', () => `${sent()}: no error code`);
              check(ack.code !== 'internal', () => `${sent()}: ${ack.error}`);
            }
          }),
          fuzzParameters(20),
        );
        // Several arguments, no acknowledgement, binary: the server ignores what it cannot answer and stays up.
        socket.emit(event, Buffer.from([0xff, 0x00, 0xfe]));
        socket.emit(event, 1, 2, 3);
        socket.emit(event);
        const whoami = await socket.timeout(15_000).emitWithAck('session:whoami', {});
        check(whoami.ok === true, `${event} as ${actor}: the connection no longer answers`);
      } finally {
        socket.disconnect();
      }
    }
  }
  await expectServerUp();
  console.log(`socket fuzz: ${messages} messages over ${events.length} events; acknowledgements ${JSON.stringify(Object.fromEntries([...codes].sort()))}`);
});
