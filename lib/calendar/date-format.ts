/**
 * Intl.DateTimeFormat objects kept per locale and options. Constructing one costs about 0.3 ms on the benchmark
 * machine (ICU loads the locale's patterns and the time zone each time), formatting with it about 1 µs: a formatter
 * built per call costs a list of 50 rows some 15 ms of server CPU (session 16, docs/BENCHMARKS.md).
 * `Date#toLocaleString` and friends with options build one per call too. Locales and options are literals in the
 * code, so the map stays small.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * From 1992 to 9999 Beijing time is the instant shifted by eight hours, read in UTC: Asia/Shanghai has been UTC+8
 * without summer time since September 1991 (lib/calendar/workdays.ts#chinaDate, app/interviews/format.ts).
 */
export const BEIJING_FIXED_FROM = Date.UTC(1991, 11, 31, 16);
export const BEIJING_FIXED_UNTIL = Date.UTC(9999, 11, 31, 16);
export const BEIJING_OFFSET_MS = 8 * 3600_000;
