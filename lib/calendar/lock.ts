import { sql } from 'drizzle-orm';
import type { Tx } from '../db';

/**
 * The working-day rules lock. Edits of the rules (the calendar, the letters' limits) hold it exclusively, so each
 * recompute of due dates sees the previous edit; every operation that computes a due date holds it shared, so an
 * edit never slips in between its reading the rules and writing the date.
 */
const RULES_LOCK = 727_274_002;

export async function lockWorkingDayRules(tx: Tx): Promise<void> {
  await tx.execute(sql.raw(`select pg_advisory_xact_lock(${RULES_LOCK})`));
}

/** Case operations that compute due dates hold the same lock shared, so an edit never slips in between. */
export async function shareWorkingDayRules(tx: Tx): Promise<void> {
  await tx.execute(sql.raw(`select pg_advisory_xact_lock_shared(${RULES_LOCK})`));
}
