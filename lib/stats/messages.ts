import { desc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db';
import { messageStatistics } from '../accountability/schema';
import { chinaDate } from '../calendar';
import { getDepartmentRates, ratesJson } from './rates';

/**
 * 留言统计 (issue 14 item 6; the government website inspection indicator "留言统计 published"): once a Beijing
 * month has ended, its figures are published as one row of `message_statistics` and shown at /stats/messages.
 * The row is written once (ON CONFLICT DO NOTHING on the month), so several app processes running the job publish
 * it exactly once, and a published month never changes afterwards (it is the record of what was published).
 */

export interface MessageStatisticsFigures {
  month: string;
  /** Letters submitted in the month (Beijing time). */
  received: number;
  /** The month's 三率 (lib/stats/rates.ts), bureau and departments, in the API's shape. */
  rates: ReturnType<typeof ratesJson>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The 'YYYY-MM' before the given one. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

export async function computeMessageStatistics(database: Db, month: string): Promise<MessageStatisticsFigures> {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const start = new Date(`${month}-01T00:00:00+08:00`);
  const end = new Date(`${nextMonth(month)}-01T00:00:00+08:00`);
  const [report, received] = await Promise.all([
    getDepartmentRates(database, year, m),
    database.execute(sql`select count(*)::int as n from letters where submitted_at >= ${start.toISOString()}::timestamptz and submitted_at < ${end.toISOString()}::timestamptz`),
  ]);
  return { month, received: Number(rowsOf<{ n: number }>(received)[0]?.n ?? 0), rates: ratesJson(report) };
}

/**
 * The job: publishes every ended Beijing month not yet published, from the month after the latest published one
 * (or the month of the first letter, at most 24 months back) up to last month. Returns the months it published.
 */
export async function publishMessageStatistics(database: Db, now: Date = new Date()): Promise<string[]> {
  const last = previousMonth(chinaDate(now).slice(0, 7));
  const [latest] = await database.select({ month: messageStatistics.month }).from(messageStatistics).orderBy(desc(messageStatistics.month)).limit(1);
  let first: string;
  if (latest) {
    first = nextMonth(latest.month);
  } else {
    const row = rowsOf<{ first: string | null }>(await database.execute(sql`select to_char(min(submitted_at) at time zone 'Asia/Shanghai', 'YYYY-MM') as first from letters`))[0];
    first = row?.first ?? last;
  }
  let floor = last;
  for (let i = 0; i < 23; i++) floor = previousMonth(floor);
  if (first < floor) first = floor;
  const published: string[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) {
    const figures = await computeMessageStatistics(database, month);
    const inserted = await database.insert(messageStatistics).values({ month, figures: figures as unknown as Record<string, unknown>, publishedAt: now })
      .onConflictDoNothing().returning({ month: messageStatistics.month });
    if (inserted.length) published.push(month);
  }
  return published;
}

export async function listMessageStatistics(database: Db): Promise<Array<{ month: string; publishedAt: Date; received: number; answered: number }>> {
  const rows = await database.select().from(messageStatistics).orderBy(desc(messageStatistics.month));
  return rows.map((r) => {
    const f = r.figures as unknown as MessageStatisticsFigures;
    return { month: r.month, publishedAt: r.publishedAt, received: Number(f.received ?? 0), answered: Number(f.rates?.bureau?.cases ?? 0) };
  });
}

export async function getMessageStatistics(database: Db, month: string): Promise<{ month: string; publishedAt: Date; figures: MessageStatisticsFigures } | null> {
  const [row] = await database.select().from(messageStatistics).where(eq(messageStatistics.month, month));
  return row ? { month: row.month, publishedAt: row.publishedAt, figures: row.figures as unknown as MessageStatisticsFigures } : null;
}
