import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only record of every state change: who, what, when, why.
 * UPDATE and DELETE are refused by a trigger (migration 0001), not only by convention.
 */
export const auditLog = pgTable('audit_log', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Internal user id; null for the system or an anonymous visitor. */
  actorId: bigint({ mode: 'number' }),
  actorRole: text().notNull(),
  action: text().notNull(),
  entityType: text().notNull(),
  entityId: text().notNull(),
  ip: text(),
  details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId), index('audit_log_at_idx').on(t.at)]);
