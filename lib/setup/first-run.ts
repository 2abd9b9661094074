import { count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { organisation, users } from '../accounts/schema';
import { hashPassword } from '../accounts/password';
import { checkPasswordPolicy } from '../accounts/password-policy';
import { newPublicId } from '../accounts/users';
import { loginField, personName } from '../accounts/validation';
import { recordAudit } from '../audit';
import type { Db, Tx } from '../db';
import { AppError, parseInput } from '../errors';

/**
 * First run (`npm run setup`, scripts/setup.ts): on a database without an admin, create the organisation (the
 * bureau this installation serves) and the first admin account, in one transaction. A database that already has
 * an admin is refused and left as it is.
 */

/** The bureau code used in index numbers (索引号): letters and digits, hyphens between. */
export const organisationCode = z
  .string({ error: '请填写机构代码' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, { error: '机构代码只能包含大写字母、数字和连字符（如 XM-WL）' })
  .min(2, { error: '机构代码至少 2 个字符' })
  .max(20, { error: '机构代码最多 20 个字符' });

export const organisationName = z
  .string({ error: '请填写机构名称' })
  .transform((v) => v.normalize('NFC').trim().replace(/\s+/g, ' '))
  .refine((v) => [...v].length >= 2, { error: '机构名称至少 2 个字' })
  .refine((v) => [...v].length <= 100, { error: '机构名称最多 100 个字' })
  .refine((v) => !/[\u0000-\u001f\u007f-\u009f<>]/.test(v), { error: '机构名称不能包含控制字符或尖括号' });

/** A password a person sets: the shared policy (lib/accounts/password-policy.ts). */
export const policyPassword = z
  .string({ error: '请设置密码' })
  .superRefine((v, ctx) => {
    const problem = checkPasswordPolicy(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const setupInput = z.object({
  orgName: organisationName,
  orgCode: organisationCode,
  adminEmail: loginField.refine((v) => v.includes('@'), { error: '管理员请使用邮箱登录' }),
  adminPassword: policyPassword,
  adminName: personName.optional(),
});
export type SetupInput = z.input<typeof setupInput>;

/** The same message in Chinese and English: the script is run by operators who may read either. */
export const ALREADY_SET_UP_MESSAGE = '本系统已完成初始化：数据库中已有管理员账号，未做任何更改。请用已有管理员账号登录，在“系统管理”中管理账号。\n' +
  'Minsheng is already set up: this database already has an admin account. Nothing was changed; sign in with an existing admin account to manage accounts.';

export class AlreadySetUpError extends AppError {
  constructor() {
    super('conflict', ALREADY_SET_UP_MESSAGE);
  }
}

export async function adminCount(database: Db | Tx): Promise<number> {
  const [row] = await database.select({ n: count() }).from(users).where(eq(users.role, 'admin'));
  return row?.n ?? 0;
}

/** True once an installation has its organisation and an admin (set up, or seeded with the demo). */
export async function isSetUp(database: Db | Tx): Promise<boolean> {
  const [org] = await database.select({ id: organisation.id }).from(organisation).limit(1);
  return Boolean(org) && (await adminCount(database)) > 0;
}

// An arbitrary constant: two setups started at once run one after the other, so only one admin is created.
const SETUP_LOCK_ID = 727_274_013;

export interface SetupResult {
  organisation: { name: string; code: string };
  admin: { publicId: string; email: string; name: string };
}

export async function runFirstSetup(database: Db, input: unknown): Promise<SetupResult> {
  const data = parseInput(setupInput, input);
  const passwordHash = await hashPassword(data.adminPassword);
  const adminName = data.adminName ?? '系统管理员';
  return database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_ID})`);
    if ((await adminCount(tx)) > 0) throw new AlreadySetUpError();
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.adminEmail));
    if (taken) {
      // A citizen registered with this address before setup: refuse rather than take the account over.
      throw new AppError('conflict', `邮箱 ${data.adminEmail} 已被其他账号使用，请换一个邮箱。\nThe e-mail address is already used by another account.`, { adminEmail: '该邮箱已被使用' });
    }
    // The contact block (address, phone, …) is filled in afterwards on the organisation page.
    await tx
      .insert(organisation)
      .values({ id: 1, name: data.orgName, nameEn: '', code: data.orgCode, address: '', postcode: '', phone: '', email: '', officeHours: '', disclosureOffice: '' })
      .onConflictDoUpdate({ target: organisation.id, set: { name: data.orgName, code: data.orgCode } });
    const publicId = newPublicId();
    const [admin] = await tx
      .insert(users)
      .values({ publicId, name: adminName, email: data.adminEmail, passwordHash, role: 'admin' })
      .returning({ id: users.id });
    await recordAudit(tx, 'system', {
      action: 'setup.first_run',
      entityType: 'organisation',
      entityId: 1,
      details: { organisation: data.orgName, code: data.orgCode, adminId: admin!.id, adminEmail: data.adminEmail },
    });
    return { organisation: { name: data.orgName, code: data.orgCode }, admin: { publicId, email: data.adminEmail, name: adminName } };
  });
}
