import { type Browser, type Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn } from './helpers';

/** A signed-in page in a context of its own (its own cookies). */
async function pageAs(browser: Browser, login: string, returnTo: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, login, undefined, returnTo);
  await expect(page).toHaveURL(new RegExp(returnTo.replace(/[/?]/g, '\\$&')));
  return page;
}

test.describe('API tokens (admin page) and mended letter pages', () => {
  test('an admin creates a token that is shown once, an integrator uses it with Bearer, revoking stops it at once', async ({ browser, playwright, baseURL }) => {
    const admin = await pageAs(browser, 'admin@example.com', '/workspace/admin/tokens');
    await expect(admin.getByRole('heading', { level: 1, name: 'API 令牌' })).toBeVisible();

    const name = `12345 热线 ${Date.now()}`;
    await admin.getByLabel('名称').fill(name);
    await admin.getByRole('checkbox', { name: /letters\.reply/ }).check();
    await admin.getByLabel('代表账号').selectOption({ label: '林办事（办理人员，文化市场管理处）' });
    await admin.getByRole('button', { name: '创建令牌' }).click();
    const secretField = admin.getByLabel('令牌', { exact: true });
    await expect(secretField).toHaveValue(/^msk_[A-Za-z0-9_-]{43}$/);
    const token = await secretField.inputValue();

    // An integrator: no cookies, a foreign Origin on a state-changing call — the token is all that counts.
    const api = await playwright.request.newContext({ baseURL });
    const auth = { authorization: `Bearer ${token}` };
    const queue = await api.get('/api/v1/letters?scope=queue', { headers: auth });
    expect(queue.status()).toBe(200);
    expect(await queue.json()).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
    const crossSite = await api.post('/api/v1/letters/202001010001/actions', { headers: { ...auth, origin: 'https://integrator.example' }, data: { action: 'reply', body: '答复内容已经核实无误。' } });
    expect(crossSite.status()).toBe(404); // judged by the token (no such letter for it), not refused as cross-site
    // Outside its scopes: the users list is a 403.
    expect((await api.get('/api/v1/admin/users', { headers: auth })).status()).toBe(403);

    // The secret is not shown again; the list shows its last use.
    await admin.reload();
    await expect(admin.getByLabel('令牌', { exact: true })).toHaveCount(0);
    const row = admin.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText(token.slice(0, 10));
    await expect(row).not.toContainText('从未使用');
    await expect(row).toContainText('有效');

    await row.getByRole('button', { name: `撤销令牌 ${name}` }).click();
    await expect(admin.getByRole('row', { name: new RegExp(name) })).toContainText('已撤销');
    const after = await api.get('/api/v1/letters?scope=queue', { headers: auth });
    expect(after.status()).toBe(401);
    expect((await after.json()).error.message).toBe('API 令牌无效、已过期或已撤销');

    // The outbox is readable through the API with the admin's session.
    const outbox = await admin.request.get('/api/v1/admin/outbox');
    expect(outbox.status()).toBe(200);
    expect(await outbox.json()).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
    await api.dispose();
  });

  test('a new letter shows its 分办 and 答复 deadlines apart; 受理并分办 preselects the department the writer chose', async ({ browser }) => {
    const citizen = await pageAs(browser, 'citizen@example.com', '/workspace/citizen');
    const departments = (await (await citizen.request.get('/api/v1/departments')).json()).items as Array<{ id: string; name: string }>;
    const arts = departments.find((d) => d.name === '艺术处')!;
    const created = await citizen.request.post('/api/v1/letters', {
      data: { kind: 'suggestion', departmentId: arts.id, title: '建议增加周末公益演出场次', body: '建议在市民广场增加周末公益演出，丰富市民文化生活。', consentToPublish: false },
    });
    expect(created.status()).toBe(201);
    const { trackingNo } = await created.json();

    await citizen.goto(`/letters/${trackingNo}`);
    await expect(citizen.getByTestId('routing-deadline')).toContainText('受理并分办至承办部门');
    await expect(citizen.getByTestId('answer-deadline')).toContainText('受理之日起 10 个工作日内答复');

    const moderator = await pageAs(browser, 'moderator@example.com', `/letters/${trackingNo}`);
    const accept = moderator.getByRole('form', { name: '受理并分办' });
    await expect(accept.getByLabel('承办部门')).toHaveValue(arts.id);
  });
});
