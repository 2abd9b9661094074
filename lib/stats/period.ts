import { ratesQuery } from './rates';
import { beijingYearMonth } from './rates';

/**
 * The period of the 三率 page and its CSV from search params (?year=&month=; an empty month is the whole year).
 * Bad input gives the first error message and falls back to this year (the page shows the message; the CSV route
 * answers 422 instead).
 */
export function periodFromParams(params: Record<string, string | string[] | undefined>, now = new Date()):
  { year: number; month: number | null; error: string | null } {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const raw: Record<string, string> = {};
  for (const key of ['year', 'month'] as const) {
    const value = first(params[key])?.trim();
    if (value) raw[key] = value;
  }
  const parsed = ratesQuery.safeParse(raw);
  const { year } = beijingYearMonth(now);
  if (!parsed.success) return { year, month: null, error: parsed.error.issues[0]?.message ?? '查询条件无效' };
  return { year: parsed.data.year ?? year, month: parsed.data.month ?? null, error: null };
}
