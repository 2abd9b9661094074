import { count, sql } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { database, db, openDatabase, type Db } from '@/lib/db';
import { departments, organisation, users } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { calendarDays, calendarYears } from '@/lib/calendar/schema';
import { catalogueCategories } from '@/lib/disclosure/schema';
import { seedDemoData } from '@/lib/seed/demo';
import { seedReferenceData } from '@/lib/seed/reference';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { databaseKind } from './support/database';

const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'drizzle/meta/_journal.json'), 'utf8')) as { entries: unknown[] };
const tables = { departments, users, organisation, catalogueCategories, calendarDays, calendarYears, auditLog } as const;

async function counts(): Promise<Record<keyof typeof tables, number>> {
  const entries = await Promise.all(
    Object.entries(tables).map(async ([name, table]) => {
      const [row] = await db().select({ n: count() }).from(table);
      return [name, row!.n] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<keyof typeof tables, number>;
}

async function appliedMigrations(on: Db = db()): Promise<number> {
  const result = await on.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  const rows = (Array.isArray(result) ? result : (result as { rows: Array<{ n: number }> }).rows) as Array<{ n: number }>;
  return rows[0]!.n;
}

describe(`migrations and seeds (${databaseKind})`, () => {
  it('runs on the database the suite was asked for', () => {
    expect(database().kind).toBe(databaseKind);
  });

  it('applied every migration in drizzle/ once', async () => {
    expect(journal.entries.length).toBeGreaterThanOrEqual(2);
    expect(await appliedMigrations()).toBe(journal.entries.length);
  });

  it('seeded the expected reference and demo rows', async () => {
    // Literal figures: test/setup/database.ts seeds as of 2026-06-01, so the calendar holds 2026 as announced
    // (33 holidays, 6 make-up workdays) and 2027's 13 statutory holidays.
    expect(await counts()).toEqual({
      departments: 8,
      users: 5,
      organisation: 1,
      catalogueCategories: 19,
      calendarDays: 39 + 13,
      calendarYears: 2,
      auditLog: 5,
    });
  });

  it('migrate() is idempotent', async () => {
    const before = await counts();
    await database().migrate();
    await database().migrate();
    expect(await appliedMigrations()).toBe(journal.entries.length);
    expect(await counts()).toEqual(before);
  });

  it('seeding reference and demo data again duplicates nothing', async () => {
    // As of the date test/setup/database.ts seeded at: seeding at "now" in another year adds that year's calendar.
    const seededAt = new Date('2026-06-01T00:00:00+08:00');
    const before = await counts();
    await seedReferenceData(db(), seededAt);
    expect(await seedDemoData(db())).toEqual({ created: false });
    await seedReferenceData(db(), seededAt);
    expect(await seedDemoData(db())).toEqual({ created: false });
    expect(await counts()).toEqual(before);
  });

  it('keeps the parent links of the catalogue tree', async () => {
    const rows = await db().select().from(catalogueCategories);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get('0702')?.parentId).toBe(byCode.get('07')?.id);
    expect(byCode.get('01')?.parentId).toBeNull();
  });

  // Several app processes start at once against one fresh PostgreSQL database: the advisory lock in migrate()
  // must let exactly one apply the migrations. (PGlite allows one process per data folder, so this is PostgreSQL only.)
  it.runIf(databaseKind === 'postgres')('two processes migrating one fresh database at once apply each migration once', async () => {
    const url = await createThrowawayDatabase(process.env.TEST_DATABASE_URL!);
    const first = openDatabase({ url });
    const second = openDatabase({ url });
    try {
      await Promise.all([first.migrate(), second.migrate(), first.migrate()]);
      expect(await appliedMigrations(first.db)).toBe(journal.entries.length);
      await seedReferenceData(first.db);
      const [row] = await second.db.select({ n: count() }).from(catalogueCategories);
      expect(row!.n).toBe(19);
    } finally {
      await first.close();
      await second.close();
      await dropThrowawayDatabase(url);
    }
  });
});
