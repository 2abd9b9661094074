import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../db';

/**
 * The open letters the supervision board counts, as a scalar subquery over the deltas a trigger on `letters` keeps
 * (migration 0040, lib/accountability/schema.ts openLetterCountDeltas): the bureau's (no department given), one
 * department's, or (null) those awaiting triage. Exact in every transaction: the trigger writes in the letter's own.
 */
export function openLetterCountSql(departmentId?: number | null): SQL {
  const where = departmentId === undefined ? sql`` : departmentId === null ? sql` where department_id is null` : sql` where department_id = ${departmentId}`;
  return sql`(select coalesce(sum(delta), 0) from open_letter_count_deltas${where})`;
}

export async function openLetterCount(database: Db | Tx, departmentId?: number | null): Promise<number> {
  const result = await database.execute(sql`select ${openLetterCountSql(departmentId)}::int as n`);
  return Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);
}

/**
 * Folds the deltas into one row per department (in one statement: rows written meanwhile stay as they are, and a
 * reader sees either the old rows or the folded ones). Run every minute by the app's jobs, so a count sums a few
 * dozen rows. Only departments with more than one row are touched: a quiet minute writes nothing. Returns how many
 * rows were folded.
 */
export async function compactOpenLetterCounts(database: Db | Tx): Promise<number> {
  const result = await database.execute(sql`with busy as (
        select department_id from open_letter_count_deltas group by department_id having count(*) > 1),
      folded as (delete from open_letter_count_deltas d using busy
        where d.department_id is not distinct from busy.department_id returning d.department_id, d.delta),
      kept as (insert into open_letter_count_deltas (department_id, delta)
        select department_id, sum(delta)::int from folded group by department_id having sum(delta) <> 0 returning 1)
    select count(*)::int as n from folded`);
  return Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);
}
