import { chinaYear } from '@/lib/calendar/workdays';
import { statsQuery } from '@/lib/stats';

export type StatsParams = Record<string, string | string[] | undefined>;

/** The ?year of a /stats table page, checked (statsQuery); the current Beijing year when absent or invalid. */
export async function yearOf(searchParams: Promise<StatsParams>) {
  const raw = (await searchParams).year;
  const value = Array.isArray(raw) ? raw[0] : raw;
  const parsed = statsQuery.safeParse(value ? { year: value } : {});
  return { parsed, year: (parsed.success ? parsed.data.year : undefined) ?? chinaYear() };
}
