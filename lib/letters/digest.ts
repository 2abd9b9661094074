import { and, count, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import { db } from '../db';
import { departments } from '../accounts/schema';
import { chinaDate } from '../calendar';
import { notifyUsers, pingUsers } from '../notifications';
import { recordAudit } from '../audit';
import { staffOfDepartment } from './staff';
import { CLOCK_RUNNING } from './deadlines';
import { letters, overdueDigests } from './schema';
import { dateTimeFormat } from '../calendar/date-format';

/** From this Beijing hour on, the day's digest goes out (a process started later still sends it once). */
export const DIGEST_HOUR = 8;

function beijingHour(now: Date): number {
  return Number(dateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hour12: false }).format(now));
}

/**
 * The daily overdue digest: each department with overdue open letters gets one notification (and email) per
 * Beijing day. The unique (day, department) row decides which process sends it, so running this often is safe.
 * Returns the departments notified.
 */
export async function sendOverdueDigests(now = new Date()): Promise<Array<{ department: string; overdue: number }>> {
  if (beijingHour(now) < DIGEST_HOUR) return [];
  const today = chinaDate(now);
  const overdue = await db()
    .select({ departmentId: letters.departmentId, name: departments.name, nameEn: departments.nameEn, n: count() })
    .from(letters)
    .innerJoin(departments, eq(letters.departmentId, departments.id))
    .where(and(inArray(letters.status, [...CLOCK_RUNNING]), isNotNull(letters.dueOn), lt(letters.dueOn, today)))
    .groupBy(letters.departmentId, departments.name, departments.nameEn);

  const sent: Array<{ department: string; overdue: number }> = [];
  for (const row of overdue) {
    const pinged = await db().transaction(async (tx) => {
      const claimed = await tx
        .insert(overdueDigests)
        .values({ day: today, departmentId: row.departmentId!, letters: row.n })
        .onConflictDoNothing()
        .returning({ day: overdueDigests.day });
      if (claimed.length === 0) return null;
      const ids = await staffOfDepartment(tx, row.departmentId!);
      const result = await notifyUsers(tx, ids, {
        kind: 'letter.overdue_digest',
        title: `${row.name}有 ${row.n} 封来信已超过办理期限`,
        body: `截至 ${today}，${row.name}共有 ${row.n} 封来信超过办理期限，请尽快办理。`,
        link: '/workspace/handler',
        message: { key: 'letterOverdueDigest', values: { department: row.name, departmentEn: row.nameEn || row.name, count: row.n, day: today }, user: ['department', 'departmentEn'] },
      });
      await recordAudit(tx, 'system', { action: 'letters.overdue_digest', entityType: 'department', entityId: row.departmentId!, details: { day: today, overdue: row.n } });
      return result;
    });
    if (pinged) {
      pingUsers(pinged);
      sent.push({ department: row.name, overdue: row.n });
    }
  }
  return sent;
}
