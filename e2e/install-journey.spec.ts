import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { expect, test } from './test';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../scripts/throwaway-db';

/**
 * Issue 13 "Done when": a bureau installs Minsheng on an EMPTY database without demo data and runs it — its own
 * server on its own database (a fresh PostgreSQL database in the PostgreSQL run, a fresh PGlite folder in the PGlite
 * run), beside the suite's demo server:
 * `npm run setup` → the admin signs in, fills the organisation profile, creates two departments, invites a handler,
 * a leader and a moderator (links read from the outbox) → each sets a password and signs in → a citizen registers
 * and writes a letter that is routed, answered, rated, curated and published → an API token reads the department's
 * queue with Bearer and stops working when revoked.
 */

const root = path.join(__dirname, '..');
// Beside the suite's server (E2E_PORT), the rate-limit spec's (+1) and the first-run spec's (+2).
const port = Number(process.env.E2E_INSTALL_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 3);
const base = `http://localhost:${port}`;
const secret = 'install-journey-secret-0123456789-abcdef';
const stamp = Date.now().toString(36);

const ORG = { name: '厦门市示范局', code: 'XM-SF' };
const ADMIN = { email: 'admin@bureau.example.gov.cn', password: 'Bureau-Admin-2026' };
const STAFF = {
  handler: { email: `handler-${stamp}@bureau.example.gov.cn`, name: '王办事', role: 'handler', department: '市场监管科', workspace: '部门办件', password: 'Handler-Pass-2026' },
  leader: { email: `leader-${stamp}@bureau.example.gov.cn`, name: '陈局长', role: 'leader', department: '市场监管科', workspace: '访谈答复', password: 'Leader-Pass-2026' },
  moderator: { email: `moderator-${stamp}@bureau.example.gov.cn`, name: '周主持', role: 'moderator', department: null, workspace: '管理控制台', password: 'Moderator-Pass-2026' },
} as const;

let databaseUrl: string | undefined;
let dataDir: string | undefined;
let server: ChildProcess | undefined;
let output = '';

/** Where the bureau's database is, for setup and the server. */
function databaseEnv(): Record<string, string> {
  return databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! };
}

function inheritedEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, DATA_DIR: _dd, SEED_DEMO: _s, REDIS_URL: _r, ...rest } = process.env;
  return rest as NodeJS.ProcessEnv;
}

test.describe.configure({ mode: 'serial', timeout: 600_000 });

test.beforeAll(async () => {
  if (process.env.E2E_DATABASE_URL) databaseUrl = await createThrowawayDatabase(process.env.E2E_DATABASE_URL, 'minsheng_install');
  else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-install-'));
});

test.afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (databaseUrl) await dropThrowawayDatabase(databaseUrl);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('server.ts output', { body: output, contentType: 'text/plain' });
});

async function signIn(page: Page, login: string, password: string, heading: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('邮箱或手机号').fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: base })).newPage();
}

test('a bureau installs Minsheng on an empty database and runs a letter, its staff and an integration through it', async ({ browser, playwright }) => {
  // ── npm run setup on the empty database (the app is not running: PGlite allows one process per folder) ──
  const setup = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/setup.ts', '--org-name', ORG.name, '--org-code', ORG.code,
    '--admin-email', ADMIN.email, '--admin-password', ADMIN.password, '--admin-name', '系统管理员'], {
    cwd: root, env: { ...inheritedEnv(), ...databaseEnv() }, encoding: 'utf8',
  });
  expect(setup.status, setup.stderr + setup.stdout).toBe(0);
  // A second setup is refused and changes nothing.
  const again = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/setup.ts', '--org-name', '另一个局', '--org-code', 'XM-LY',
    '--admin-email', 'second@bureau.example.gov.cn', '--admin-password', 'Second-Admin-2026'], {
    cwd: root, env: { ...inheritedEnv(), ...databaseEnv() }, encoding: 'utf8',
  });
  expect(again.status).toBe(1);

  // ── The server, production mode, no demo data ──
  server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: root,
    env: {
      ...inheritedEnv(), ...databaseEnv(), NODE_ENV: 'production', PORT: String(port), NEXTAUTH_URL: base, NEXTAUTH_SECRET: secret,
      SEED_DEMO: '0', RATE_LIMIT_FACTOR: '50', NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk) => { output += chunk; });
  server.stderr!.on('data', (chunk) => { output += chunk; });
  const probe = await playwright.request.newContext({ baseURL: base });
  await expect.poll(async () => {
    if (server!.exitCode !== null) throw new Error(`server.ts exited (${server!.exitCode}):\n${output}`);
    return (await probe.get('/api/health').catch(() => null))?.status();
  }, { timeout: 150_000, intervals: [500] }).toBe(200);
  // No demo account exists.
  expect((await probe.post('/api/v1/register', { data: { name: '探测', login: 'citizen@example.com', password: 'Probe-Pass-2026' } })).status()).toBe(201);

  // ── The admin: organisation profile, two departments ──
  const admin = await newPage(browser);
  await signIn(admin, ADMIN.email, ADMIN.password, '系统管理');
  await admin.goto('/workspace/admin/organisation');
  await admin.getByLabel('英文名称', { exact: true }).fill('Xiamen Demonstration Bureau');
  await admin.getByLabel('地址', { exact: true }).fill('厦门市思明区示范路 1 号');
  await admin.getByLabel('电话', { exact: true }).fill('0592-5550101');
  await admin.getByLabel('电子邮箱', { exact: true }).fill('office@bureau.example.gov.cn');
  await admin.getByLabel('办公时间', { exact: true }).fill('工作日 8:30–17:30');
  await admin.getByLabel('政府信息公开工作机构', { exact: true }).fill('局办公室');
  await admin.getByRole('button', { name: '保存机构信息' }).click();
  await expect(admin.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  await admin.goto('/');
  await expect(admin.getByRole('contentinfo')).toContainText('厦门市思明区示范路 1 号');
  await expect(admin.getByRole('contentinfo')).toContainText('0592-5550101');

  const create = admin.getByRole('region', { name: '新建部门' }).or(admin.locator('section[aria-labelledby="dept-new"]'));
  for (const [name, duties] of [['市场监管科', '市场秩序、消费投诉'], ['文化服务科', '公共文化服务']] as const) {
    // A fresh form for each: the form resets itself after a creation, which could clear what was typed next.
    await admin.goto('/workspace/admin/departments');
    await create.getByLabel('部门名称').fill(name);
    await create.getByLabel('职责说明').fill(duties);
    await create.getByRole('button', { name: '新建部门' }).click();
    // The status line already says 已新建 after the first one: wait for this department itself.
    await expect.poll(async () => ((await (await admin.request.get('/api/v1/departments')).json()).items as Array<{ name: string }>)
      .map((d) => d.name)).toContain(name);
  }
  const departments = (await (await admin.request.get('/api/v1/departments')).json()).items as Array<{ id: string; name: string }>;
  expect(departments.map((d) => d.name)).toEqual(expect.arrayContaining(['市场监管科', '文化服务科']));

  // ── Invitations: handler, leader, moderator; each sets a password from the outbox link and signs in ──
  await admin.goto('/workspace/admin/staff');
  await expect(admin.getByRole('heading', { level: 1, name: '工作人员与账号' })).toBeVisible();
  for (const person of Object.values(STAFF)) {
    await admin.locator('#invite-email').fill(person.email);
    await admin.locator('#invite-name').fill(person.name);
    await admin.locator('#invite-role').selectOption(person.role);
    if (person.department) await admin.locator('#invite-departmentId').selectOption({ label: person.department });
    await admin.getByRole('button', { name: '发送邀请' }).click();
    await expect(admin.getByRole('status').filter({ hasText: '邀请已发送' })).toBeVisible();
    await admin.reload();
  }
  for (const person of Object.values(STAFF)) {
    const outbox = await admin.request.get(`/api/v1/admin/outbox?to=${encodeURIComponent(person.email)}`);
    expect(outbox.status()).toBe(200);
    const mail = ((await outbox.json()).items as Array<{ to: string; text: string }>).find((m) => m.to === person.email);
    const link = mail?.text.match(/https?:\/\/\S+\/invitations\/\S+/)?.[0];
    expect(link, mail?.text).toBeTruthy();
    expect(new URL(link!).origin).toBe(base);
    const invited = await newPage(browser);
    await invited.goto(link!);
    await expect(invited.getByRole('heading', { level: 1, name: '接受邀请' })).toBeVisible();
    await invited.locator('#invite-password').fill(person.password);
    await invited.locator('#invite-confirmPassword').fill(person.password);
    await invited.getByRole('button', { name: '设置密码并创建账号' }).click();
    await expect(invited).toHaveURL(/\/login/);
    await signIn(invited, person.email, person.password, person.workspace);
    await invited.context().close();
  }

  // ── A citizen registers and writes a letter ──
  const citizen = await newPage(browser);
  const citizenLogin = `resident-${stamp}@example.org`;
  await citizen.goto('/register');
  await citizen.getByLabel('姓名').fill('林市民');
  await citizen.getByLabel('邮箱或手机号').fill(citizenLogin);
  await citizen.getByLabel('密码', { exact: true }).fill('Resident-Pass-2026');
  await citizen.getByLabel('确认密码').fill('Resident-Pass-2026');
  await citizen.getByRole('button', { name: '注册' }).click();
  await expect(citizen.getByRole('heading', { level: 1, name: '我的办事' })).toBeVisible();
  const title = `超市价签与结算价格不一致 ${stamp}`;
  await citizen.goto('/letters/new');
  await citizen.getByRole('radio', { name: '投诉' }).check();
  await citizen.getByLabel('写给哪个部门').selectOption({ label: '市场监管科' });
  await citizen.getByLabel('标题').fill(title);
  await citizen.getByLabel('内容', { exact: true }).fill('示范路一家超市货架价签与收银结算价格不一致，多收了钱，请核查处理。');
  await citizen.getByRole('radio', { name: '同意公开', exact: true }).check();
  await citizen.getByRole('button', { name: '预览' }).click();
  await citizen.getByRole('button', { name: '确认提交' }).click();
  await expect(citizen.getByRole('heading', { name: '来信已提交' })).toBeVisible();
  const trackingNo = (await citizen.getByTestId('tracking-no').textContent())!.trim();

  // ── Routed by the moderator, answered by the handler, rated by the citizen ──
  const moderator = await newPage(browser);
  await signIn(moderator, STAFF.moderator.email, STAFF.moderator.password, '管理控制台');
  await moderator.getByRole('link', { name: title }).click();
  await expect(moderator.getByLabel('承办部门')).toHaveValue(departments.find((d) => d.name === '市场监管科')!.id); // preselected
  await moderator.getByRole('button', { name: '受理', exact: true }).click();
  await expect(moderator.getByTestId('letter-status')).toHaveText('办理中');

  const handler = await newPage(browser);
  await signIn(handler, STAFF.handler.email, STAFF.handler.password, '部门办件');
  await handler.getByRole('link', { name: title }).click();
  await handler.getByRole('textbox', { name: '答复内容' }).fill('您好，经现场核查，该超市价签未及时更新，已责令整改并退还差价。感谢您的监督！');
  await handler.getByRole('button', { name: '发布答复' }).click();
  await expect(handler.getByTestId('letter-status')).toHaveText('已答复');

  await citizen.goto(`/letters/${trackingNo}`);
  await expect(citizen.getByTestId('letter-status')).toHaveText('已答复');
  await citizen.getByRole('radio', { name: '满意', exact: true }).check();
  await citizen.getByRole('button', { name: '提交评价' }).click();
  await expect(citizen.getByTestId('letter-status')).toHaveText('已办结');

  // ── Curated and published to the archive; a visitor reads it ──
  await moderator.goto('/workspace/moderator/archive');
  await moderator.getByRole('button', { name: `把“${title}”整理为公开条目` }).click();
  await expect(moderator.getByTestId('entry-status')).toHaveText('草稿');
  await moderator.getByLabel('公开目录分类').selectOption('10');
  await moderator.getByRole('button', { name: '保存', exact: true }).click();
  await expect(moderator.getByRole('button', { name: '发布', exact: true })).toBeEnabled();
  await moderator.getByRole('button', { name: '发布', exact: true }).click();
  await expect(moderator.getByTestId('entry-status')).toHaveText('已公开');
  // The index number starts with the bureau code from setup.
  await expect(moderator.getByTestId('entry-index-no')).toHaveText(new RegExp(`^${ORG.code}`));
  const visitor = await newPage(browser);
  await visitor.goto('/archive');
  await expect(visitor.getByTestId('archive-item').filter({ hasText: title })).toBeVisible();

  // ── An API token acting as the handler reads the department's queue, and stops working when revoked ──
  await admin.goto('/workspace/admin/tokens');
  const tokenName = `12345 热线 ${stamp}`;
  await admin.getByLabel('名称').fill(tokenName);
  await admin.getByRole('checkbox', { name: /letters\.reply/ }).check();
  await admin.getByLabel('代表账号').selectOption({ label: `${STAFF.handler.name}（办理人员，${STAFF.handler.department}）` });
  await admin.getByRole('button', { name: '创建令牌' }).click();
  const token = await admin.getByLabel('令牌', { exact: true }).inputValue();
  expect(token).toMatch(/^msk_/);
  const api = await playwright.request.newContext({ baseURL: base });
  const auth = { authorization: `Bearer ${token}` };
  const queue = await api.get('/api/v1/letters?scope=queue&status=closed', { headers: auth });
  expect(queue.status()).toBe(200);
  expect(((await queue.json()).items as Array<{ trackingNo: string }>).map((l) => l.trackingNo)).toContain(trackingNo);
  await admin.reload();
  await admin.getByRole('row', { name: new RegExp(tokenName) }).getByRole('button', { name: `撤销令牌 ${tokenName}` }).click();
  await expect(admin.getByRole('row', { name: new RegExp(tokenName) })).toContainText('已撤销');
  expect((await api.get('/api/v1/letters?scope=queue', { headers: auth })).status()).toBe(401);
  await Promise.all([api.dispose(), probe.dispose()]);
});
