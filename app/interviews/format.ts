import { BEIJING_FIXED_FROM, BEIJING_FIXED_UNTIL, BEIJING_OFFSET_MS } from '@/lib/calendar/date-format';

/**
 * Interview times in Beijing time, built from numeric parts so the server's and the browser's output are the same
 * string (no hydration mismatch between ICU versions): 2030年6月1日 10:00 / 2030-06-01 10:00.
 *
 * China Standard Time is UTC+8 without daylight saving since September 1991, so from 1992 the parts are read from the
 * ISO string of the instant shifted by eight hours instead of Intl's formatToParts (about 30 times the work, and a
 * page of an interview formats every question's times on the server twice, in its flight data and its HTML). Earlier
 * instants (Asia/Shanghai kept summer time 1986–1991), years past 9999 and invalid dates go through Intl as before.
 */
const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function beijing(value: string | Date) {
  const ms = new Date(value).getTime();
  if (ms >= BEIJING_FIXED_FROM && ms < BEIJING_FIXED_UNTIL) {
    // YYYY-MM-DDTHH:mm:ss.sssZ of the instant eight hours later
    const iso = new Date(ms + BEIJING_OFFSET_MS).toISOString();
    return { y: iso.slice(0, 4), m: String(Number(iso.slice(5, 7))), d: String(Number(iso.slice(8, 10))), hh: iso.slice(11, 13), mm: iso.slice(14, 16), ss: iso.slice(17, 19) };
  }
  const map: Record<string, string> = {};
  for (const p of parts.formatToParts(new Date(value))) map[p.type] = p.value;
  return { y: map.year!, m: map.month!, d: map.day!, hh: map.hour!.padStart(2, '0'), mm: map.minute!.padStart(2, '0'), ss: map.second!.padStart(2, '0') };
}

const pad = (v: string) => v.padStart(2, '0');

export function formatDate(value: string | Date, locale = 'zh-CN'): string {
  const t = beijing(value);
  return locale === 'en' ? `${t.y}-${pad(t.m)}-${pad(t.d)}` : `${t.y}年${t.m}月${t.d}日`;
}

export function formatTime(value: string | Date): string {
  const t = beijing(value);
  return `${t.hh}:${t.mm}`;
}

export function formatDateTime(value: string | Date, locale = 'zh-CN'): string {
  return `${formatDate(value, locale)} ${formatTime(value)}`;
}

/** One Beijing day: 2030年6月1日 10:00–11:30; otherwise both ends in full. */
export function formatRange(start: string | Date, end: string | Date, locale = 'zh-CN'): string {
  if (formatDate(start, locale) !== formatDate(end, locale)) return `${formatDateTime(start, locale)} – ${formatDateTime(end, locale)}`;
  return `${formatDateTime(start, locale)}–${formatTime(end)}`;
}

/** For <time dateTime>. */
export const isoOf = (value: string | Date) => new Date(value).toISOString();
