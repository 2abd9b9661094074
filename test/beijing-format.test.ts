import { describe, expect, it } from 'vitest';
import { dateTimeFormat } from '@/lib/calendar/date-format';
import { chinaDate } from '@/lib/calendar/workdays';
import { formatDate, formatDateTime, formatRange, formatTime } from '@/app/interviews/format';

/**
 * The Beijing-time formatters read UTC+8 arithmetically (session 16: server render CPU); these pin them to what Intl
 * says for Asia/Shanghai — the formatters' output before — over instants from 1985 to 2100, summer time included.
 */
const intlParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
const intlDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
function viaIntl(value: Date) {
  const p = Object.fromEntries(intlParts.formatToParts(value).map((x) => [x.type, x.value]));
  const pad = (v: string) => v.padStart(2, '0');
  return {
    zh: `${p.year}年${p.month}月${p.day}日`,
    en: `${p.year}-${pad(p.month!)}-${pad(p.day!)}`,
    time: `${pad(p.hour!)}:${pad(p.minute!)}`,
  };
}

/** Deterministic instants: every day boundary and its neighbours in Beijing, and a spread of others. */
function instants(): Date[] {
  const out: Date[] = [];
  let seed = 16;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 3000; i++) out.push(new Date(Date.UTC(1985, 0, 1) + Math.floor(random() * (Date.UTC(2100, 0, 1) - Date.UTC(1985, 0, 1)))));
  for (const day of ['1986-05-04', '1991-09-14', '1991-09-15', '2024-02-29', '2026-12-31', '2027-01-01']) {
    const midnight = Date.parse(`${day}T00:00:00+08:00`);
    for (const d of [-3600_001, -1, 0, 1, 3600_000]) out.push(new Date(midnight + d));
  }
  return out;
}

describe('Beijing time without Intl on the hot path', () => {
  it('interview dates and times are what Intl gives for Asia/Shanghai', () => {
    for (const instant of instants()) {
      const expected = viaIntl(instant);
      expect(formatDate(instant), instant.toISOString()).toBe(expected.zh);
      expect(formatDate(instant.toISOString(), 'en'), instant.toISOString()).toBe(expected.en);
      expect(formatTime(instant), instant.toISOString()).toBe(expected.time);
      expect(formatDateTime(instant, 'zh-CN')).toBe(`${expected.zh} ${expected.time}`);
    }
  });

  it('a range within one Beijing day names the day once', () => {
    expect(formatRange('2030-06-01T02:00:00Z', '2030-06-01T03:30:00Z')).toBe('2030年6月1日 10:00–11:30');
    expect(formatRange('2030-06-01T15:00:00Z', '2030-06-01T16:30:00Z', 'en')).toBe('2030-06-01 23:00 – 2030-06-02 00:30');
  });

  it('an invalid date still throws, as Intl did', () => {
    expect(() => formatDate('not a date')).toThrow(RangeError);
  });

  it('chinaDate is the en-CA date Intl gives for Asia/Shanghai', () => {
    for (const instant of instants()) expect(chinaDate(instant), instant.toISOString()).toBe(intlDay.format(instant));
  });

  it('dateTimeFormat keeps one formatter per locale and options, formatting as a new one does', () => {
    const options = { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' } as const;
    expect(dateTimeFormat('zh-CN', { ...options })).toBe(dateTimeFormat('zh-CN', options));
    expect(dateTimeFormat('en-GB', options)).not.toBe(dateTimeFormat('zh-CN', options));
    const instant = new Date('2026-12-04T05:30:00Z');
    for (const locale of ['zh-CN', 'en-GB']) expect(dateTimeFormat(locale, options).format(instant)).toBe(new Intl.DateTimeFormat(locale, options).format(instant));
    expect(dateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai' }).format(instant)).toBe(instant.toLocaleDateString('en-GB', { timeZone: 'Asia/Shanghai' }));
  });
});
