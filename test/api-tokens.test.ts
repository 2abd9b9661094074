import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { users } from '@/lib/accounts/schema';
import { newPublicId } from '@/lib/accounts/users';
import { updateUser } from '@/lib/accounts/admin';
import { listDepartments } from '@/lib/accounts/departments';
import { auditLog } from '@/lib/audit/schema';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { apiTokens } from '@/lib/tokens/schema';
import { createToken, hashSecret, listTokens, revokeToken } from '@/lib/tokens';
import { createRateLimits, consume } from '@/lib/ratelimit';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { proxy } from '@/proxy';
import { appErrorOf } from './support/errors';
import { actorFor, uniqueEmail } from './support/users';
import * as tokensRoute from '@/app/api/v1/admin/tokens/route';
import * as tokenRoute from '@/app/api/v1/admin/tokens/[id]/route';
import * as lettersRoute from '@/app/api/v1/letters/route';
import * as letterRoute from '@/app/api/v1/letters/[trackingNo]/route';
import * as letterActionsRoute from '@/app/api/v1/letters/[trackingNo]/actions/route';
import * as usersRoute from '@/app/api/v1/admin/users/route';
import * as departmentsRoute from '@/app/api/v1/departments/route';
import * as outboxRoute from '@/app/api/v1/admin/outbox/route';
import * as accountRoute from '@/app/api/v1/account/route';
import * as passwordRoute from '@/app/api/v1/account/password/route';
import { useTestRequest } from './support/request';

// Route handlers read the session cookie through next/headers; a bearer request never gets that far.
const requestHeaders = useTestRequest('192.0.2.60');

const BASE = 'http://localhost:3000';
let admin: Actor & { user: ActorUser };
let moderator: Actor & { user: ActorUser };
let citizen: Actor & { user: ActorUser };
let handler: Actor & { user: ActorUser };
let marketDept: string;

async function signIn(email: string | null) {
  requestHeaders.cookie = email
    ? `next-auth.session-token=${await encode({ token: { sub: (await actorFor(email)).user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`
    : null;
}

function bearer(token: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return new Request(`${BASE}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      'x-minsheng-client-ip': '198.51.100.7',
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const none = params({});

/** Creates a token through the API as the signed-in admin. */
async function mint(body: Record<string, unknown>): Promise<{ id: string; token: string; actAs: string }> {
  await signIn('admin@example.com');
  const res = await tokensRoute.POST(new Request(`${BASE}/api/v1/admin/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), none);
  expect(res.status, await res.clone().text()).toBe(201);
  await signIn(null);
  return res.json();
}

async function acceptedLetter(): Promise<string> {
  const submitted = await submitLetter(citizen, { kind: 'inquiry', title: '演出许可办理时限咨询', body: '请问营业性演出许可证办理需要多少个工作日？', consentToPublish: false });
  await actOnLetter(moderator, submitted.trackingNo, { action: 'accept', departmentId: marketDept });
  return submitted.trackingNo;
}

async function newHandler(): Promise<string> {
  const [dept] = await db().select({ id: users.departmentId }).from(users).where(eq(users.id, handler.user.id));
  const publicId = newPublicId();
  await db().insert(users).values({ publicId, name: '接口对接员', email: uniqueEmail('svc'), passwordHash: 'not-a-hash', role: 'handler', departmentId: dept!.id });
  return publicId;
}

beforeAll(async () => {
  admin = await actorFor('admin@example.com', '192.0.2.61');
  moderator = await actorFor('moderator@example.com');
  citizen = await actorFor('citizen@example.com');
  handler = await actorFor('handler@example.com');
  marketDept = (await listDepartments(db())).find((d) => d.name === '文化市场管理处')!.id;
});

describe('creating tokens', () => {
  it('shows the secret once, stores only its sha256, and records an audit row', async () => {
    const created = await mint({ name: '12345 热线', scopes: ['letters.reply'], actAs: handler.user.publicId });
    expect(created.token).toMatch(/^msk_[A-Za-z0-9_-]{43}$/);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.publicId, created.id));
    expect(row!.tokenHash).toBe(hashSecret(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row!.prefix).toBe(created.token.slice(0, 10));

    const list = await listTokens(admin);
    const listed = list.items.find((t) => t.id === created.id)!;
    expect(listed).toMatchObject({ name: '12345 热线', scopes: ['letters.reply'], status: 'active', lastUsedAt: null, actAs: { id: handler.user.publicId, role: 'handler' } });
    expect(JSON.stringify(list)).not.toContain(created.token);

    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'api_token.create'), eq(auditLog.entityId, created.id)));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain(created.token);
  });

  it('refuses bad input with Chinese messages and creates nothing', async () => {
    const before = (await listTokens(admin)).total;
    const cases: Array<[unknown, string]> = [
      [{ name: '', scopes: ['letters.reply'] }, 'name'],
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: 'x', scopes: ['letters.fly'] }, 'scopes.0'],
      [{ name: 'x', scopes: ['admin.users'], expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
      [{ name: 'x', scopes: ['admin.users'], expiresAt: '2099-01-01T00:00:00Z' }, 'expiresAt'],
      // A handler's role does not hold admin.users.
      [{ name: 'x', scopes: ['admin.users'], actAs: handler.user.publicId }, 'scopes'],
      [{ name: 'x', scopes: ['letters.create'], actAs: citizen.user.publicId }, 'actAs'],
      [{ name: 'x', scopes: ['letters.reply'], actAs: newPublicId() }, 'actAs'],
      // Department work needs a chosen account: a service account is a moderator or an admin.
      [{ name: 'x', scopes: ['letters.reply'] }, 'actAs'],
    ];
    for (const [input, field] of cases) {
      const error = await appErrorOf(createToken(admin, input));
      expect(error, JSON.stringify(input)).toMatchObject({ status: 422 });
      expect(Object.keys(error!.fields ?? {}), JSON.stringify(input)).toContain(field);
    }
    expect((await listTokens(admin)).total).toBe(before);
  });

  it('only admins with a session manage tokens', async () => {
    for (const actor of [moderator, handler, citizen]) {
      expect(await appErrorOf(createToken(actor, { name: 'x', scopes: ['admin.users'] }))).toMatchObject({ status: 403 });
      expect(await appErrorOf(listTokens(actor))).toMatchObject({ status: 403 });
    }
    const created = await mint({ name: '令牌管理', scopes: ['admin.tokens', 'admin.users'] });
    const res = await tokensRoute.GET(bearer(created.token, '/api/v1/admin/tokens'), none);
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toContain('令牌');
  });

  it("the account's own credentials take a session only (bearer: false); reading the account takes a token", async () => {
    const { token } = await mint({ name: '账号自助', scopes: ['letters.reply'], actAs: handler.user.publicId });
    const change = await passwordRoute.POST(bearer(token, '/api/v1/account/password', { method: 'POST', body: { currentPassword: 'x', newPassword: 'Another-passphrase-26' } }), none);
    expect(change.status).toBe(403);
    expect((await change.json()).error.message).toContain('令牌');
    const login = await accountRoute.PATCH(bearer(token, '/api/v1/account', { method: 'PATCH', body: { currentPassword: 'x', email: uniqueEmail() } }), none);
    expect(login.status).toBe(403);
    const read = await accountRoute.GET(bearer(token, '/api/v1/account'), none);
    expect(read.status).toBe(200);
    expect((await read.json()).id).toBe(handler.user.publicId);
  });
});

describe('using a token', () => {
  it('reads the department queue, a letter and replies with Bearer, as its account', async () => {
    const trackingNo = await acceptedLetter();
    const { token, id } = await mint({ name: '部门对接', scopes: ['letters.reply'], actAs: handler.user.publicId });

    const queue = await lettersRoute.GET(bearer(token, '/api/v1/letters?scope=queue'), none);
    expect(queue.status).toBe(200);
    expect((await queue.json()).items.map((l: { trackingNo: string }) => l.trackingNo)).toContain(trackingNo);

    const read = await letterRoute.GET(bearer(token, `/api/v1/letters/${trackingNo}`), params({ trackingNo }));
    expect(read.status).toBe(200);

    // Public routes work with a token too.
    expect((await departmentsRoute.GET(bearer(token, '/api/v1/departments'), none)).status).toBe(200);

    const reply = await letterActionsRoute.POST(
      bearer(token, `/api/v1/letters/${trackingNo}/actions`, { method: 'POST', body: { action: 'reply', body: '营业性演出许可证自受理之日起二十个工作日内办结。' } }),
      params({ trackingNo }),
    );
    expect(reply.status, await reply.clone().text()).toBe(200);
    expect((await reply.json()).status).toBe('answered');

    // The change is the handler's, and the audit row names the token.
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.reply'), eq(auditLog.entityId, trackingNo)));
    expect(audit).toMatchObject({ actorId: handler.user.id, actorRole: 'handler', ip: '198.51.100.7' });
    expect(audit!.details).toMatchObject({ viaToken: id });

    // last used is visible in the list.
    const listed = (await listTokens(admin)).items.find((t) => t.id === id)!;
    expect(listed.lastUsedAt).toBeInstanceOf(Date);
  });

  it('refuses a permission outside the scopes with 403', async () => {
    const trackingNo = await acceptedLetter();
    // The handler's role may extend; this token may only reply.
    const { token } = await mint({ name: '只答复', scopes: ['letters.reply'], actAs: handler.user.publicId });
    const extend = await letterActionsRoute.POST(
      bearer(token, `/api/v1/letters/${trackingNo}/actions`, { method: 'POST', body: { action: 'extend', workingDays: 5, reason: '需要实地核查' } }),
      params({ trackingNo }),
    );
    expect(extend.status).toBe(403);
    expect((await extend.json()).error.message).toContain('letters.extend');

    // A service account (admin) with admin.calendar only: the users list needs admin.users.
    const calendarOnly = await mint({ name: '日历同步', scopes: ['admin.calendar'] });
    const [account] = await db().select({ role: users.role, phone: users.phone, email: users.email }).from(users).where(eq(users.publicId, calendarOnly.actAs));
    expect(account).toMatchObject({ role: 'admin', email: null });
    const list = await usersRoute.GET(bearer(calendarOnly.token, '/api/v1/admin/users'), none);
    expect(list.status).toBe(403);
    expect((await outboxRoute.GET(bearer(calendarOnly.token, '/api/v1/admin/outbox'), none)).status).toBe(403);

    const withUsers = await mint({ name: '账号同步', scopes: ['admin.users'] });
    expect((await usersRoute.GET(bearer(withUsers.token, '/api/v1/admin/users'), none)).status).toBe(200);
    expect((await outboxRoute.GET(bearer(withUsers.token, '/api/v1/admin/outbox'), none)).status).toBe(200);
  });

  it('stops working at once when revoked (401), and a second revoke is a 409', async () => {
    const { token, id, actAs } = await mint({ name: '将撤销', scopes: ['admin.users'] });
    expect((await usersRoute.GET(bearer(token, '/api/v1/admin/users'), none)).status).toBe(200);

    await signIn('admin@example.com');
    const revoked = await tokenRoute.DELETE(new Request(`${BASE}/api/v1/admin/tokens/${id}`, { method: 'DELETE' }), params({ id }));
    expect(revoked.status).toBe(200);
    const again = await tokenRoute.DELETE(new Request(`${BASE}/api/v1/admin/tokens/${id}`, { method: 'DELETE' }), params({ id }));
    expect(again.status).toBe(409);
    await signIn(null);

    const after = await usersRoute.GET(bearer(token, '/api/v1/admin/users'), none);
    expect(after.status).toBe(401);
    expect((await after.json()).error.message).toBe('API 令牌无效、已过期或已撤销');
    // Even on a public route: a dead token is never silently a visitor.
    expect((await departmentsRoute.GET(bearer(token, '/api/v1/departments'), none)).status).toBe(401);
    // Its service account is disabled with it.
    const [account] = await db().select({ status: users.status }).from(users).where(eq(users.publicId, actAs));
    expect(account!.status).toBe('disabled');
    expect((await listTokens(admin)).items.find((t) => t.id === id)).toMatchObject({ status: 'revoked' });
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'api_token.revoke'), eq(auditLog.entityId, id)));
    expect(audit).toHaveLength(1);
    expect(await appErrorOf(revokeToken(admin, newPublicId()))).toMatchObject({ status: 404 });
  });

  it('an expired token is a 401', async () => {
    const { token, id } = await mint({ name: '将过期', scopes: ['admin.users'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await usersRoute.GET(bearer(token, '/api/v1/admin/users'), none)).status).toBe(200);
    await db().update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.publicId, id));
    expect((await usersRoute.GET(bearer(token, '/api/v1/admin/users'), none)).status).toBe(401);
    expect((await listTokens(admin)).items.find((t) => t.id === id)).toMatchObject({ status: 'expired' });
  });

  it('a token of a disabled account is a 401', async () => {
    const account = await newHandler();
    const { token } = await mint({ name: '停用账号', scopes: ['letters.reply'], actAs: account });
    expect((await lettersRoute.GET(bearer(token, '/api/v1/letters?scope=queue'), none)).status).toBe(200);
    await updateUser(admin, account, { status: 'disabled' });
    expect((await lettersRoute.GET(bearer(token, '/api/v1/letters?scope=queue'), none)).status).toBe(401);
  });

  it('an unknown or malformed token is a 401 and never falls back to the cookie', async () => {
    await signIn('admin@example.com');
    for (const value of ['msk_nope', 'not-a-token', '', 'msk_a b']) {
      const res = await usersRoute.GET(bearer(value, '/api/v1/admin/users'), none);
      expect(res.status, value).toBe(401);
    }
    await signIn(null);
  });

  it('counts limits per token', async () => {
    const limits = createRateLimits({ prefix: `test:${newPublicId()}` });
    const a = { user: handler.user, ip: '198.51.100.7', token: { id: 'token-a', scopes: [] } } satisfies Actor;
    const b = { ...a, token: { id: 'token-b', scopes: [] } };
    for (let i = 0; i < 600; i++) await consume('api.token', a, limits);
    expect(await appErrorOf(consume('api.token', a, limits))).toMatchObject({ status: 429 });
    // Another token of the same account, from the same address, still has its own allowance.
    await consume('api.token', b, limits);
    await limits.close();
  });
});

describe('cross-site check', () => {
  const foreign = { origin: 'https://evil.example', host: 'localhost:3000' };

  it('does not apply to bearer /api/v1 requests, and still applies to cookie requests', async () => {
    const withBearer = proxy(new NextRequest(`${BASE}/api/v1/letters/X/actions`, { method: 'POST', headers: { ...foreign, authorization: 'Bearer msk_x' } }));
    expect(withBearer.status).not.toBe(403);
    const withCookie = proxy(new NextRequest(`${BASE}/api/v1/letters/X/actions`, { method: 'POST', headers: { ...foreign, cookie: 'next-auth.session-token=x' } }));
    expect(withCookie.status).toBe(403);
    // Bearer exempts only the API: a page's server action is still checked.
    const page = proxy(new NextRequest(`${BASE}/letters/new`, { method: 'POST', headers: { ...foreign, authorization: 'Bearer msk_x' } }));
    expect(page.status).toBe(403);
  });

  it('a cross-site bearer request is served as the token', async () => {
    const { token } = await mint({ name: '跨站调用', scopes: ['admin.users'] });
    const res = await usersRoute.GET(bearer(token, '/api/v1/admin/users', { headers: { origin: 'https://integrator.example', 'sec-fetch-site': 'cross-site' } }), none);
    expect(res.status).toBe(200);
  });
});
