import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, rowsOf } from '../db';
import { parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { departments, users } from '../accounts/schema';
import { chinaDate } from '../calendar';
import { notifyUsers, pingUsers } from '../notifications';
import { departmentBulletins } from './schema';

/**
 * The monthly internal 通报 (issue 14 item 3): on the first ladder run in a new Beijing month, one row per active
 * department for the month before, with its figures, and a notification to the department's leader(s) and to
 * the moderators. The unique (month, department) row is the claim: several processes send it once.
 */

export interface BulletinFigures {
  /** Letters accepted into the department (受理分办) in the month. */
  received: number;
  /** Answers given in the month, on time (by the due date the answer met) and late. */
  answered: number;
  answeredOnTime: number;
  answeredLate: number;
  /** Letters open when the bulletin was made (accepted or waiting for the writer's information). */
  open: number;
  /** Of those, with a running clock past its due date. */
  overdue: number;
  /** Citizens' 催办 in the month; the ladder's 系统催办; moderators' 督办 made; answers closed as 未评价. */
  urged: number;
  systemUrged: number;
  supervised: number;
  closedUnrated: number;
  /** The Beijing date the open and overdue figures were taken. */
  asOf: string;
}

/** 'YYYY-MM' of the Beijing month before the one `now` is in. */
export function previousMonth(now: Date): string {
  const [y, m] = chinaDate(now).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function monthBounds(month: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { start: new Date(`${month}-01T00:00:00+08:00`).toISOString(), end: new Date(`${next}-01T00:00:00+08:00`).toISOString() };
}

/** Each active department's figures for `month`, counted from the event log, the ladder's claims and the cases. */
export async function bulletinFigures(month: string, now: Date): Promise<Map<number, BulletinFigures>> {
  const { start, end } = monthBounds(month);
  const today = chinaDate(now);
  const inMonth = (column: string) => sql`${sql.raw(column)} >= ${start}::timestamptz and ${sql.raw(column)} < ${end}::timestamptz`;
  const rows = rowsOf<Record<string, string | number>>(await db().execute(sql`
    select d.id,
      (select count(*) from letter_events e join letters l on l.id = e.letter_id
        where l.department_id = d.id and e.type = 'accepted' and ${inMonth('e.at')})::int as received,
      (select count(*) from letter_events e join letters l on l.id = e.letter_id
        where l.department_id = d.id and e.type = 'answered' and ${inMonth('e.at')})::int as answered,
      (select count(*) from letter_events e join letters l on l.id = e.letter_id
        where l.department_id = d.id and e.type = 'answered' and ${inMonth('e.at')}
          and e.data ? 'dueOn' and (e.at at time zone 'Asia/Shanghai')::date <= (e.data->>'dueOn')::date)::int as answered_on_time,
      (select count(*) from letter_events e join letters l on l.id = e.letter_id
        where l.department_id = d.id and e.type = 'answered' and ${inMonth('e.at')}
          and e.data ? 'dueOn' and (e.at at time zone 'Asia/Shanghai')::date > (e.data->>'dueOn')::date)::int as answered_late,
      (select count(*) from letters l where l.department_id = d.id and l.status in ('accepted', 'needs_info'))::int as open,
      (select count(*) from letters l where l.department_id = d.id and l.status = 'accepted' and l.due_on < ${today}::date)::int as overdue,
      (select count(*) from case_urges u join letters l on u.case_kind = 'letter' and l.id = u.case_id
        where l.department_id = d.id and ${inMonth('u.at')})::int as urged,
      (select count(*) from case_ladder_steps s join letters l on s.case_kind = 'letter' and l.id = s.case_id
        where l.department_id = d.id and s.step = 'overdue_urge' and ${inMonth('s.fired_at')})::int as system_urged,
      (select count(*) from case_supervisions s join letters l on s.case_kind = 'letter' and l.id = s.case_id
        where l.department_id = d.id and ${inMonth('s.created_at')})::int as supervised,
      (select count(*) from case_ladder_steps s join letters l on s.case_kind = 'letter' and l.id = s.case_id
        where l.department_id = d.id and s.step = 'closed_unrated' and ${inMonth('s.fired_at')})::int as closed_unrated
    from departments d where d.active`));
  const figures = new Map<number, BulletinFigures>();
  for (const r of rows) {
    figures.set(Number(r.id), {
      received: Number(r.received), answered: Number(r.answered), answeredOnTime: Number(r.answered_on_time), answeredLate: Number(r.answered_late),
      open: Number(r.open), overdue: Number(r.overdue), urged: Number(r.urged), systemUrged: Number(r.system_urged),
      supervised: Number(r.supervised), closedUnrated: Number(r.closed_unrated), asOf: today,
    });
  }
  return figures;
}

/** Sends the previous month's 通报 if no process has yet. Returns how many department rows this call created. */
export async function sendMonthlyBulletins(now: Date): Promise<number> {
  const month = previousMonth(now);
  const [missing] = await db()
    .select({ n: count() })
    .from(departments)
    .where(and(eq(departments.active, true), sql`not exists (select 1 from department_bulletins b where b.month = ${month} and b.department_id = ${departments.id})`));
  if (!missing || missing.n === 0) return 0;
  const figures = await bulletinFigures(month, now);
  const outcome = await db().transaction(async (tx) => {
    const claimed = await tx
      .insert(departmentBulletins)
      .values([...figures].map(([departmentId, f]) => ({ month, departmentId, figures: { ...f }, sentAt: now })))
      .onConflictDoNothing()
      .returning({ departmentId: departmentBulletins.departmentId });
    if (!claimed.length) return { created: 0, pinged: [] as string[] };
    const ids = claimed.map((c) => c.departmentId);
    const names = new Map((await tx.select({ id: departments.id, name: departments.name, nameEn: departments.nameEn }).from(departments).where(inArray(departments.id, ids))).map((d) => [d.id, d]));
    const leaders = await tx.select({ id: users.id, departmentId: users.departmentId }).from(users)
      .where(and(eq(users.role, 'leader'), eq(users.status, 'active'), inArray(users.departmentId, ids)));
    const pinged: string[] = [];
    for (const id of ids) {
      const f = figures.get(id)!;
      const dept = names.get(id);
      const name = dept?.name ?? '';
      pinged.push(...(await notifyUsers(tx, leaders.filter((l) => l.departmentId === id).map((l) => l.id), {
        kind: 'letter.bulletin',
        title: `${month} 月度通报：${name}`,
        body: `答复 ${f.answered} 件（按期 ${f.answeredOnTime}，逾期 ${f.answeredLate}），在办 ${f.open} 件（超期 ${f.overdue}），催办 ${f.urged + f.systemUrged} 次，督办 ${f.supervised} 件。`,
        link: '/workspace/bulletins',
        message: {
          key: 'letterBulletin',
          values: {
            month, department: name, departmentEn: dept?.nameEn || name, answered: f.answered, onTime: f.answeredOnTime, late: f.answeredLate,
            open: f.open, overdue: f.overdue, urged: f.urged + f.systemUrged, supervised: f.supervised,
          },
          user: ['department', 'departmentEn'],
        },
      })));
    }
    const moderators = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'moderator'), eq(users.status, 'active')));
    pinged.push(...(await notifyUsers(tx, moderators.map((m) => m.id), {
      kind: 'letter.bulletin',
      title: `${month} 月度通报已生成（${ids.length} 个部门）`,
      link: '/workspace/bulletins',
      message: { key: 'letterBulletinReady', values: { month, count: ids.length } },
    })));
    await recordAudit(tx, 'system', { action: 'ladder.bulletins', entityType: 'department_bulletins', entityId: month, details: { departments: ids.length } });
    return { created: ids.length, pinged };
  });
  pingUsers(outcome.pinged);
  return outcome.created;
}

export const BULLETIN_PAGE_SIZE = 50;

export const bulletinListQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' }).optional(),
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(10_000).default(1),
});

export interface BulletinItem {
  month: string;
  department: string;
  figures: BulletinFigures;
  sentAt: Date;
}

/**
 * The 通报 list: moderators and admins see every department's, a leader only their own department's. Newest month
 * first, departments in their order.
 */
export async function listBulletins(actor: Actor, input: unknown = {}): Promise<{ items: BulletinItem[]; total: number; page: number; pageSize: number; months: string[] }> {
  assertCan(actor, 'accountability.bulletins');
  const { month, page } = parseInput(bulletinListQuery, input);
  const own = actor.user.role === 'leader' ? actor.user.departmentId : null;
  if (actor.user.role === 'leader' && own === null) return { items: [], total: 0, page, pageSize: BULLETIN_PAGE_SIZE, months: [] };
  const scope = own === null ? undefined : eq(departmentBulletins.departmentId, own);
  const where = and(scope, month ? eq(departmentBulletins.month, month) : undefined);
  const [rows, [total], months] = await Promise.all([
    db()
      .select({ month: departmentBulletins.month, department: departments.name, figures: departmentBulletins.figures, sentAt: departmentBulletins.sentAt })
      .from(departmentBulletins)
      .innerJoin(departments, eq(departments.id, departmentBulletins.departmentId))
      .where(where)
      .orderBy(desc(departmentBulletins.month), departments.sortOrder, departments.id)
      .limit(BULLETIN_PAGE_SIZE)
      .offset((page - 1) * BULLETIN_PAGE_SIZE),
    db().select({ n: count() }).from(departmentBulletins).where(where),
    db().selectDistinct({ month: departmentBulletins.month }).from(departmentBulletins).where(scope).orderBy(desc(departmentBulletins.month)),
  ]);
  return {
    items: rows.map((r) => ({ ...r, figures: r.figures as unknown as BulletinFigures })),
    total: total?.n ?? 0,
    page,
    pageSize: BULLETIN_PAGE_SIZE,
    months: months.map((m) => m.month),
  };
}
