import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';
import published from 'chinese-days/dist/chinese-days.json';

/**
 * The official working-day arrangement of a year, as seed data for the editable calendar.
 * Announced years come from the State Council's notice as packaged by chinese-days; a year not announced yet
 * gets only its statutory holiday days (《全国年节及纪念日放假办法》, 2024 revision) and is marked provisional,
 * because its bridging days and make-up workdays (调休) are unknown until the notice is out.
 */
export interface OfficialYear {
  year: number;
  status: 'announced' | 'provisional';
  source: string;
  days: Array<{ day: string; kind: 'holiday' | 'workday'; name: string }>;
}

const data = published as { holidays: Record<string, string>; workdays: Record<string, string> };

// "Spring Festival,春节,4" → "春节"
const chineseName = (entry: string) => entry.split(',')[1] ?? entry;

function plusDays(isoDay: string, n: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The statutory holiday days of a year, before any announcement adds bridging days and make-up workdays. */
export function statutoryHolidays(year: number): OfficialYear['days'] {
  const springFestival = getSolarDateFromLunar(`${year}-01-01`).date;
  const days: Array<[string, string]> = [
    [`${year}-01-01`, '元旦'],
    [plusDays(springFestival, -1), '春节'], // 除夕
    [springFestival, '春节'],
    [plusDays(springFestival, 1), '春节'],
    [plusDays(springFestival, 2), '春节'],
    [getSolarTermDate(year, 4, 'pure_brightness'), '清明节'],
    [`${year}-05-01`, '劳动节'],
    [`${year}-05-02`, '劳动节'],
    [getSolarDateFromLunar(`${year}-05-05`).date, '端午节'],
    [getSolarDateFromLunar(`${year}-08-15`).date, '中秋节'],
    [`${year}-10-01`, '国庆节'],
    [`${year}-10-02`, '国庆节'],
    [`${year}-10-03`, '国庆节'],
  ];
  // Two festivals can fall on one day (中秋节 on 10-03 in 2028): one row per day, both names.
  const byDay = new Map<string, string>();
  for (const [day, name] of days) byDay.set(day, byDay.has(day) ? `${byDay.get(day)}、${name}` : name);
  return [...byDay]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, name]) => ({ day, kind: 'holiday' as const, name }));
}

export function officialYear(year: number): OfficialYear {
  const prefix = `${year}-`;
  const holidays = Object.entries(data.holidays).filter(([d]) => d.startsWith(prefix));
  const workdays = Object.entries(data.workdays).filter(([d]) => d.startsWith(prefix));
  if (holidays.length === 0) {
    return {
      year,
      status: 'provisional',
      source: `《全国年节及纪念日放假办法》法定节日（${year} 年放假安排尚未公布，调休待补录）`,
      days: statutoryHolidays(year),
    };
  }
  return {
    year,
    status: 'announced',
    source: `国务院办公厅关于 ${year} 年部分节假日安排的通知`,
    days: [
      ...holidays.map(([day, name]) => ({ day, kind: 'holiday' as const, name: chineseName(name) })),
      ...workdays.map(([day, name]) => ({ day, kind: 'workday' as const, name: `${chineseName(name)}调休上班` })),
    ].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
