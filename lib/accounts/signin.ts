import { db } from '../db';
import { AppError, parseInput } from '../errors';
import { recordAudit } from '../audit';
import type { ActorUser } from '../auth/permissions';
import { burnVerification, verifyPassword } from './password';
import {
  ACCOUNT_POLICY,
  IP_POLICY,
  accountKey,
  clearFailures,
  ipKey,
  lockedForSeconds,
  lockedMessage,
  recordFailure,
} from './throttle';
import { findUserByLogin } from './users';
import { signInInput } from './validation';

export const WRONG_CREDENTIALS = '账号或密码错误';

function throttleKeys(login: string, ip: string | null): string[] {
  return ip ? [accountKey(login), ipKey(ip)] : [accountKey(login)];
}

/** 429 when the account or the address is locked; used before next-auth runs so the answer can carry Retry-After. */
export async function assertNotLocked(login: string, ip: string | null, now = new Date()): Promise<void> {
  const seconds = await lockedForSeconds(db(), throttleKeys(login, ip), now);
  if (seconds > 0) throw new AppError('rate_limited', lockedMessage(seconds), undefined, seconds);
}

/**
 * Checks a login and password. Invalid input → 422; locked → 429; a wrong password or an unknown login → 401
 * with one message, so the answer does not tell which accounts exist. Only someone who knows the password of a
 * disabled account is told that it is disabled.
 */
export async function authenticate(input: unknown, ip: string | null, now = new Date()): Promise<ActorUser> {
  const { login, password } = parseInput(signInInput, input);
  await assertNotLocked(login, ip, now);

  const found = await findUserByLogin(db(), login);
  const ok = found ? await verifyPassword(found.passwordHash, password) : (await burnVerification(password), false);

  if (!found || !ok || found.status !== 'active') {
    await recordFailure(db(), accountKey(login), ACCOUNT_POLICY, now);
    if (ip) await recordFailure(db(), ipKey(ip), IP_POLICY, now);
    const seconds = await lockedForSeconds(db(), throttleKeys(login, ip), now);
    if (seconds > 0) throw new AppError('rate_limited', lockedMessage(seconds), undefined, seconds);
    throw new AppError('unauthenticated', found && ok ? '该账号已停用，请联系管理员' : WRONG_CREDENTIALS);
  }

  const { passwordHash: _hash, status: _status, ...user } = found;
  await db().transaction(async (tx) => {
    await clearFailures(tx, accountKey(login));
    await recordAudit(tx, { user, ip }, { action: 'account.sign_in', entityType: 'user', entityId: user.publicId });
  });
  return user;
}
