import { type Browser } from '@playwright/test';
import { expect, test } from './test';
import { signIn } from './helpers';

/**
 * Issue 13 items 4 and 5 in the browser: an admin invites a handler and the link from the outbox makes the account;
 * a citizen's password change ends the other copy of the session while the changing one continues; a password reset
 * through the link from the outbox.
 */

const unique = (label: string) => `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;

/** The newest link to `path` in the outbox e-mail to `to`, as the admin reads it. */
async function linkFromOutbox(browser: Browser, to: string, path: 'invitations' | 'password-reset'): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, 'admin@example.com');
    await expect(page.getByRole('heading', { level: 1, name: '系统管理' })).toBeVisible();
    await page.goto('/workspace/admin/outbox');
    const row = page.getByRole('row').filter({ hasText: to }).first();
    await expect(row).toBeVisible();
    const body = (await row.locator('.prewrap').textContent()) ?? '';
    const link = body.match(/https?:\/\/\S+/)?.[0];
    expect(link, body).toBeTruthy();
    const url = new URL(link!);
    expect(url.pathname.split('/')[1]).toBe(path);
    // Absolute, from NEXTAUTH_URL (the server this suite started).
    expect(url.origin).toBe(new URL(page.url()).origin);
    return link!;
  } finally {
    await context.close();
  }
}

test('an admin invites a handler; the link from the outbox sets the password; the handler signs in', async ({ page, browser }) => {
  const email = unique('invited-handler');
  await signIn(page, 'admin@example.com');
  await expect(page.getByRole('heading', { level: 1, name: '系统管理' })).toBeVisible();
  await page.goto('/workspace/admin/staff');
  await expect(page.getByRole('heading', { level: 1, name: '工作人员与账号' })).toBeVisible();
  await page.locator('#invite-email').fill(email);
  await page.locator('#invite-name').fill('邀请测试');
  await page.locator('#invite-role').selectOption('handler');
  await page.locator('#invite-departmentId').selectOption({ index: 1 });
  await page.getByRole('button', { name: '发送邀请' }).click();
  await expect(page.getByRole('status').filter({ hasText: '邀请已发送' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText('待接受');

  const link = await linkFromOutbox(browser, email, 'invitations');
  const invited = await browser.newContext();
  const newcomer = await invited.newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByRole('heading', { level: 1, name: '接受邀请' })).toBeVisible();
  await expect(newcomer.getByText(email).first()).toBeVisible();
  // A common password is refused; the link still works.
  await newcomer.locator('#invite-password').fill('password123');
  await newcomer.locator('#invite-confirmPassword').fill('password123');
  await newcomer.getByRole('button', { name: '设置密码并创建账号' }).click();
  await expect(newcomer.getByRole('alert').filter({ hasText: '常见' })).toBeVisible();
  await newcomer.locator('#invite-password').fill('Handler-Invited-2026');
  await newcomer.locator('#invite-confirmPassword').fill('Handler-Invited-2026');
  await newcomer.getByRole('button', { name: '设置密码并创建账号' }).click();
  await expect(newcomer).toHaveURL(/\/login/);
  await signIn(newcomer, email, 'Handler-Invited-2026');
  await expect(newcomer.getByRole('heading', { level: 1, name: '部门办件' })).toBeVisible();

  // Single use: the same link now says so.
  await newcomer.goto(link);
  await expect(newcomer.getByRole('heading', { level: 1, name: '邀请链接不可用' })).toBeVisible();
  await expect(newcomer.getByText('已使用')).toBeVisible();
  await invited.close();
});

test('a citizen changes the password: the other copy of the session stops working, this one continues', async ({ page, browser }) => {
  const email = unique('changer');
  expect((await page.request.post('/api/v1/register', { data: { name: '改密码', login: email, password: 'secret1234' } })).status()).toBe(201);
  await signIn(page, email, 'secret1234');
  await expect(page.getByRole('heading', { level: 1, name: '我的办事' })).toBeVisible();

  // The same cookie in another browser.
  const copy = await browser.newContext();
  await copy.addCookies(await page.context().cookies());
  const other = await copy.newPage();
  expect((await other.request.get('/api/v1/account')).status()).toBe(200);

  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1, name: '账号设置' })).toBeVisible();
  await page.locator('#pw-currentPassword').fill('wrong-password');
  await page.locator('#pw-newPassword').fill('Changed-Secret-2026');
  await page.locator('#pw-confirmNewPassword').fill('Changed-Secret-2026');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '当前密码不正确' })).toBeVisible();
  await page.locator('#pw-currentPassword').fill('secret1234');
  await page.locator('#pw-newPassword').fill('Changed-Secret-2026');
  await page.locator('#pw-confirmNewPassword').fill('Changed-Secret-2026');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByRole('status').filter({ hasText: '密码已修改' })).toBeVisible();

  // This browser continues (a fresh cookie came with the answer); the copy is a visitor now.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '账号设置' })).toBeVisible();
  expect((await page.request.get('/api/v1/account')).status()).toBe(200);
  expect((await other.request.get('/api/v1/account')).status()).toBe(401);
  await other.goto('/account');
  await expect(other).toHaveURL(/\/login\?callbackUrl=/);
  await copy.close();

  // 退出所有设备 ends this one too.
  await page.getByRole('button', { name: '退出所有设备' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get('/api/v1/account')).status()).toBe(401);
  await signIn(page, email, 'Changed-Secret-2026');
  await expect(page.getByRole('heading', { level: 1, name: '我的办事' })).toBeVisible();
});

test('password reset through the link from the outbox', async ({ page, browser }) => {
  const email = unique('forgetful');
  expect((await page.request.post('/api/v1/register', { data: { name: '忘密码', login: email, password: 'secret1234' } })).status()).toBe(201);
  await page.goto('/login');
  await page.getByRole('link', { name: '忘记密码？' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '找回密码' })).toBeVisible();
  await page.locator('#reset-login').fill(email);
  await page.getByRole('button', { name: '发送重置邮件' }).click();
  await expect(page.getByRole('status').filter({ hasText: '重置' })).toBeVisible();
  // The same answer for an address with no account.
  expect((await page.request.post('/api/v1/password-reset', { data: { login: unique('nobody') } })).status()).toBe(202);

  const link = await linkFromOutbox(browser, email, 'password-reset');
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: '设置新密码' })).toBeVisible();
  await page.locator('#newpw-password').fill('Reset-Secret-2026');
  await page.locator('#newpw-confirmPassword').fill('Reset-Secret-2026');
  await page.getByRole('button', { name: '设置新密码' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, email, 'Reset-Secret-2026');
  await expect(page.getByRole('heading', { level: 1, name: '我的办事' })).toBeVisible();

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: '链接不可用' })).toBeVisible();
  await expect(page.getByText('已使用')).toBeVisible();
});
