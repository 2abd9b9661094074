import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { expect, test } from './test';
import { DEMO_PASSWORD } from './helpers';

/**
 * Abuse limits over HTTP (lib/ratelimit): 429 + Retry-After + a Chinese JSON error on an API route, and the same
 * refusal as a form error from a server action; wrong query codes from many addresses do not block a letter's lookup.
 *
 * The suite's server runs with RATE_LIMIT_FACTOR=50 (every spec comes from one address), and exhausting one of its
 * budgets would throttle the specs that run after this one. So this spec starts its OWN server.ts — the same build
 * (NEXT_DIST_DIR), production mode, its own port and embedded database, factor 1 — and stops it afterwards.
 */
const port = Number(process.env.E2E_RATELIMIT_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 1);
const base = `http://localhost:${port}`;
const root = path.join(__dirname, '..');

let server: ChildProcess | undefined;
let dataDir: string | undefined;
let api: APIRequestContext;
let output = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-e2e-ratelimit-'));
  // Not the shared Redis: the limits are keyed by address and every test client is 127.0.0.1.
  const { REDIS_URL: _redis, DATABASE_URL: _database, RATE_LIMIT_FACTOR: _factor, ...inherited } = process.env;
  server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: root,
    env: {
      ...inherited, NODE_ENV: 'production', PORT: String(port), NEXTAUTH_URL: base, SEED_DEMO: '1',
      DATA_DIR: dataDir, RATE_LIMIT_FACTOR: '1', NEXT_TELEMETRY_DISABLED: '1',
      // Clients name their address in X-Forwarded-For (as behind a proxy), so one test can come from several
      // (the sign-in lockout and the lookup tests; the others send none).
      TRUST_PROXY: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk) => { output += chunk; });
  server.stderr!.on('data', (chunk) => { output += chunk; });
  api = await playwrightRequest.newContext({ baseURL: base });
  await expect.poll(async () => {
    if (server!.exitCode !== null) throw new Error(`server.ts exited (${server!.exitCode}):\n${output}`);
    return (await api.get('/api/health').catch(() => null))?.status();
  }, { timeout: 150_000, intervals: [500] }).toBe(200);
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('server.ts output', { body: output, contentType: 'text/plain' });
});

test.afterAll(async () => {
  await api?.dispose();
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('an API route answers 429 with Retry-After and a Chinese message once the address is over its allowance', async () => {
  // Registration: 10 attempts an hour per address. Attempts count, valid or not.
  for (let i = 0; i < 10; i++) {
    const response = await api.post('/api/v1/register', { data: { name: '', login: 'not-a-login', password: 'x' } });
    expect(response.status()).toBe(422);
  }
  const refused = await api.post('/api/v1/register', { data: { name: '张三', login: '13900001111', password: 'a-good-password-123' } });
  expect(refused.status()).toBe(429);
  const retryAfter = Number(refused.headers()['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 3600).toBe(true);
  expect(refused.headers()['content-type']).toContain('application/json');
  expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^注册过于频繁，请 \d+ (分钟|小时)后再试$/) } });

  // Other limits are separate: the public read API still answers this address.
  expect((await api.get('/api/v1/archive')).status()).toBe(200);
});

test('a server action shows the refusal as a form error', async ({ page }) => {
  await page.goto(`${base}/login`);
  await page.getByLabel('邮箱或手机号').fill('citizen@example.com');
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/workspace\/citizen/);

  const entries = await (await page.request.get(`${base}/api/v1/archive`)).json();
  const entryId: string = entries.items[0].id;
  // 举报: 10 an hour per account. The citizen's session uses them up through the API (the same budget) …
  for (let i = 0; i < 10; i++) {
    const response = await page.request.post(`${base}/api/v1/archive/${entryId}/flags`, {
      data: { reason: '这条答复里可能还有未隐去的电话号码' }, headers: { origin: base },
    });
    expect([200, 201]).toContain(response.status());
  }
  // … and the entry page's form, a server action, says why it refuses the next one.
  await page.goto(`${base}/archive/${entryId}`);
  await page.getByLabel('举报理由').fill('再次举报：这条答复里可能还有未隐去的电话号码');
  await page.getByRole('button', { name: '提交举报' }).click();
  const summary = page.getByRole('alert', { name: '举报未能提交' });
  await expect(summary).toContainText(/举报过于频繁，请 \d+ (分钟|小时)后再试/);
  await expect(page.getByTestId('flag-result')).toHaveCount(0);
});

/** A client at `address` (X-Forwarded-For, trusted by this spec's server) signing in through next-auth's endpoint. */
async function signInFrom(address: string, login: string, password: string) {
  const client = await playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { 'x-forwarded-for': address, origin: base } });
  const { csrfToken } = await (await client.get('/api/auth/csrf')).json();
  const response = await client.post('/api/auth/callback/credentials', { form: { csrfToken, login, password, json: 'true' }, failOnStatusCode: false, maxRedirects: 0 });
  const body = await response.json().catch(() => ({}));
  await client.dispose();
  return { status: response.status(), body, retryAfter: response.headers()['retry-after'] };
}

// Issue 12 item 11: five wrong passwords from one address, and the right password from another was refused for up
// to an hour.
test('wrong passwords from one address do not lock the account’s owner out at another', async ({ browser }) => {
  const login = 'handler@example.com';
  for (let i = 1; i <= 5; i++) await signInFrom('198.51.100.66', login, `guess-${i}-wrong`);
  // The guessing address is locked for this account, even with the right password…
  const locked = await signInFrom('198.51.100.66', login, DEMO_PASSWORD);
  expect(locked.status).toBe(429);
  expect(Number(locked.retryAfter)).toBeGreaterThan(0);
  expect(new URL(String(locked.body.url)).searchParams.get('error')).toMatch(/^登录失败次数过多，请 \d+ 分钟后再试$/);

  // …the owner, elsewhere, signs in through the form at once.
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77' } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('邮箱或手机号').fill(login);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/workspace\/handler$/);
  await context.close();

  // And the guessing address is still locked (the owner's success does not unlock it).
  expect((await signInFrom('198.51.100.66', login, DEMO_PASSWORD)).status).toBe(429);
});

test('guessing one letter\'s query code from many addresses does not block its writer\'s lookup from a clean address', async ({ browser }) => {
  const from = (ip: string) => ({ 'x-forwarded-for': ip, origin: base });
  // The writer (signing in from their own address) writes a letter and gets its code.
  const writer = await browser.newContext({ baseURL: base, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.10' } });
  const page = await writer.newPage();
  await page.goto('/login');
  await page.getByLabel('邮箱或手机号').fill('citizen@example.com');
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/workspace\/citizen/);
  const submitted = await page.request.post('/api/v1/letters', {
    data: { kind: 'inquiry', title: '查询码被人猜测的测试来信', body: '请问图书馆少儿阅览室周末几点开放？', consentToPublish: false }, headers: { origin: base },
  });
  expect(submitted.status()).toBe(201);
  const { trackingNo, queryCode } = await submitted.json() as { trackingNo: string; queryCode: string };
  const wrong = String((Number(queryCode) + 1) % 1_000_000).padStart(6, '0');

  // Twelve addresses guess once each: the letter is under attack, nobody is refused yet.
  for (let i = 0; i < 12; i++) {
    const response = await api.post('/api/v1/letters/lookup', { data: { trackingNo, code: wrong }, headers: from(`198.51.100.${i + 1}`) });
    expect(response.status(), `guess ${i + 1}`).toBe(404);
  }
  // A guessing address has had its try at this letter: 429 with Retry-After, even with the right code …
  const again = await api.post('/api/v1/letters/lookup', { data: { trackingNo, code: queryCode }, headers: from('198.51.100.1') });
  expect(again.status()).toBe(429);
  const retryAfter = Number(again.headers()['retry-after']);
  expect(retryAfter > 0 && retryAfter <= 15 * 60).toBe(true);
  expect(await again.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^查询错误次数过多，请 \d+ 分钟后再试$/) } });
  // … and the page says so as a form error.
  const guesser = await browser.newContext({ baseURL: base, extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.2' } });
  const guesserPage = await guesser.newPage();
  await guesserPage.goto('/letters/lookup');
  await guesserPage.getByLabel('查询编号').fill(trackingNo);
  await guesserPage.getByLabel('查询码').fill(queryCode);
  await guesserPage.getByRole('button', { name: '查询' }).click();
  await expect(guesserPage.getByRole('alert').filter({ hasText: '查询错误次数过多' })).toHaveText(/^查询错误次数过多，请 \d+ 分钟后再试$/);

  // The writer's right code from a clean address: shown, in the API and on the page.
  const clean = await api.post('/api/v1/letters/lookup', { data: { trackingNo, code: queryCode }, headers: from('203.0.113.20') });
  expect(clean.status()).toBe(200);
  expect(await clean.json()).toMatchObject({ trackingNo, viewer: 'code' });
  const visitor = await browser.newContext({ baseURL: base, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.21' } });
  const visitorPage = await visitor.newPage();
  await visitorPage.goto('/letters/lookup');
  await visitorPage.getByLabel('查询编号').fill(trackingNo);
  await visitorPage.getByLabel('查询码').fill(queryCode);
  await visitorPage.getByRole('button', { name: '查询' }).click();
  await expect(visitorPage.getByRole('heading', { name: '查询码被人猜测的测试来信' })).toBeVisible();
  await Promise.all([writer.close(), guesser.close(), visitor.close()]);
});
