import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers';

/**
 * Abuse limits over HTTP (lib/ratelimit): 429 + Retry-After + a Chinese JSON error on an API route, and the same
 * refusal as a form error from a server action.
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
