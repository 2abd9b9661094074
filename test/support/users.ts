import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { db } from '@/lib/db';
import { users, type Role } from '@/lib/accounts/schema';
import { findActiveUser, newPublicId } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';

/** The current state of a (demo) account looked up by email, as lib/auth builds it for a request. */
export async function userByEmail(email: string): Promise<ActorUser> {
  const [row] = await db().select({ publicId: users.publicId }).from(users).where(eq(users.email, email));
  expect(row, `no user ${email}`).toBeDefined();
  const user = await findActiveUser(db(), row!.publicId);
  expect(user, `user ${email} is not active`).not.toBeNull();
  return user!;
}

export async function actorFor(email: string, ip = '192.0.2.10'): Promise<Actor & { user: ActorUser }> {
  return { user: await userByEmail(email), ip };
}

export const visitor = (ip: string | null = '203.0.113.9'): Actor => ({ user: null, ip });

/** A unique login for a test, so tests in one file never share accounts or throttle counters. */
export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(4).toString('hex')}@example.org`;

export function uniquePhone(): string {
  // 139 + 8 random digits: a valid mainland mobile number.
  const digits = Array.from(randomBytes(8), (b) => String(b % 10)).join('');
  return `139${digits}`;
}

/**
 * Inserts an account directly (no argon2 hashing) for tests about administration, not passwords.
 * The hash is not a valid argon2 string, so the account cannot sign in.
 */
export async function insertUser(values: { name?: string; email?: string; role?: Role } = {}): Promise<string> {
  const publicId = newPublicId();
  await db().insert(users).values({
    publicId,
    name: values.name ?? '测试用户',
    email: values.email ?? uniqueEmail(),
    passwordHash: 'not-a-hash',
    role: values.role ?? 'citizen',
  });
  return publicId;
}
