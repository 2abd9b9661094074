import { expect, type Browser, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'minsheng-demo';
export const ROLES = ['citizen', 'handler', 'leader', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const WORKSPACE_HEADING: Record<Role, string> = {
  citizen: '我的办事',
  handler: '部门办件',
  leader: '访谈答复',
  moderator: '管理控制台',
  admin: '系统管理',
};

/** Which workspaces each role may open (DESIGN.md §1: a leader may also work as a handler of their department). */
export const MAY_OPEN: Record<Role, Role[]> = {
  citizen: ['citizen'],
  handler: ['handler'],
  leader: ['leader', 'handler'],
  moderator: ['moderator'],
  admin: ['admin', 'moderator'], // one role hierarchy (issue 13): an admin holds every moderator permission
};

/** A fresh browser context signed in as `login`, on its workspace. Sign-in hashes with argon2: a busy machine gets 30 s. */
export async function signedInPage(browser: Browser, login: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, login);
  await expect(page).toHaveURL(/\/workspace\//, { timeout: 30_000 });
  return page;
}

export async function signIn(page: Page, login: string, password = DEMO_PASSWORD, returnTo?: string) {
  await page.goto(returnTo ? `/login?callbackUrl=${encodeURIComponent(returnTo)}` : '/login');
  await page.getByLabel('邮箱或手机号').fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * Signs out through the header button and waits for what signing out does: next-auth's sign-out request answered
 * 200, then the home page loaded without a session. A refused sign-out request fails here with its status, rather
 * than as a missing link after the redirect.
 */
export async function signOut(page: Page) {
  const signedOut = page.waitForResponse((r) => r.url().endsWith('/api/auth/signout') && r.request().method() === 'POST');
  await page.getByRole('button', { name: '退出登录' }).click();
  const response = await signedOut;
  expect(response.status(), `sign-out answered ${response.status()}: ${await response.text().catch(() => '')}`).toBe(200);
  await page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' });
  await expect(page.getByRole('navigation', { name: '用户菜单' }).getByRole('link', { name: '登录' })).toBeVisible({ timeout: 20_000 });
}

/** A unique mainland mobile number per call, so repeated runs never collide. */
let counter = 0;
export function uniquePhone(): string {
  counter += 1;
  const n = ((Date.now() * 10 + counter) % 1_000_000_000).toString().padStart(9, '0');
  return `13${n}`;
}

/** The form's error summary (Next.js keeps another, empty role=alert element for route announcements). */
export const errorSummary = (page: Page) => page.getByRole('alert', { name: '请修正以下问题：' });
