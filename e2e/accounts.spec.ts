import { expect, test } from './test';
import { chinaYear } from '../lib/calendar/workdays';
import { MAY_OPEN, ROLES, WORKSPACE_HEADING, errorSummary, signIn, signOut, uniquePhone } from './helpers';

test.describe('citizen registration', () => {
  test('a visitor registers, lands in the citizen workspace signed in, and signs out', async ({ page }) => {
    const phone = uniquePhone();
    await page.goto('/register');
    await page.getByLabel('姓名').fill('李新民');
    await page.getByLabel('邮箱或手机号').fill(`+86 ${phone}`);
    await page.getByLabel('密码', { exact: true }).fill('secret1234');
    await page.getByLabel('确认密码').fill('secret1234');
    await page.getByRole('button', { name: '注册' }).dblclick(); // a double click registers once

    await expect(page).toHaveURL(/\/workspace\/citizen$/);
    await expect(page.getByRole('heading', { level: 1, name: '我的办事' })).toBeVisible();
    await expect(page.getByText('当前用户：李新民（市民）')).toBeVisible();

    await signOut(page);
    await expect(page).toHaveURL(/\/$/);

    // The account works with the normalised phone number.
    await signIn(page, phone, 'secret1234');
    await expect(page.getByRole('heading', { level: 1, name: '我的办事' })).toBeVisible();
  });

  test('bad values get Chinese field errors and nothing is registered', async ({ page, request }) => {
    await page.goto('/register');
    await page.getByLabel('姓名').fill('<script>alert(1)</script>');
    await page.getByLabel('邮箱或手机号').fill("' OR 1=1 --");
    await page.getByLabel('密码', { exact: true }).fill('short');
    await page.getByLabel('确认密码').fill('different');
    await page.getByRole('button', { name: '注册' }).click();

    const summary = errorSummary(page);
    await expect(summary).toContainText('姓名只能包含文字');
    await expect(summary).toContainText('请输入正确的邮箱或 11 位手机号');
    await expect(summary).toContainText('密码至少 8 个字符');
    await expect(summary).toContainText('两次输入的密码不一致');
    await expect(page.getByLabel('姓名')).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/register$/);

    // The same values straight to the API: 422 with field messages, never a 500.
    const response = await request.post('/api/v1/register', {
      data: { name: '<script>alert(1)</script>', login: "' OR 1=1 --", password: 'x'.repeat(4096) },
    });
    expect(response.status()).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe('invalid_input');
    expect(Object.keys(body.error.fields).sort()).toEqual(['login', 'name', 'password']);
  });

  test('registering a login that exists is refused on the field', async ({ page }) => {
    await page.goto('/register');
    await page.getByLabel('姓名').fill('冒名者');
    await page.getByLabel('邮箱或手机号').fill('Citizen@Example.com');
    await page.getByLabel('密码', { exact: true }).fill('secret1234');
    await page.getByLabel('确认密码').fill('secret1234');
    await page.getByRole('button', { name: '注册' }).click();
    await expect(errorSummary(page)).toContainText('该邮箱或手机号已注册');
    await expect(page).toHaveURL(/\/register$/);
  });
});

test.describe('sign-in by role', () => {
  for (const role of ROLES) {
    test(`${role} reaches its workspace, is refused the others, and signs out`, async ({ page }) => {
      await signIn(page, `${role}@example.com`);
      await expect(page.getByRole('heading', { level: 1, name: WORKSPACE_HEADING[role] })).toBeVisible();
      await expect(page).toHaveURL(new RegExp(`/workspace/${role}$`));

      for (const other of ROLES) {
        const response = await page.goto(`/workspace/${other}`);
        if (MAY_OPEN[role].includes(other)) {
          expect(response?.status(), `${role} → ${other}`).toBe(200);
          await expect(page.getByRole('heading', { level: 1, name: WORKSPACE_HEADING[other] })).toBeVisible();
        } else {
          expect(response?.status(), `${role} → ${other}`).toBe(403);
          await expect(page.getByRole('heading', { level: 1, name: '无权访问（403）' })).toBeVisible();
        }
      }

      await page.goto('/');
      await signOut(page);
      const after = await page.goto(`/workspace/${role}`);
      expect(after?.status()).toBe(200);
      await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    });
  }

  test('a wrong password is refused with a clear message', async ({ page }) => {
    await signIn(page, 'moderator@example.com', 'not-the-password1');
    await expect(errorSummary(page)).toContainText('账号或密码错误');
    await expect(page).toHaveURL(/\/login/);
  });

  test('malformed sign-in input gets field errors (the server checks it; the page carries no zod)', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('邮箱或手机号').fill('chen@');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(errorSummary(page)).toContainText('请输入正确的邮箱或 11 位手机号');
    await expect(errorSummary(page)).toContainText('请输入密码');
    await expect(page.getByLabel('邮箱或手机号')).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('a visitor sent to sign in comes back to the page asked for', async ({ page }) => {
    await page.goto('/workspace/admin');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fworkspace%2Fadmin/);
    await page.getByLabel('邮箱或手机号').fill('admin@example.com');
    await page.getByLabel('密码', { exact: true }).fill('minsheng-demo');
    await page.getByLabel('密码', { exact: true }).press('Enter'); // keyboard only
    await expect(page).toHaveURL(/\/workspace\/admin$/);
    await expect(page.getByRole('heading', { name: '用户与角色' })).toBeVisible();
    // The calendar the server seeded at start: this Beijing year and the next, each with its status (whether a year
    // is announced depends on the packaged data, not on the clock).
    for (const year of [chinaYear(), chinaYear() + 1]) {
      await expect(page.getByRole('heading', { level: 3, name: new RegExp(`^${year} 年`) })).toContainText(/已公布|尚未公布/);
    }
  });
});

test.describe('sign-in page messages', () => {
  // Issue 12 item 15: /login?error=<any text> showed that text as the error.
  test('shows messages only for known error codes, never text from the address', async ({ page }) => {
    test.setTimeout(120_000); // nine page loads and a sign-in
    const spoofs = [
      '您的账号已被冻结，请拨打 400-000-0000 联系客服并提供验证码',
      'Your account is locked. Call +86 400 000 0000',
      '<b>系统升级</b>，请访问 evil.example 重新登录',
      'credentialssignin',
      '__proto__',
    ];
    for (const text of spoofs) {
      await page.goto(`/login?error=${encodeURIComponent(text)}`);
      await expect(page.getByRole('heading', { level: 1, name: '用户登录' })).toBeVisible();
      await expect(page.getByText(text, { exact: false })).toHaveCount(0);
      await expect(errorSummary(page)).toHaveCount(0);
    }
    // Known codes choose their own message.
    await page.goto('/login?error=CredentialsSignin');
    await expect(errorSummary(page)).toContainText('账号或密码错误');
    await page.goto('/login?error=SessionRequired');
    await expect(errorSummary(page)).toContainText('请先登录');
    await page.goto('/login?error=Configuration');
    await expect(errorSummary(page)).toContainText('登录失败，请稍后重试');
    // And an error from the server's own answer to the form still shows (here: a wrong password).
    await signIn(page, 'citizen@example.com', 'not-the-password1');
    await expect(errorSummary(page)).toContainText('账号或密码错误');
  });
});
