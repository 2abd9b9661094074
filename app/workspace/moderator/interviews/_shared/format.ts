import { dateTimeFormat } from '@/lib/calendar/date-format';

/** Interview times are shown in Beijing time, whatever the server's or the browser's zone. */
const options = { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' } as const;

export function formatDateTime(value: string | Date, locale = 'zh-CN'): string {
  return dateTimeFormat(locale, options).format(new Date(value));
}

const day = (value: Date) => dateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(value);

/** 2030年6月1日 10:00–11:30 (one Beijing day), otherwise both ends in full. */
export function formatRange(start: string | Date, end: string | Date, locale = 'zh-CN'): string {
  const from = new Date(start);
  const to = new Date(end);
  if (day(from) !== day(to)) return `${formatDateTime(from, locale)} – ${formatDateTime(to, locale)}`;
  const time = dateTimeFormat(locale, { timeZone: 'Asia/Shanghai', timeStyle: 'short' }).format(to);
  return `${formatDateTime(from, locale)}–${time}`;
}

/** HH:mm:ss in Beijing time (the draft's “saved at”). */
export function formatClock(value: string | Date, locale = 'zh-CN'): string {
  return dateTimeFormat(locale, { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(value));
}

const LOCAL_PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** A datetime-local value in Beijing time (2030-06-01T10:00), the form's way of showing a stored instant. */
export function beijingLocalInput(value: string | Date): string {
  const parts = Object.fromEntries(LOCAL_PARTS.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** A Beijing calendar date (YYYY-MM-DD, e.g. a due date) in the reader's language: 2026年10月12日. */
export function formatDay(day: string, locale = 'zh-CN'): string {
  return dateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${day}T00:00:00Z`));
}
