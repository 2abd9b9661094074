import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema';

/** In-app notifications (the bell). */
export const notifications = pgTable('notifications', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  userId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  kind: text().notNull(),
  title: text().notNull(),
  body: text().notNull().default(''),
  link: text(),
  /**
   * The notice as a message key and its values (lib/notifications/texts.ts: `notices.<key>.title|body` in the
   * catalogues), rendered in the reader's language; title/body keep the Chinese as sent. Null on older rows and on
   * notices not yet given a key: those show title/body.
   */
  message: jsonb().$type<{ key: string; values?: Record<string, string | number> }>(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp({ withTimezone: true }),
}, (t) => [index('notifications_user_idx').on(t.userId, t.id)]);

/**
 * Outgoing email. Written in the same transaction as the change it reports; a sender delivers it through SMTP when
 * SMTP_URL is set, otherwise it stays here for admins to read.
 */
export const emailOutbox = pgTable('email_outbox', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  to: text().notNull(),
  subject: text().notNull(),
  body: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp({ withTimezone: true }),
  attempts: bigint({ mode: 'number' }).notNull().default(0),
  /** Set when a sender takes the message; another sender skips it for a while (crash-safe, no long lock). */
  claimedAt: timestamp({ withTimezone: true }),
  lastError: text(),
}, (t) => [index('email_outbox_pending_idx').on(t.sentAt, t.id)]);
