import { randomUUID } from 'node:crypto';
import { and, eq, or } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import type { ActorUser } from '../auth/permissions';
import { departments, users } from './schema';
import { loginKind } from './validation';

export const newPublicId = () => randomUUID();

const actorColumns = {
  id: users.id,
  publicId: users.publicId,
  name: users.name,
  role: users.role,
  departmentId: users.departmentId,
  departmentPublicId: departments.publicId,
  title: users.title,
};

/** The current state of an active account, or null when it does not exist or is disabled. */
export async function findActiveUser(db: Db | Tx, publicId: string): Promise<ActorUser | null> {
  const [row] = await db
    .select(actorColumns)
    .from(users)
    .leftJoin(departments, eq(users.departmentId, departments.id))
    .where(and(eq(users.publicId, publicId), eq(users.status, 'active')))
    .limit(1);
  return row ?? null;
}

/**
 * The account behind a session token: active, and still at the session version the token was issued with (a
 * raised version — sign-out, disabling, role change — ends the session). Null otherwise.
 */
export async function findSessionUser(db: Db | Tx, publicId: string, sessionVersion: number): Promise<ActorUser | null> {
  const [row] = await db
    .select(actorColumns)
    .from(users)
    .leftJoin(departments, eq(users.departmentId, departments.id))
    .where(and(eq(users.publicId, publicId), eq(users.status, 'active'), eq(users.sessionVersion, sessionVersion)))
    .limit(1);
  return row ?? null;
}

export async function findUserByLogin(db: Db | Tx, normalisedLogin: string) {
  const kind = loginKind(normalisedLogin);
  if (!kind) return null;
  const [row] = await db
    .select({ ...actorColumns, passwordHash: users.passwordHash, status: users.status, sessionVersion: users.sessionVersion })
    .from(users)
    .leftJoin(departments, eq(users.departmentId, departments.id))
    .where(kind === 'email' ? eq(users.email, normalisedLogin) : eq(users.phone, normalisedLogin))
    .limit(1);
  return row ?? null;
}

export async function loginTaken(db: Db | Tx, normalisedLogin: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(or(eq(users.email, normalisedLogin), eq(users.phone, normalisedLogin)))
    .limit(1);
  return Boolean(row);
}
