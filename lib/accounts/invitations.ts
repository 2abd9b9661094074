import { and, count, desc, eq, gt, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { queueEmail } from '../notifications';
import { translator } from '../notifications/texts';
import { LOCALES, toLocale, type Locale } from '../i18n/config';
import { hashPassword } from './password';
import { departments, invitations, users, type Role } from './schema';
import { getOrganisation } from './departments';
import { siteUrl } from '../env';
import { beijing, hashLinkToken, LINK_TOKEN_PATTERN, newLinkToken } from './links';
import { loginTaken, newPublicId } from './users';
import { loginField, loginKind, personName, policyPassword } from './validation';

/**
 * Staff invitations (issue 13 item 4). An admin invites a person by e-mail as handler, leader, moderator or admin;
 * the e-mail carries an absolute link /invitations/<token> (NEXTAUTH_URL) where the person sets a password, which
 * creates the account with the invited role, department and title. The link is good for 72 hours and once; an
 * admin may revoke it; a newer invitation to the same address replaces an older pending one. Only the token's
 * SHA-256 is stored (lib/accounts/links.ts).
 */

export const INVITATION_HOURS = 72;
export const STAFF_ROLES = ['handler', 'leader', 'moderator', 'admin'] as const;

export const staffTitle = z
  .string({ error: '职务须为文字' })
  .max(200, { error: '职务最多 30 个字符' })
  .transform((v) => v.normalize('NFC').trim().replace(/\s+/g, ' '))
  .refine((v) => [...v].length <= 30, { error: '职务最多 30 个字符' });

export const invitationInput = z.object({
  email: loginField.refine((v) => loginKind(v) === 'email', { error: '请输入邮箱（邀请链接通过邮件发送）' }),
  name: personName,
  role: z.enum(STAFF_ROLES, { error: '角色须为办理人员、领导嘉宾、管理员或系统管理员' }),
  departmentId: z.string().max(64).nullish().transform((v) => v || null),
  title: staffTitle.nullish().transform((v) => v || null),
  /** The invitation's language: its e-mail, and its page for a visitor who has not chosen one. Default: the inviting admin's. */
  locale: z.enum(LOCALES, { error: '请选择邀请的语言（中文或英文）' }).optional(),
}).strict();

export const acceptInvitationInput = z.object({ password: policyPassword }).strict();

export interface InvitationView {
  id: string;
  email: string;
  name: string;
  role: Role;
  department: string | null;
  title: string | null;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
}

function statusOf(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationView['status'] {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt <= now ? 'expired' : 'pending';
}

/** POST /api/v1/admin/invitations: records the invitation and queues its e-mail, in one transaction. */
export async function createInvitation(actor: Actor, input: unknown, now = new Date()): Promise<{ id: string; expiresAt: Date; locale: Locale }> {
  assertCan(actor, 'admin.users');
  const data = parseInput(invitationInput, input);
  const [inviter] = data.locale ? [] : await db().select({ locale: users.locale }).from(users).where(eq(users.id, actor.user.id));
  const locale: Locale = data.locale ?? toLocale(inviter?.locale);
  const staffOfDepartment = data.role === 'handler' || data.role === 'leader';
  if (await loginTaken(db(), data.email)) {
    throw new AppError('invalid_input', '该邮箱已有账号；如需改变其角色，请在账号列表中修改', { email: '该邮箱已有账号' });
  }
  const { token, hash } = newLinkToken();
  const publicId = newPublicId();
  const expiresAt = new Date(now.getTime() + INVITATION_HOURS * 3600_000);
  await db().transaction(async (tx) => {
    let departmentId: number | null = null;
    let departmentName: string | null = null;
    let departmentNameEn = '';
    if (staffOfDepartment) {
      if (!data.departmentId) throw new AppError('invalid_input', '办理人员和领导必须属于一个部门', { departmentId: '请选择部门' });
      const [dept] = await tx.select({ id: departments.id, name: departments.name, nameEn: departments.nameEn, active: departments.active }).from(departments).where(eq(departments.publicId, data.departmentId));
      if (!dept || !dept.active) throw new AppError('invalid_input', '没有这个部门', { departmentId: '没有这个部门' });
      departmentId = dept.id;
      departmentName = dept.name;
      departmentNameEn = dept.nameEn;
    }
    // A new invitation to the same address replaces the pending ones: only the newest link works.
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.email, data.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)));
    await tx.insert(invitations).values({
      publicId,
      tokenHash: hash,
      email: data.email,
      name: data.name,
      role: data.role,
      departmentId,
      title: data.role === 'leader' ? data.title : null,
      locale,
      invitedById: actor.user.id,
      createdAt: now,
      expiresAt,
    });
    // In the invitation's language (the Chinese is as it always was).
    const org = await getOrganisation(tx);
    const t = await translator(locale);
    const orgName = (locale === 'en' && org?.nameEn) || org?.name || '';
    const department = (locale === 'en' && departmentNameEn) || departmentName || '';
    const site = { hasOrg: orgName ? 'yes' : 'no', org: orgName };
    await queueEmail(tx, data.email, t('mailTexts.invitationSubject', site), `${t('mailTexts.greeting', { name: data.name })}\n\n${t('mailTexts.invitation', {
      ...site, inviter: actor.user.name, role: data.role, hasDepartment: department ? 'yes' : 'no', department,
      time: beijing(expiresAt, locale), link: siteUrl(`/invitations/${token}`),
    })}`, locale);
    await recordAudit(tx, actor, {
      action: 'account.invite',
      entityType: 'invitation',
      entityId: publicId,
      details: { email: data.email, role: data.role, departmentId: data.departmentId, title: data.title, locale, expiresAt: expiresAt.toISOString() },
    });
  });
  return { id: publicId, expiresAt, locale };
}

/** DELETE /api/v1/admin/invitations/{id}: a pending invitation stops working at once. */
export async function revokeInvitation(actor: Actor, publicId: string, now = new Date()): Promise<InvitationView> {
  assertCan(actor, 'admin.users');
  await db().transaction(async (tx) => {
    const [row] = await tx.select().from(invitations).where(eq(invitations.publicId, String(publicId).slice(0, 64))).for('update');
    if (!row) throw notFound('没有这个邀请');
    const status = statusOf(row, now);
    if (status === 'accepted') throw new AppError('conflict', '该邀请已被使用，账号已建立；如需停用，请在账号列表中停用该账号');
    if (status === 'revoked') throw new AppError('conflict', '该邀请已撤销');
    if (status === 'expired') throw new AppError('conflict', '该邀请已过期，无需撤销');
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, row.id));
    await recordAudit(tx, actor, { action: 'account.invitation_revoke', entityType: 'invitation', entityId: row.publicId, details: { email: row.email } });
  });
  return (await invitationRows(eq(invitations.publicId, publicId), now, 1, 0))[0]!;
}

async function invitationRows(where: SQL | undefined, now: Date, limit: number, offset: number): Promise<InvitationView[]> {
  const rows = await db()
    .select({
      id: invitations.publicId, email: invitations.email, name: invitations.name, role: invitations.role, department: departments.name,
      title: invitations.title, invitedBy: users.name, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .leftJoin(departments, eq(invitations.departmentId, departments.id))
    .innerJoin(users, eq(invitations.invitedById, users.id))
    .where(where)
    .orderBy(desc(invitations.id))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => ({ ...r, status: statusOf(r, now) }));
}

export const INVITATIONS_PAGE_SIZE = 20;
export const invitationListQuery = z.object({
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(10_000).default(1),
  status: z.enum(['pending', 'accepted', 'expired', 'revoked'], { error: '未知的状态' }).optional(),
});

/** The admin's list of invitations, newest first, optionally only those in one status. */
export async function listInvitations(actor: Actor, input: unknown, now = new Date()) {
  assertCan(actor, 'admin.users');
  const { page, status } = parseInput(invitationListQuery, input);
  const where = status === 'accepted' ? sql`${invitations.acceptedAt} is not null`
    : status === 'revoked' ? and(isNull(invitations.acceptedAt), sql`${invitations.revokedAt} is not null`)
    : status === 'expired' ? and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), lte(invitations.expiresAt, now))
    : status === 'pending' ? and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now))
    : undefined;
  const [items, [total]] = await Promise.all([
    invitationRows(where, now, INVITATIONS_PAGE_SIZE, (page - 1) * INVITATIONS_PAGE_SIZE),
    db().select({ n: count() }).from(invitations).where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize: INVITATIONS_PAGE_SIZE };
}

const GONE = {
  unknown: '邀请链接无效。请核对邮件中的链接，或请管理员重新邀请。',
  accepted: '该邀请链接已使用过，账号已建立，请直接登录。',
  revoked: '该邀请已被管理员撤销，请联系管理员重新邀请。',
  expired: `该邀请链接已过期（有效期 ${INVITATION_HOURS} 小时），请联系管理员重新邀请。`,
} as const;

/**
 * What the /invitations/[token] page shows: the invitation while it is usable, or why it is not (`reason`, with its
 * Chinese `message`; the page words it from the catalogue, invitationPage.gone.<reason>).
 */
export async function invitationForToken(token: string, now = new Date()): Promise<
  | { ok: true; email: string; name: string; role: Role; department: string | null; departmentEn: string | null; title: string | null; expiresAt: Date; locale: Locale }
  | { ok: false; reason: keyof typeof GONE; message: string }
> {
  if (!LINK_TOKEN_PATTERN.test(token)) return { ok: false, reason: 'unknown', message: GONE.unknown };
  const [row] = await db()
    .select({ email: invitations.email, name: invitations.name, role: invitations.role, department: departments.name, departmentEn: departments.nameEn, title: invitations.title,
      locale: invitations.locale, expiresAt: invitations.expiresAt, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt })
    .from(invitations)
    .leftJoin(departments, eq(invitations.departmentId, departments.id))
    .where(eq(invitations.tokenHash, hashLinkToken(token)));
  if (!row) return { ok: false, reason: 'unknown', message: GONE.unknown };
  const status = statusOf(row, now);
  if (status !== 'pending') return { ok: false, reason: status, message: GONE[status] };
  return {
    ok: true, email: row.email, name: row.name, role: row.role, department: row.department, departmentEn: row.departmentEn || null, title: row.title,
    expiresAt: row.expiresAt, locale: toLocale(row.locale),
  };
}

/**
 * The language an invitation was written in, for its page when the visitor has not chosen one (lib/i18n/request.ts);
 * null for a malformed or unknown token. Whatever the invitation's state: a used or expired link's page says so in it.
 */
export async function invitationLocale(token: string): Promise<Locale | null> {
  if (!LINK_TOKEN_PATTERN.test(token)) return null;
  const [row] = await db().select({ locale: invitations.locale }).from(invitations).where(eq(invitations.tokenHash, hashLinkToken(token)));
  return row ? toLocale(row.locale) : null;
}

/**
 * POST /api/v1/invitations/{token} {password}: creates the invited account (201). Unknown, used, revoked or
 * expired links are 410 and change nothing; an address that got an account meanwhile is a 409.
 */
export async function acceptInvitation(actor: Actor, token: string, input: unknown, now = new Date()): Promise<{ id: string; email: string; role: Role }> {
  if (!LINK_TOKEN_PATTERN.test(token)) throw new AppError('gone', GONE.unknown);
  const { password } = parseInput(acceptInvitationInput, input);
  const passwordHash = await hashPassword(password);
  const publicId = newPublicId();
  return db().transaction(async (tx) => {
    const [row] = await tx.select().from(invitations).where(eq(invitations.tokenHash, hashLinkToken(token))).for('update');
    if (!row) throw new AppError('gone', GONE.unknown);
    const status = statusOf(row, now);
    if (status !== 'pending') throw new AppError('gone', GONE[status]);
    if (row.departmentId !== null) {
      const [dept] = await tx.select({ active: departments.active }).from(departments).where(eq(departments.id, row.departmentId));
      if (!dept?.active) throw new AppError('conflict', '邀请您加入的部门已停用，请联系管理员重新邀请');
    }
    if (await loginTaken(tx, row.email)) throw new AppError('conflict', '该邮箱已有账号，请直接登录或找回密码');
    const [created] = await tx
      .insert(users)
      // The account's language (its e-mails) starts as the invitation's.
      .values({ publicId, name: row.name, email: row.email, passwordHash, role: row.role, departmentId: row.departmentId, title: row.title, locale: row.locale })
      .returning({ id: users.id });
    await tx.update(invitations).set({ acceptedAt: now, userId: created!.id }).where(eq(invitations.id, row.id));
    await recordAudit(tx, actor, {
      action: 'account.invitation_accept',
      entityType: 'user',
      entityId: publicId,
      details: { invitation: row.publicId, role: row.role },
    });
    return { id: publicId, email: row.email, role: row.role };
  });
}

/** Whether another pending invitation to this address is open (the staff page warns before a duplicate). */
export async function pendingInvitationFor(email: string, now = new Date()): Promise<boolean> {
  const [row] = await db().select({ id: invitations.id }).from(invitations)
    .where(and(eq(invitations.email, email.toLowerCase()), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .limit(1);
  return Boolean(row);
}
