import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { calendarDays, calendarYears } from '../calendar/schema';
import { officialYear } from '../calendar/official';
import { chinaYear } from '../calendar/workdays';
import { catalogueCategories } from '../disclosure/schema';
import { CATALOGUE, type CategorySeed } from '../disclosure/categories';
import { letterDeadlines } from '../letters/schema';
import { DEFAULT_DEADLINES } from '../letters/deadlines';

/**
 * Reference data every installation needs (not demo data): the disclosure catalogue, the letter deadlines and
 * the working-day calendar for this (Beijing) year and the next. Idempotent: what exists — including admins' edits — is left alone.
 */
export async function seedReferenceData(db: Db, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    let order = 0;
    const insertCategory = async (seed: CategorySeed, parentId: number | null) => {
      order += 1;
      await tx
        .insert(catalogueCategories)
        .values({ code: seed.code, name: seed.name, nameEn: seed.nameEn, parentId, sortOrder: order })
        .onConflictDoNothing({ target: catalogueCategories.code });
      const [row] = await tx.select({ id: catalogueCategories.id }).from(catalogueCategories).where(eq(catalogueCategories.code, seed.code));
      for (const child of seed.children ?? []) await insertCategory(child, row!.id);
    };
    for (const seed of CATALOGUE) await insertCategory(seed, null);

    await tx
      .insert(letterDeadlines)
      .values(Object.entries(DEFAULT_DEADLINES).map(([key, workingDays]) => ({ key: key as keyof typeof DEFAULT_DEADLINES, workingDays })))
      .onConflictDoNothing({ target: letterDeadlines.key });

    const thisYear = chinaYear(now);
    for (const year of [thisYear, thisYear + 1]) {
      const official = officialYear(year);
      const inserted = await tx
        .insert(calendarYears)
        .values({ year, status: official.status, source: official.source })
        .onConflictDoNothing({ target: calendarYears.year })
        .returning({ year: calendarYears.year });
      if (inserted.length && official.days.length) {
        await tx.insert(calendarDays).values(official.days).onConflictDoNothing({ target: calendarDays.day });
      }
    }
  });
}
