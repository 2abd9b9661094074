import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The inspection radar's alert state (issue 14 item 7): one row per indicator with the last status the alert job
 * saw. Moderators and admins are notified when an indicator gets worse (pass → at_risk, → fail); the row lock and
 * this state make the alert once per indicator per breach window, whichever process runs the job.
 */
export const complianceAlerts = pgTable('compliance_alerts', {
  indicator: text().primaryKey(),
  status: text().notNull().$type<'pass' | 'at_risk' | 'fail'>(),
  changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  notifiedAt: timestamp({ withTimezone: true }),
});
