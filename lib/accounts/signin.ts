import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '../db';
import { AppError, parseInput } from '../errors';
import { recordAudit } from '../audit';
import type { ActorUser } from '../auth/permissions';
import { burnVerification, verifyPassword } from './password';
import {
  ACCOUNT_SLOWDOWN,
  IP_POLICY,
  MAX_SLOWDOWN_MS,
  PAIR_POLICY,
  accountKey,
  clearFailures,
  ipKey,
  lockedForSeconds,
  lockedMessage,
  pairKey,
  recentFailures,
  recordFailure,
  slowdownMs,
  unlockableToday,
} from './throttle';
import { findUserByLogin } from './users';
import { signInInput } from './validation';

export const WRONG_CREDENTIALS = '账号或密码错误';
export const ACCOUNT_DISABLED = '该账号已停用，请联系管理员';

/** The keys whose lock refuses an attempt: this account at this address, and this address. */
function lockKeys(login: string, ip: string | null): string[] {
  return ip ? [pairKey(login, ip), ipKey(ip)] : [pairKey(login, ip)];
}

/**
 * Seconds this attempt is refused for (0: not refused), and how long it waits before its password is checked.
 * Accounts that may not be locked today (lib/accounts/throttle.ts#unlockableToday) wait instead of being refused.
 */
async function attemptGate(login: string, ip: string | null, now: Date): Promise<{ lockedSeconds: number; waitMs: number }> {
  const [locked, failures] = await Promise.all([
    lockedForSeconds(db(), lockKeys(login, ip), now),
    recentFailures(db(), accountKey(login), ACCOUNT_SLOWDOWN, now),
  ]);
  const waitMs = slowdownMs(failures);
  if (locked > 0) {
    const found = await findUserByLogin(db(), login);
    if (found && (await unlockableToday(db(), found.role, now))) return { lockedSeconds: 0, waitMs: MAX_SLOWDOWN_MS };
  }
  return { lockedSeconds: locked, waitMs };
}

/** 429 when this account at this address, or the address, is locked; used before next-auth runs (Retry-After). */
export async function assertNotLocked(login: string, ip: string | null, now = new Date()): Promise<void> {
  const { lockedSeconds } = await attemptGate(login, ip, now);
  if (lockedSeconds > 0) throw new AppError('rate_limited', lockedMessage(lockedSeconds), undefined, lockedSeconds);
}

export interface AuthenticateOptions {
  /** How the slow-down waits (tests record it instead of waiting). */
  wait?: (ms: number) => Promise<unknown>;
}

/**
 * Checks a login and password. Invalid input → 422; locked (this account from this address, or this address)
 * → 429; a wrong password or an unknown login → 401 with one message, so the answer does not tell which
 * accounts exist. Only someone who knows the password of a disabled account is told that it is disabled.
 * Returns the user with the session version its session token carries.
 */
export async function authenticate(
  input: unknown,
  ip: string | null,
  now = new Date(),
  { wait = sleep }: AuthenticateOptions = {},
): Promise<ActorUser & { sessionVersion: number }> {
  const { login, password } = parseInput(signInInput, input);
  const gate = await attemptGate(login, ip, now);
  if (gate.lockedSeconds > 0) throw new AppError('rate_limited', lockedMessage(gate.lockedSeconds), undefined, gate.lockedSeconds);
  if (gate.waitMs > 0) await wait(gate.waitMs);

  const found = await findUserByLogin(db(), login);
  const ok = found ? await verifyPassword(found.passwordHash, password) : (await burnVerification(password), false);

  if (!found || !ok || found.status !== 'active') {
    await recordFailure(db(), pairKey(login, ip), PAIR_POLICY, now);
    await recordFailure(db(), accountKey(login), ACCOUNT_SLOWDOWN, now);
    if (ip) await recordFailure(db(), ipKey(ip), IP_POLICY, now);
    const after = await attemptGate(login, ip, now);
    if (after.lockedSeconds > 0) throw new AppError('rate_limited', lockedMessage(after.lockedSeconds), undefined, after.lockedSeconds);
    throw new AppError('unauthenticated', found && ok ? ACCOUNT_DISABLED : WRONG_CREDENTIALS);
  }

  const { passwordHash: _hash, status: _status, ...user } = found;
  await db().transaction(async (tx) => {
    // Only this address's count: failures elsewhere keep slowing the account down until their window ends.
    await clearFailures(tx, pairKey(login, ip));
    await recordAudit(tx, { user, ip }, { action: 'account.sign_in', entityType: 'user', entityId: user.publicId });
  });
  return user;
}
