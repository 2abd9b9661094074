import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, rowsOf } from '@/lib/db';
import { LETTER_STATUSES } from '@/lib/letters/schema';
import { LETTER_OPEN_STATUSES } from '@/lib/letters/transitions';
import { APPLICATION_STATUSES } from '@/lib/disclosure/schema';
import { APPLICATION_OPEN_STATUSES } from '@/lib/disclosure/application-transitions';

/**
 * Which letters and applications are open is written once in code (letters/transitions.ts,
 * disclosure/application-transitions.ts) — the queues, badges, the board, compliance and department checks read it —
 * and again in SQL, where code cannot reach: the partial indexes the board walks (letters_open_*_idx) and the trigger
 * that keeps the board's open-letter count (migration 0040). Five copies in code had grown before; this reads the
 * SQL back from the database and fails when any list of statuses in it is not exactly the open list, so a state
 * added in code but not in a migration (or the reverse) is caught here rather than as a wrong count or a slow board.
 */

interface Definition { name: string; def: string }

/** Each list of enum literals in a definition: `IN ('a', 'b')` in source, `ANY (ARRAY['a'::t, 'b'::t])` as Postgres prints it. */
function statusLists(def: string, statuses: readonly string[]): string[][] {
  const lists: string[][] = [];
  for (const match of def.matchAll(/[([]([^()[\]]*)[)\]]/g)) {
    const literals = [...match[1]!.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!).filter((s) => statuses.includes(s));
    if (literals.length > 0) lists.push(literals);
  }
  return lists;
}

async function definitions(table: string, marker: string): Promise<Definition[]> {
  const indexes = rowsOf<Definition>(await db().execute(sql`
    select indexname as name, indexdef as def from pg_indexes where schemaname = 'public' and tablename = ${table} and indexdef like ${`%${marker}%`}`));
  const functions = rowsOf<Definition>(await db().execute(sql`
    select p.proname as name, p.prosrc as def from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.prosrc like ${`%${marker}%`}`));
  return [...indexes, ...functions];
}

describe('open states: one list in code, the same in SQL', () => {
  it('letters: the partial indexes and the open-count trigger list exactly LETTER_OPEN_STATUSES', async () => {
    const defs = await definitions('letters', 'needs_info');
    // The two indexes of migration 0017 and the trigger function of 0040 at least: a test that finds nothing proves nothing.
    expect(defs.map((d) => d.name)).toEqual(expect.arrayContaining(['letters_open_due_idx', 'letters_open_department_due_idx', 'open_letter_count_change']));
    for (const { name, def } of defs) {
      const lists = statusLists(def, LETTER_STATUSES);
      expect(lists.length, name).toBeGreaterThan(0);
      for (const list of lists) expect([...list].sort(), `${name}: ${def}`).toEqual([...LETTER_OPEN_STATUSES].sort());
    }
  });

  it('applications: any SQL that lists their open states lists exactly APPLICATION_OPEN_STATUSES', async () => {
    const defs = await definitions('disclosure_applications', 'needs_correction');
    for (const { name, def } of defs) {
      for (const list of statusLists(def, APPLICATION_STATUSES)) {
        // A list of paused states alone (补正, 征求意见) is another list, not a stale copy of the open one.
        if (list.every((s) => s === 'needs_correction' || s === 'consulting')) continue;
        expect([...list].sort(), `${name}: ${def}`).toEqual([...APPLICATION_OPEN_STATUSES].sort());
      }
    }
  });

  it('the lists are what the lifecycles say: open until answered, closed or refused', () => {
    expect(LETTER_OPEN_STATUSES).toEqual(['submitted', 'accepted', 'needs_info']);
    expect(APPLICATION_OPEN_STATUSES).toEqual(['submitted', 'registered', 'needs_correction', 'consulting']);
  });
});
