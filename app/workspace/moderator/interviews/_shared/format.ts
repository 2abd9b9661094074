/** Interview times are shown in Beijing time, whatever the server's or the browser's zone. */
const options = { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' } as const;

export function formatDateTime(value: string | Date, locale = 'zh-CN'): string {
  return new Intl.DateTimeFormat(locale, options).format(new Date(value));
}

const day = (value: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(value);

/** 2030年6月1日 10:00–11:30 (one Beijing day), otherwise both ends in full. */
export function formatRange(start: string | Date, end: string | Date, locale = 'zh-CN'): string {
  const from = new Date(start);
  const to = new Date(end);
  if (day(from) !== day(to)) return `${formatDateTime(from, locale)} – ${formatDateTime(to, locale)}`;
  const time = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', timeStyle: 'short' }).format(to);
  return `${formatDateTime(from, locale)}–${time}`;
}

/** HH:mm:ss in Beijing time (the draft's “saved at”). */
export function formatClock(value: string | Date, locale = 'zh-CN'): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(value));
}
