import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const ROLES = ['citizen', 'handler', 'leader', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleEnum = pgEnum('role', ROLES);
export const userStatusEnum = pgEnum('user_status', ['active', 'disabled']);

/** The bureau this installation serves (one row): name, code for index numbers, contact block. */
export const organisation = pgTable('organisation', {
  id: integer().primaryKey().default(1),
  name: text().notNull(),
  nameEn: text().notNull(),
  /** Prefix of disclosure index numbers (索引号), e.g. "XM-WL". */
  code: text().notNull(),
  address: text().notNull(),
  postcode: text().notNull(),
  phone: text().notNull(),
  email: text().notNull(),
  officeHours: text().notNull(),
  disclosureOffice: text().notNull(),
}, (t) => [check('organisation_single_row', sql`${t.id} = 1`)]);

export const departments = pgTable('departments', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  code: text().notNull().unique(),
  name: text().notNull(),
  nameEn: text().notNull(),
  duties: text().notNull().default(''),
  phone: text().notNull().default(''),
  sortOrder: integer().notNull().default(0),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  name: text().notNull(),
  /** Lower-cased; unique when present. A user has an email, a phone, or both. */
  email: text(),
  phone: text(),
  passwordHash: text().notNull(),
  role: roleEnum().notNull().default('citizen'),
  departmentId: bigint({ mode: 'number' }).references(() => departments.id),
  /** Official title shown for leaders in interviews, e.g. 副局长. */
  title: text(),
  /** A short biography shown with a leader's title in interviews (plain text, at most 500 characters). */
  bio: text(),
  status: userStatusEnum().notNull().default('active'),
  /** Notification kinds (lib/notifications/kinds.ts) this account gets no e-mail for; in-app notices always arrive. */
  emailMutedKinds: text().array().notNull().default(sql`'{}'::text[]`),
  /**
   * The language the account last chose (zh-CN or en; the language switch while signed in, or the language of the
   * registration): its notification e-mails are written in it (lib/notifications/texts.ts). zh-CN by default.
   */
  locale: text().notNull().default('zh-CN'),
  /**
   * Carried in every session token (lib/auth/token.ts) and compared on every request and socket handshake. Raising
   * it ends every existing session of the account: sign-out, password change, disabling, role or department change.
   */
  sessionVersion: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('users_email_unique').on(t.email),
  uniqueIndex('users_phone_unique').on(t.phone),
  index('users_role_idx').on(t.role),
  check('users_has_login', sql`${t.email} is not null or ${t.phone} is not null`),
  // Staff of a department must name it; citizens, moderators and admins belong to none.
  check('users_department_by_role', sql`(${t.role} in ('handler','leader')) = (${t.departmentId} is not null)`),
]);

/** Failed sign-in counters, keyed "login:<login>" or "ip:<address>"; shared by all app processes. */
export const authThrottle = pgTable('auth_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStart: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});

/**
 * Staff invitations (lib/accounts/invitations.ts): an admin invites a person by e-mail to become handler, leader,
 * moderator or admin. The link's token is stored only as its SHA-256 (token_hash); the invitation is good for 72
 * hours and once, and an admin may revoke it before it is used.
 */
export const invitations = pgTable('invitations', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  tokenHash: text().notNull().unique(),
  email: text().notNull(),
  name: text().notNull(),
  role: roleEnum().notNull(),
  departmentId: bigint({ mode: 'number' }).references(() => departments.id),
  title: text(),
  /** The invitation's language (lib/i18n/config LOCALES), chosen by the admin: its e-mail, and its page for a visitor without a language cookie. */
  locale: text().notNull().default('zh-CN'),
  invitedById: bigint({ mode: 'number' }).notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  acceptedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
  /** The account the invitation created. */
  userId: bigint({ mode: 'number' }).references(() => users.id),
}, (t) => [index('invitations_email_idx').on(t.email), index('invitations_created_idx').on(t.createdAt)]);

/**
 * Password reset links (lib/accounts/password-reset.ts): SHA-256 of the token only; single use; 30 minutes when the
 * person asked, 72 hours when an admin forced the reset.
 */
export const passwordResets = pgTable('password_resets', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  userId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  tokenHash: text().notNull().unique(),
  /** 'self' (asked on /password-reset) or 'admin' (forced by an admin). */
  reason: text({ enum: ['self', 'admin'] }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }),
}, (t) => [index('password_resets_user_idx').on(t.userId, t.createdAt)]);
