import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { db, type Db, type Tx } from '../db';
import { AppError } from '../errors';
import { departments, users } from '../accounts/schema';
import { PERMISSIONS, type Actor, type Permission } from '../auth/permissions';
import { apiTokens } from './schema';

/** Every secret starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'msk_';
/** last_used_at is written at most this often per token, not on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

export const INVALID_TOKEN_MESSAGE = 'API 令牌无效、已过期或已撤销';

/** A new secret: the prefix and 32 random bytes in base64url (256 bits). */
export function newSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * The token in an Authorization header: the text after "Bearer " when the header uses that scheme, null when there
 * is no header or another scheme (then the request is judged by its cookie).
 */
export function bearerOf(authorization: string | null | undefined): string | null {
  if (!authorization) return null;
  // Any header of the Bearer scheme is judged as a token (a malformed one is a 401), exactly as proxy.ts exempts it
  // from the cross-site check (lib/security/csrf.ts#isBearerApiRequest): never a silent fall-back to cookies.
  const match = /^Bearer(?:[ \t]+(.*))?$/is.exec(authorization);
  return match ? (match[1] ?? '').trim() : null;
}

/**
 * The actor behind a bearer token: its account (active) restricted to its scopes. A token that is unknown, revoked
 * or expired, or whose account is disabled, is a 401 — never a visitor's request, so an integrator notices at once.
 */
export async function actorFromBearer(secret: string, ip: string | null, now = new Date(), database: Db | Tx = db()): Promise<Actor> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) throw new AppError('unauthenticated', INVALID_TOKEN_MESSAGE);
  const [row] = await database
    .select({
      tokenId: apiTokens.id,
      tokenPublicId: apiTokens.publicId,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      status: users.status,
      user: {
        id: users.id,
        publicId: users.publicId,
        name: users.name,
        role: users.role,
        departmentId: users.departmentId,
        departmentPublicId: departments.publicId,
        title: users.title,
      },
    })
    .from(apiTokens)
    .innerJoin(users, eq(apiTokens.userId, users.id))
    .leftJoin(departments, eq(users.departmentId, departments.id))
    .where(eq(apiTokens.tokenHash, hashSecret(secret)))
    .limit(1);
  if (!row || row.revokedAt || row.expiresAt.getTime() <= now.getTime() || row.status !== 'active') {
    throw new AppError('unauthenticated', INVALID_TOKEN_MESSAGE);
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
    await database
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_GRANULARITY_MS + 1)))));
  }
  const scopes = row.scopes.filter((s): s is Permission => Object.hasOwn(PERMISSIONS, s));
  return { user: row.user, ip, token: { id: row.tokenPublicId, scopes } };
}
