import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn } from './helpers';

/**
 * Issue 13 items 2 and 3 in the browser: the admin edits the organisation profile and every page's footer shows
 * it; an unchanged save says 无变更; the admin creates a department, which citizens can then choose, and deactivates
 * it. The profile is put back afterwards (other specs read the demo bureau's footer).
 */

const stamp = Date.now().toString().slice(-6);

async function saveOrganisation(page: Page, values: Record<string, string>) {
  await page.goto('/workspace/admin/organisation');
  await expect(page.getByRole('heading', { level: 1, name: '机构信息' })).toBeVisible();
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: '保存机构信息' }).click();
}

test('admin edits the organisation profile and the footer shows it', async ({ page }) => {
  await signIn(page, 'admin@example.com');
  await expect(page.getByRole('heading', { level: 1, name: '系统管理' })).toBeVisible();
  await page.getByRole('link', { name: '编辑机构信息' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '机构信息' })).toBeVisible();
  const original = {
    地址: await page.getByLabel('地址', { exact: true }).inputValue(),
    电话: await page.getByLabel('电话', { exact: true }).inputValue(),
    办公时间: await page.getByLabel('办公时间', { exact: true }).inputValue(),
  };
  try {
    const address = `示范市湖里区测试路 ${stamp} 号`;
    await saveOrganisation(page, { 地址: address, 电话: `0592-7${stamp}`, 办公时间: '工作日 9:00–17:00' });
    await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();

    // An unchanged save records nothing and says so.
    await page.getByRole('button', { name: '保存机构信息' }).click();
    await expect(page.getByRole('status').filter({ hasText: '无变更' })).toBeVisible();

    // Bad input: a field error, nothing saved.
    await page.getByLabel('电子邮箱', { exact: true }).fill('not-an-address');
    await page.getByRole('button', { name: '保存机构信息' }).click();
    await expect(page.getByText('电子邮箱格式不正确')).toBeVisible();

    await page.goto('/');
    const footer = page.getByRole('contentinfo');
    await expect(footer).toContainText(address);
    await expect(footer).toContainText(`0592-7${stamp}`);
    await expect(footer).toContainText('工作日 9:00–17:00');
    await expect(footer).not.toContainText('not-an-address');
  } finally {
    await saveOrganisation(page, original);
    await expect(page.getByRole('status').filter({ hasText: /已保存|无变更/ })).toBeVisible();
  }
});

test('admin creates a department, citizens can choose it, and the admin deactivates it', async ({ page, request }) => {
  const name = `测试服务处${stamp}`;
  await signIn(page, 'admin@example.com');
  await expect(page.getByRole('heading', { level: 1, name: '系统管理' })).toBeVisible();
  await page.goto('/workspace/admin/departments');
  const create = page.getByRole('region', { name: '新建部门' }).or(page.locator('section[aria-labelledby="dept-new"]'));
  await create.getByLabel('部门名称').fill(name);
  await create.getByLabel('职责说明').fill('测试用部门，负责端到端测试。');
  await create.getByLabel('联系电话').fill('0592-5370999');
  await create.getByRole('button', { name: '新建部门' }).click();
  await expect(create.getByRole('status')).toHaveText('已新建');

  // A duplicate name is refused with a message.
  await create.getByLabel('部门名称').fill(name);
  await create.getByRole('button', { name: '新建部门' }).click();
  await expect(create.getByText('部门名称重复')).toBeVisible();

  const listed = async () => ((await (await request.get('/api/v1/departments')).json()) as { items: Array<{ name: string }> }).items.map((d) => d.name);
  expect(await listed()).toContain(name);

  await page.reload();
  const card = page.getByRole('article', { name: new RegExp(name) });
  await expect(card).toContainText('在用');
  await card.getByRole('button', { name: `停用 ${name}` }).click();
  // The page re-renders with the department inactive (its form becomes 重新启用).
  await expect(page.getByRole('button', { name: `重新启用 ${name}` })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('article', { name: new RegExp(name) })).toContainText('已停用');
  expect(await listed()).not.toContain(name);
});

// ───────────── First run: an empty database without demo data, then `npm run setup` (issue 13 item 1) ─────────────

// Beside the suite's server (E2E_PORT) and the rate-limit spec's (E2E_PORT + 1): two suites may run side by side.
const FIRST_RUN_PORT = Number(process.env.E2E_FIRST_RUN_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 2);

function startServer(dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: process.cwd(),
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'SEED_DEMO'].includes(k))),
      NODE_ENV: 'production', PORT: String(FIRST_RUN_PORT), DATA_DIR: dataDir, SEED_DEMO: '0',
      NEXTAUTH_URL: `http://localhost:${FIRST_RUN_PORT}`, NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitForHealth(server: ChildProcess): Promise<void> {
  await expect.poll(async () => {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    return (await fetch(`http://localhost:${FIRST_RUN_PORT}/api/health`).catch(() => null))?.status;
  }, { timeout: 120_000, intervals: [250] }).toBe(200);
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

test('an empty database without demo data shows the first-run page until npm run setup has run', async ({ page }) => {
  test.setTimeout(300_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-first-run-'));
  let server = startServer(dataDir);
  try {
    await waitForHealth(server);
    await page.goto(`http://localhost:${FIRST_RUN_PORT}/`);
    await expect(page.getByRole('heading', { level: 1, name: '民声平台尚未初始化' })).toBeVisible();
    await expect(page.getByText('npm run setup', { exact: true }).first()).toBeVisible();
    await page.goto(`http://localhost:${FIRST_RUN_PORT}/login`);
    await expect(page.getByRole('heading', { level: 1, name: '民声平台尚未初始化' })).toBeVisible();
    await stopServer(server); // PGlite: one process per data folder

    const password = 'Gulangyu-Harbour-2026';
    const setup = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/setup.ts', '--org-name', '厦门市测试局', '--org-code', 'XM-CS',
      '--admin-email', 'first-admin@example.gov.cn', '--admin-password', password], {
      cwd: process.cwd(), env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL')), DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv, encoding: 'utf8',
    });
    expect(setup.stderr).toBe('');
    expect(setup.status).toBe(0);

    server = startServer(dataDir);
    await waitForHealth(server);
    await page.goto(`http://localhost:${FIRST_RUN_PORT}/`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('厦门市测试局');
    await page.goto(`http://localhost:${FIRST_RUN_PORT}/login`);
    await page.getByLabel('邮箱或手机号').fill('first-admin@example.gov.cn');
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '系统管理' })).toBeVisible();
  } finally {
    await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
