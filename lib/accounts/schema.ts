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
  status: userStatusEnum().notNull().default('active'),
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
