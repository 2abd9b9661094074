import type { Locale } from '../i18n/config';
import { db } from '../db';
import { AppError, parseInput } from '../errors';
import { recordAudit } from '../audit';
import type { Actor } from '../auth/permissions';
import { hashPassword } from './password';
import { users } from './schema';
import { loginKind, registerInput } from './validation';
import { loginTaken, newPublicId } from './users';
import { isUniqueViolation } from '../db/errors';

export interface RegisteredCitizen {
  id: string;
  name: string;
  role: 'citizen';
}

const TAKEN = '该邮箱或手机号已注册，请直接登录';

/**
 * Citizen self-registration: validated, argon2id-hashed, one transaction with its audit row. `locale`: the language
 * the person registered in (the request's language cookie), the account's language for its e-mails (users.locale).
 */
export async function registerCitizen(actor: Actor, input: unknown, locale: Locale = 'zh-CN'): Promise<RegisteredCitizen> {
  if (actor.user) throw new AppError('conflict', '您已登录，无需注册');
  const { name, login, password } = parseInput(registerInput, input);
  if (await loginTaken(db(), login)) throw new AppError('invalid_input', TAKEN, { login: TAKEN });

  const passwordHash = await hashPassword(password);
  const publicId = newPublicId();
  const kind = loginKind(login);
  try {
    await db().transaction(async (tx) => {
      await tx.insert(users).values({
        publicId,
        name,
        email: kind === 'email' ? login : null,
        phone: kind === 'phone' ? login : null,
        passwordHash,
        role: 'citizen',
        locale,
      });
      await recordAudit(tx, actor, {
        action: 'account.register',
        entityType: 'user',
        entityId: publicId,
        details: { via: kind, locale },
      });
    });
  } catch (error) {
    // Two registrations of one login at once: the unique index decides, the loser gets the same field error.
    if (isUniqueViolation(error)) throw new AppError('invalid_input', TAKEN, { login: TAKEN });
    throw error;
  }
  return { id: publicId, name, role: 'citizen' };
}
