import { randomBytes } from 'node:crypto';
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, count, desc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '../db';
import { AppError, forbidden, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { departments, users, type Role } from '../accounts/schema';
import { newPublicId } from '../accounts/users';
import { PERMISSIONS, PERMISSION_NAMES, assertCan, type Actor, type ActorUser, type Permission } from '../auth/permissions';
import { hashSecret, newSecret, TOKEN_PREFIX } from './bearer';
import { apiTokens } from './schema';

export { actorFromBearer, bearerOf, hashSecret, INVALID_TOKEN_MESSAGE, TOKEN_PREFIX } from './bearer';

export const TOKEN_PAGE_SIZE = 20;
const DAY_MS = 86_400_000;
/** Without expiresAt a token lives this long; no token lives longer than MAX_DAYS. */
export const DEFAULT_TOKEN_DAYS = 365;
export const MAX_TOKEN_DAYS = 3 * 365;

/** Roles a service account made for a token may have, narrowest first (handlers and leaders belong to a department: choose an account). */
const SERVICE_ROLES: readonly Role[] = ['moderator', 'admin'];

export const tokenCreateInput = z
  .object({
    name: z.string({ error: '请填写令牌名称' }).trim().min(1, { error: '请填写令牌名称' }).max(60, { error: '名称最多 60 个字符' }),
    scopes: z
      .array(z.enum(PERMISSION_NAMES, { error: '未知的权限' }), { error: '请选择权限范围' })
      .min(1, { error: '请至少选择一项权限' })
      .max(PERMISSION_NAMES.length),
    expiresAt: z.coerce.date({ error: '有效期须是日期时间（ISO 8601）' }).optional(),
    actAs: z.string().trim().max(64).optional().transform((v) => v || undefined),
  })
  .strict();

export const tokenListQuery = z.object({
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(10_000).default(1),
});

export type TokenStatus = 'active' | 'expired' | 'revoked';

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  actAs: { id: string; name: string; role: Role; status: 'active' | 'disabled' };
  serviceAccount: boolean;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: TokenStatus;
}

/** Token management needs an admin's session: a token cannot mint or revoke tokens. */
function assertManager(actor: Actor): asserts actor is Actor & { user: ActorUser } {
  assertCan(actor, 'admin.tokens');
  if (actor.token) throw forbidden('API 令牌不能用于管理令牌，请登录后操作');
}

const rolesOf = (p: Permission) => PERMISSIONS[p] as readonly Role[];

/**
 * Creates a token: 201 {id, token}; the secret is returned here only. With `actAs` the token acts as that staff
 * account (every scope must be one its role holds); without it a service account is created for the token with the
 * narrowest role holding every scope (moderator or admin). Audited; the audit row never holds the secret.
 */
export async function createToken(actor: Actor, input: unknown, now = new Date()): Promise<{ id: string; token: string; expiresAt: Date; actAs: string }> {
  assertManager(actor);
  const data = parseInput(tokenCreateInput, input);
  const scopes = [...new Set(data.scopes)];
  const expiresAt = data.expiresAt ?? new Date(now.getTime() + DEFAULT_TOKEN_DAYS * DAY_MS);
  if (expiresAt.getTime() <= now.getTime()) throw new AppError('invalid_input', '有效期须晚于现在', { expiresAt: '有效期须晚于现在' });
  if (expiresAt.getTime() > now.getTime() + MAX_TOKEN_DAYS * DAY_MS) {
    throw new AppError('invalid_input', `有效期最长 ${MAX_TOKEN_DAYS} 天`, { expiresAt: `有效期最长 ${MAX_TOKEN_DAYS} 天` });
  }
  const secret = newSecret();
  const publicId = newPublicId();
  const result = await db().transaction(async (tx) => {
    const account = data.actAs ? await chosenAccount(tx, data.actAs, scopes) : await serviceAccount(tx, data.name, scopes);
    await tx.insert(apiTokens).values({
      publicId,
      name: data.name,
      tokenHash: hashSecret(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      scopes,
      userId: account.id,
      serviceAccount: !data.actAs,
      createdBy: actor.user.id,
      createdAt: now,
      expiresAt,
    });
    await recordAudit(tx, actor, {
      action: 'api_token.create',
      entityType: 'api_token',
      entityId: publicId,
      details: { name: data.name, scopes, expiresAt: expiresAt.toISOString(), actAs: account.publicId, serviceAccount: !data.actAs },
    });
    return { actAs: account.publicId };
  });
  return { id: publicId, token: secret, expiresAt, actAs: result.actAs };
}

async function chosenAccount(tx: Tx, publicId: string, scopes: Permission[]) {
  const [account] = await tx
    .select({ id: users.id, publicId: users.publicId, role: users.role, status: users.status })
    .from(users)
    .where(eq(users.publicId, publicId));
  const invalid = (message: string) => new AppError('invalid_input', message, { actAs: message });
  if (!account) throw invalid('没有这个账号');
  if (account.role === 'citizen') throw invalid('令牌只能代表工作人员账号或服务账号，不能代表市民');
  if (account.status !== 'active') throw invalid('该账号已停用');
  const beyond = scopes.filter((s) => !rolesOf(s).includes(account.role));
  if (beyond.length) {
    const message = `该账号的角色不具备这些权限：${beyond.join('、')}`;
    throw new AppError('invalid_input', message, { scopes: message });
  }
  return account;
}

async function serviceAccount(tx: Tx, name: string, scopes: Permission[]) {
  const role = SERVICE_ROLES.find((r) => scopes.every((s) => rolesOf(s).includes(r)));
  if (!role) {
    const message = '这些权限属于部门工作人员（或多个角色），请选择令牌代表的账号（actAs）';
    throw new AppError('invalid_input', message, { actAs: message });
  }
  const [account] = await tx
    .insert(users)
    .values({
      publicId: newPublicId(),
      name: `服务账号：${name}`,
      // A service account has no e-mail (so nothing is mailed to it) and cannot sign in: its login is not an e-mail
      // or a mobile number, and its password hash is no argon2 string.
      phone: `svc-${randomBytes(6).toString('hex')}`,
      passwordHash: '!service-account',
      role,
    })
    .returning({ id: users.id, publicId: users.publicId, role: users.role, status: users.status });
  return account!;
}

/** Staff accounts a token may act as (the admin page's choice), by role and name. */
export async function tokenAccounts(actor: Actor): Promise<Array<{ id: string; name: string; role: Role; department: string | null }>> {
  assertManager(actor);
  return db()
    .select({ id: users.publicId, name: users.name, role: users.role, department: departments.name })
    .from(users)
    .leftJoin(departments, eq(users.departmentId, departments.id))
    .where(and(ne(users.role, 'citizen'), eq(users.status, 'active')))
    .orderBy(asc(users.role), asc(users.name))
    .limit(1000);
}

function statusOf(row: { revokedAt: Date | null; expiresAt: Date }, now: Date): TokenStatus {
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** Every token, newest first, without secrets or hashes: name, prefix, scopes, account, expiry, last use, status. */
export async function listTokens(actor: Actor, input: unknown = {}, now = new Date()): Promise<{ items: TokenRow[]; total: number; page: number; pageSize: number }> {
  assertManager(actor);
  const { page } = parseInput(tokenListQuery, input);
  const account = alias(users, 'token_account');
  const [rows, [total]] = await Promise.all([
    db()
      .select({
        id: apiTokens.publicId,
        name: apiTokens.name,
        prefix: apiTokens.prefix,
        scopes: apiTokens.scopes,
        actAs: { id: account.publicId, name: account.name, role: account.role, status: account.status },
        serviceAccount: apiTokens.serviceAccount,
        createdAt: apiTokens.createdAt,
        expiresAt: apiTokens.expiresAt,
        lastUsedAt: apiTokens.lastUsedAt,
        revokedAt: apiTokens.revokedAt,
      })
      .from(apiTokens)
      .innerJoin(account, eq(apiTokens.userId, account.id))
      .orderBy(desc(apiTokens.id))
      .limit(TOKEN_PAGE_SIZE)
      .offset((page - 1) * TOKEN_PAGE_SIZE),
    db().select({ n: count() }).from(apiTokens),
  ]);
  return { items: rows.map((r) => ({ ...r, status: statusOf(r, now) })), total: total?.n ?? 0, page, pageSize: TOKEN_PAGE_SIZE };
}

/**
 * Revokes a token: its next request is a 401 (every request re-reads the token). A service account made for the
 * token is disabled with it. A token already revoked is a 409 and changes nothing.
 */
export async function revokeToken(actor: Actor, publicId: string, now = new Date()): Promise<{ id: string; revokedAt: Date }> {
  assertManager(actor);
  return db().transaction(async (tx) => {
    const [token] = await tx.select().from(apiTokens).where(eq(apiTokens.publicId, publicId.slice(0, 64))).for('update');
    if (!token) throw notFound('没有这个令牌');
    if (token.revokedAt) throw new AppError('conflict', '该令牌已撤销');
    await tx.update(apiTokens).set({ revokedAt: now, revokedBy: actor.user.id }).where(eq(apiTokens.id, token.id));
    if (token.serviceAccount) await tx.update(users).set({ status: 'disabled', updatedAt: now }).where(eq(users.id, token.userId));
    await recordAudit(tx, actor, {
      action: 'api_token.revoke',
      entityType: 'api_token',
      entityId: publicId,
      details: { name: token.name, serviceAccountDisabled: token.serviceAccount },
    });
    return { id: publicId, revokedAt: now };
  });
}
