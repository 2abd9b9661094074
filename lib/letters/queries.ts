import { aliasedTable, and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { assertCan, type Actor } from '../auth/permissions';
import { departments, users } from '../accounts/schema';
import { recordFailure, lockedForSeconds, clearFailures, type ThrottlePolicy } from '../accounts/throttle';
import { addWorkingDays, chinaDate, loadCalendarRules } from '../calendar';
import { letterEvents, letterMessages, letters, LETTER_STATUSES, type LetterStatus } from './schema';
import { queryCode as queryCodeSchema, trackingNo as trackingNoSchema } from './validation';
import { TRANSITIONS, checkTransition, rolesFor } from './transitions';
import type { LetterActionName } from './validation';

export const PAGE_SIZE = 20;
/** Anything unanswered this long raises an alarm (90 days fails a government website inspection). */
export const UNANSWERED_ALARM_DAYS = 60;
/** "Due soon": within this many working days. */
export const DUE_SOON_WORKING_DAYS = 2;

const requested = aliasedTable(departments, 'requested_department');

export type Badge = 'overdue' | 'due_soon' | 'unanswered_60';

export interface LetterSummary {
  trackingNo: string;
  kind: string;
  title: string;
  status: LetterStatus;
  department: string | null;
  submittedAt: Date;
  dueAt: string | null;
  version: number;
  badges: Badge[];
}

export interface LetterView extends LetterSummary {
  body: string;
  requestedDepartment: string | null;
  acceptedAt: Date | null;
  answeredAt: Date | null;
  closedAt: Date | null;
  consentToPublish: boolean;
  extensionDays: number;
  reopened: boolean;
  rating: { rating: string; comment: string | null; ratedAt: Date | null } | null;
  /** For a merged duplicate: the letter it joined, whose answers are listed in `replies`. */
  mergedInto: string | null;
  replies: Array<{ kind: string; body: string; department: string | null; author: string | null; createdAt: Date }>;
  events: Array<{ type: string; at: Date; actor: string; data: Record<string, unknown> }>;
  /** What this viewer is, and the actions the lifecycle allows them now (the operation checks again). */
  viewer: 'writer' | 'staff' | 'code';
  actions: LetterActionName[];
}

const summaryColumns = {
  id: letters.id,
  trackingNo: letters.trackingNo,
  kind: letters.kind,
  title: letters.title,
  status: letters.status,
  department: departments.name,
  submittedAt: letters.submittedAt,
  dueAt: letters.dueOn,
  answeredAt: letters.answeredAt,
  version: letters.version,
};

type SummaryRow = { [K in keyof typeof summaryColumns]: unknown } & {
  id: number; trackingNo: string; kind: string; title: string; status: LetterStatus; department: string | null;
  submittedAt: Date; dueAt: string | null; answeredAt: Date | null; version: number;
};

/** Statuses whose letters can be overdue, due soon or unanswered (badges and queue counts). */
const OPEN_STATUSES: LetterStatus[] = ['submitted', 'accepted', 'needs_info'];

function badgesFor(row: SummaryRow, today: string, soonLimit: string, now: Date): Badge[] {
  const badges: Badge[] = [];
  const open = OPEN_STATUSES.includes(row.status);
  if (open && row.dueAt && row.dueAt < today) badges.push('overdue');
  else if (open && row.dueAt && row.dueAt <= soonLimit) badges.push('due_soon');
  if (open && !row.answeredAt && now.getTime() - row.submittedAt.getTime() >= UNANSWERED_ALARM_DAYS * 86_400_000) badges.push('unanswered_60');
  return badges;
}

/** The query of GET /api/v1/letters (also documented in the OpenAPI file). */
export const listQuery = z.object({
  scope: z.enum(['mine', 'queue'], { error: 'scope 只能是 mine 或 queue' }).default('mine'),
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(10_000).default(1),
  status: z.enum(LETTER_STATUSES, { error: '未知的状态' }).optional(),
});

/**
 * mine: a citizen's own letters, newest first. queue: what a staff member should work, most urgent first —
 * moderators the letters awaiting routing, handlers and leaders their department's open letters.
 */
export async function listLetters(actor: Actor, input: unknown, now = new Date()): Promise<{ items: LetterSummary[]; total: number; page: number; pageSize: number; counts: Record<Badge, number> }> {
  const { scope, page, status } = parseInput(listQuery, input);
  if (!actor.user) throw new AppError('unauthenticated', '请先登录');
  const user = actor.user;
  const filters: SQL[] = [];
  let order: SQL[];
  if (scope === 'mine') {
    assertCan(actor, 'letters.create');
    filters.push(eq(letters.writerId, user.id));
    order = [desc(letters.submittedAt), desc(letters.id)];
  } else if (user.role === 'moderator') {
    // Awaiting routing, including letters waiting for the writer's information before routing.
    filters.push(status ? eq(letters.status, status) : or(eq(letters.status, 'submitted'), and(eq(letters.status, 'needs_info'), isNull(letters.departmentId)))!);
    order = [sql`${letters.dueOn} asc nulls last`, asc(letters.id)];
  } else if ((user.role === 'handler' || user.role === 'leader') && user.departmentId !== null) {
    filters.push(eq(letters.departmentId, user.departmentId));
    filters.push(inArray(letters.status, status ? [status] : ['accepted', 'needs_info']));
    // Overdue and due-soon first; letters waiting for the writer (no due date) last.
    order = [sql`${letters.dueOn} asc nulls last`, asc(letters.id)];
  } else {
    throw new AppError('forbidden', '您没有待办来信队列');
  }
  if (status && scope === 'mine') filters.push(eq(letters.status, status));
  const where = and(...filters);

  const [rows, [total]] = await Promise.all([
    db().select(summaryColumns).from(letters).leftJoin(departments, eq(letters.departmentId, departments.id))
      .where(where).orderBy(...order).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE),
    db().select({ n: count() }).from(letters).where(where),
  ]);
  const rules = await loadCalendarRules(db());
  const today = chinaDate(now);
  const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS, rules);
  const items = (rows as SummaryRow[]).map((r) => toSummary(r, badgesFor(r, today, soon, now)));

  // Badge counts over the whole queue, not just this page, in one aggregate query.
  let counts: Record<Badge, number> = { overdue: 0, due_soon: 0, unanswered_60: 0 };
  if (scope === 'queue') {
    const alarmBefore = new Date(now.getTime() - UNANSWERED_ALARM_DAYS * 86_400_000).toISOString();
    const [row] = await db()
      .select({
        overdue: sql<number>`(count(*) filter (where ${letters.dueOn} < ${today}))::int`,
        due_soon: sql<number>`(count(*) filter (where ${letters.dueOn} >= ${today} and ${letters.dueOn} <= ${soon}))::int`,
        unanswered_60: sql<number>`(count(*) filter (where ${letters.answeredAt} is null and ${letters.submittedAt} <= ${alarmBefore}::timestamptz))::int`,
      })
      .from(letters)
      // Only open letters carry badges: a status filter such as not_accepted must not count closed letters.
      .where(and(where, inArray(letters.status, OPEN_STATUSES)));
    if (row) counts = row;
  }
  return { items, total: total?.n ?? 0, page, pageSize: PAGE_SIZE, counts };
}

function toSummary(r: SummaryRow, badges: Badge[]): LetterSummary {
  return { trackingNo: r.trackingNo, kind: r.kind, title: r.title, status: r.status, department: r.department, submittedAt: r.submittedAt, dueAt: r.dueAt, version: r.version, badges };
}

const LOOKUP_POLICY: ThrottlePolicy = { max: 10, windowMinutes: 15, lockMinutes: () => 15 };
const ROLE_LABEL: Record<string, string> = { citizen: '来信人', handler: '承办部门', leader: '承办部门', moderator: '管理员', admin: '系统管理员', system: '系统' };

/**
 * One letter. The writer and staff who may work it see everything; anyone with the query code sees the
 * citizen-safe view (no names of staff). Anyone else gets 404, as if it did not exist. Wrong codes are counted
 * per address and per letter; too many → 429.
 */
export async function getLetter(actor: Actor, trackingNoInput: string, options: { code?: string | null } = {}, now = new Date()): Promise<LetterView> {
  const trackingNo = parseInput(trackingNoSchema, trackingNoInput);
  const [row] = await db()
    .select({
      ...summaryColumns, body: letters.body, writerId: letters.writerId, departmentId: letters.departmentId, acceptedAt: letters.acceptedAt,
      closedAt: letters.closedAt, consentToPublish: letters.consentToPublish, extensionDays: letters.extensionDays, reopened: letters.reopened,
      rating: letters.rating, ratingComment: letters.ratingComment, ratedAt: letters.ratedAt, queryCode: letters.queryCode,
      mergedIntoId: letters.mergedIntoId,
      requestedDepartment: requested.name,
    })
    .from(letters)
    .leftJoin(departments, eq(letters.departmentId, departments.id))
    .leftJoin(requested, eq(letters.requestedDepartmentId, requested.id))
    .where(eq(letters.trackingNo, trackingNo));

  let viewer: LetterView['viewer'] | null = null;
  if (actor.user && row) {
    const roles = rolesFor(actor.user, row);
    if (roles.includes('writer')) viewer = 'writer';
    else if (roles.length) viewer = 'staff';
  }
  if (!viewer && options.code !== undefined && options.code !== null) {
    const code = parseInput(queryCodeSchema, options.code);
    const keys = [`lookup:${actor.ip ?? 'unknown'}`, `lookup-letter:${trackingNo}`];
    const locked = await lockedForSeconds(db(), keys, now);
    if (locked > 0) throw new AppError('rate_limited', `查询错误次数过多，请 ${Math.ceil(locked / 60)} 分钟后再试`, undefined, locked);
    if (!row || row.queryCode !== code) {
      for (const key of keys) await recordFailure(db(), key, LOOKUP_POLICY, now);
      throw notFound('查询编号或查询码不正确');
    }
    await clearFailures(db(), keys[1]!);
    viewer = 'code';
  }
  if (!row || !viewer) throw notFound('没有这封来信，或您无权查看');

  const author = aliasedTable(users, 'author');
  const messageDept = aliasedTable(departments, 'message_department');
  const [primary] = row.mergedIntoId
    ? await db().select({ trackingNo: letters.trackingNo }).from(letters).where(eq(letters.id, row.mergedIntoId))
    : [];
  const [messages, events] = await Promise.all([
    db().select({ kind: letterMessages.kind, body: letterMessages.body, department: messageDept.name, author: author.name, createdAt: letterMessages.createdAt })
      .from(letterMessages).leftJoin(author, eq(letterMessages.authorId, author.id)).leftJoin(messageDept, eq(letterMessages.departmentId, messageDept.id))
      // A merged duplicate shows the answers given to the letter it joined.
      .where(row.mergedIntoId
        ? or(eq(letterMessages.letterId, row.id), and(eq(letterMessages.letterId, row.mergedIntoId), eq(letterMessages.kind, 'answer')))
        : eq(letterMessages.letterId, row.id))
      .orderBy(asc(letterMessages.id)),
    db().select({ type: letterEvents.type, at: letterEvents.at, actorRole: letterEvents.actorRole, actorName: author.name, data: letterEvents.data, public: letterEvents.public })
      .from(letterEvents).leftJoin(author, eq(letterEvents.actorId, author.id))
      .where(eq(letterEvents.letterId, row.id)).orderBy(asc(letterEvents.id)),
  ]);
  const staffView = viewer === 'staff';
  const rules = await loadCalendarRules(db());
  const today = chinaDate(now);
  return {
    ...toSummary(row as SummaryRow, badgesFor(row as SummaryRow, today, addWorkingDays(today, DUE_SOON_WORKING_DAYS, rules), now)),
    body: row.body,
    requestedDepartment: row.requestedDepartment,
    acceptedAt: row.acceptedAt,
    answeredAt: row.answeredAt as Date | null,
    closedAt: row.closedAt,
    consentToPublish: row.consentToPublish,
    extensionDays: row.extensionDays,
    reopened: row.reopened,
    rating: row.rating ? { rating: row.rating, comment: row.ratingComment, ratedAt: row.ratedAt } : null,
    mergedInto: primary?.trackingNo ?? null,
    replies: messages.map((m) => ({ kind: m.kind, body: m.body, department: m.department, author: staffView ? m.author : null, createdAt: m.createdAt })),
    events: events
      .filter((e) => staffView || e.public)
      .map((e) => ({ type: e.type, at: e.at, actor: staffView && e.actorName ? `${e.actorName}（${ROLE_LABEL[e.actorRole] ?? e.actorRole}）` : (ROLE_LABEL[e.actorRole] ?? e.actorRole), data: e.data })),
    viewer,
    actions: viewer === 'code' || !actor.user ? [] : (Object.keys(TRANSITIONS) as LetterActionName[]).filter((a) => checkTransition(actor.user!, row, a).ok),
  };
}
