import { expect, test } from './test';
import { io } from 'socket.io-client';
import { signIn } from './helpers';

test.describe('API contract', () => {
  test('health reports the database in use', async ({ request }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ status: 'ok', database: process.env.E2E_DATABASE_URL ? 'postgres' : 'pglite' });
  });

  test('departments are listed for letter writers', async ({ request }) => {
    const body = await (await request.get('/api/v1/departments')).json();
    expect(body.items.length).toBeGreaterThanOrEqual(5);
    expect(body.items[0]).toEqual(expect.objectContaining({ id: expect.any(String), name: expect.any(String) }));
  });

  test('registration: 201, then 422 for a taken login, 413 for a huge body, 400 for broken JSON', async ({ request }) => {
    const login = `api-${Date.now()}@example.org`;
    const created = await request.post('/api/v1/register', { data: { name: 'API 市民', login, password: 'secret1234' } });
    expect(created.status()).toBe(201);
    expect(await created.json()).toEqual({ id: expect.any(String), name: 'API 市民', role: 'citizen' });

    const again = await request.post('/api/v1/register', { data: { name: 'API 市民', login: login.toUpperCase(), password: 'secret1234' } });
    expect(again.status()).toBe(422);
    expect((await again.json()).error.fields.login).toContain('已注册');

    const huge = await request.post('/api/v1/register', { data: { name: 'x'.repeat(100_000), login, password: 'a' } });
    expect(huge.status()).toBe(413);

    const broken = await request.post('/api/v1/register', { headers: { 'content-type': 'application/json' }, data: Buffer.from('{"name":') });
    expect(broken.status()).toBe(400);
    expect((await broken.json()).error.message).toContain('JSON');

    const emoji = await request.post('/api/v1/register', { data: { name: '😀😀', login: `e${login}`, password: 'secret1234' } });
    expect(emoji.status()).toBe(422);
    expect((await emoji.json()).error.fields.name).toBeTruthy();
  });

  test('staff APIs: 401 for a visitor, 403 for a citizen, 200 for an admin', async ({ page, request }) => {
    expect((await request.get('/api/v1/admin/users')).status()).toBe(401);

    await signIn(page, 'citizen@example.com');
    await expect(page).toHaveURL(/\/workspace\/citizen$/);
    const asCitizen = await page.request.get('/api/v1/admin/users');
    expect(asCitizen.status()).toBe(403);
    expect((await asCitizen.json()).error.message).toBe('您没有权限进行此操作');
    await page.context().clearCookies();

    await signIn(page, 'admin@example.com');
    await expect(page).toHaveURL(/\/workspace\/admin$/);
    const asAdmin = await page.request.get('/api/v1/admin/users?role=leader');
    expect(asAdmin.status()).toBe(200);
    const body = await asAdmin.json();
    expect(body.items.map((u: { email: string }) => u.email)).toEqual(['leader@example.com']);
    const badPage = await page.request.get('/api/v1/admin/users?page=abc');
    expect(badPage.status()).toBe(422);
  });

  test('the session carries id, role and departmentId', async ({ page }) => {
    await signIn(page, 'handler@example.com');
    await expect(page).toHaveURL(/\/workspace\/handler$/);
    const session = await (await page.request.get('/api/auth/session')).json();
    expect(session.user).toEqual({ id: expect.any(String), name: '林办事', role: 'handler', departmentId: expect.any(String) });
  });

  test('sign-in API: malformed input is 422 with fields, never a 500', async ({ request }) => {
    const { csrfToken } = await (await request.get('/api/auth/csrf')).json();
    for (const login of ['', '<img src=x onerror=alert(1)>', "admin@example.com' --", 'x'.repeat(4096)]) {
      const response = await request.post('/api/auth/callback/credentials', {
        form: { csrfToken, login, password: 'whatever1', json: 'true' },
      });
      expect(response.status(), login.slice(0, 20)).toBe(422);
      expect((await response.json()).error.fields.login).toBeTruthy();
    }
  });
});

test.describe('Socket.IO handshake', () => {
  async function whoami(baseURL: string, cookie?: string) {
    const socket = io(baseURL, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, forceNew: true });
    try {
      return await socket.timeout(10_000).emitWithAck('session:whoami', {});
    } finally {
      socket.disconnect();
    }
  }

  test('knows the signed-in user from the session cookie, and a visitor as anonymous', async ({ page, baseURL }) => {
    expect(await whoami(baseURL!)).toEqual({ ok: true, user: null });

    await signIn(page, 'moderator@example.com');
    await expect(page).toHaveURL(/\/workspace\/moderator$/);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    expect(await whoami(baseURL!, cookie)).toEqual({ ok: true, user: { id: expect.any(String), name: '黄主持', role: 'moderator' } });

    expect(await whoami(baseURL!, 'next-auth.session-token=forged')).toEqual({ ok: true, user: null });
  });
});
