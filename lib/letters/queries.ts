import { timingSafeEqual } from 'node:crypto';
import { aliasedTable, and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { actsAsModerator, assertCan, assertScope, type Actor } from '../auth/permissions';
import { departments, users } from '../accounts/schema';
import { attemptLookup } from '../ratelimit/lookup';
import { addWorkingDays, chinaDate, loadCalendarRules, type CalendarRules } from '../calendar';
import { dueOn, loadDeadlines } from './deadlines';
import { letterEvents, letterMessages, letters, LETTER_CHANNELS, LETTER_STATUSES, type DeadlineKey, type LetterChannel, type LetterStatus } from './schema';
import { queryCode as queryCodeSchema } from './validation';
import { trackingNo as trackingNoSchema } from '../cases/validation';
import { TRANSITIONS, checkTransition, rolesFor, type LetterFacts } from './transitions';
import { answerAccess, mergeRoot, type AnswerAccess } from './merge';
import { letterEntryWasPublished, mask, publicNumbers } from '../archive/curation';
import { caseActionsView, STAFF_ONLY_EVENT_DATA, type CaseActionsView } from '../accountability/actions';
import { CASE_ACTION_NAMES } from '../accountability/validation';
import { LETTER_OPEN_STATUSES } from './transitions';
import type { LetterActionName } from './validation';
import { listAttachments, type AttachmentView } from './attachments';
import { loadTopics } from '../topics';
import { districts } from '../topics/schema';

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
  /** How it came in: `web`, or the channel a staff member entered it from (LETTER_CHANNELS). */
  channel: LetterChannel;
}

export interface LetterView extends LetterSummary {
  body: string;
  requestedDepartment: string | null;
  /** The department the writer chose (public id), preselected in the moderator's 受理并分办. */
  requestedDepartmentId: string | null;
  /**
   * Two clocks, never one date for both: 分办 (routing: the bureau accepts and routes a new letter within the triage
   * limit) and 答复 (answer: the department answers within the kind's limit counted from acceptance). Before routing
   * `answer.dueAt` is the latest it can be (routing on its last day) and `estimated` is true.
   */
  deadlines: {
    routing: { dueAt: string | null; workingDays: number } | null;
    answer: { dueAt: string | null; workingDays: number; estimated: boolean };
  };
  acceptedAt: Date | null;
  answeredAt: Date | null;
  closedAt: Date | null;
  consentToPublish: boolean;
  extensionDays: number;
  reopened: boolean;
  rating: { rating: string; comment: string | null; ratedAt: Date | null } | null;
  /** For a merged duplicate: the letter worked for its whole merge group, whose answers are listed in `replies`. */
  mergedInto: string | null;
  /** For a merged duplicate: how its writer reads that letter's answers (full; masked: another citizen's letter, as
   *  published; withheld: that citizen did not consent, so none are listed). Null for other letters. */
  mergedAnswer: AnswerAccess | null;
  replies: Array<{ kind: string; body: string; department: string | null; author: string | null; createdAt: Date; attachments: AttachmentView[] }>;
  /** Photos and PDFs attached to the letter itself (lib/letters/attachments.ts); a follow-up's are on its reply. */
  attachments: AttachmentView[];
  /** `actor`: a Chinese label (the API's); `actorRole` and `actorName` (staff views only) let a page say it in its language. */
  events: Array<{ type: string; at: Date; actor: string; actorRole: string; actorName: string | null; data: Record<string, unknown> }>;
  /** What this viewer is, and the actions the lifecycle allows them now (the operation checks again). */
  viewer: 'writer' | 'staff' | 'code';
  actions: LetterActionName[];
  /** The accountability loop on this letter for this viewer (催办, 督办, 回访); not part of `actions`. */
  accountability: CaseActionsView;
  /**
   * A staff-entered letter (issue 17): the day it was received (its clock started there); for staff, the person it
   * was entered for while nobody has claimed it (to call them back). Null for a web letter.
   */
  intake: { receivedOn: string; person: { name: string; phone: string | null; email: string | null } | null; claimed: boolean } | null;
  /** 诉求分类 (lib/topics): the topic (readable after it was deactivated: `active` false), district and place. */
  topic: { id: number; path: string[]; pathEn: string[]; active: boolean } | null;
  district: { id: number; name: string; nameEn: string } | null;
  place: string | null;
}

const summaryColumns = {
  id: letters.id,
  trackingNo: letters.trackingNo,
  kind: letters.kind,
  title: letters.title,
  status: letters.status,
  // The name it had when the letter was finished, if the department was renamed since (history).
  department: sql<string | null>`coalesce(${letters.departmentName}, ${departments.name})`,
  submittedAt: letters.submittedAt,
  dueAt: letters.dueOn,
  answeredAt: letters.answeredAt,
  version: letters.version,
  channel: letters.channel,
};

type SummaryRow = { [K in keyof typeof summaryColumns]: unknown } & {
  id: number; trackingNo: string; kind: string; title: string; status: LetterStatus; department: string | null;
  submittedAt: Date; dueAt: string | null; answeredAt: Date | null; version: number; channel: LetterChannel;
};

function badgesFor(row: SummaryRow, today: string, soonLimit: string, now: Date): Badge[] {
  const badges: Badge[] = [];
  const open = LETTER_OPEN_STATUSES.includes(row.status); // can be overdue, due soon or unanswered
  if (open && row.dueAt && row.dueAt < today) badges.push('overdue');
  else if (open && row.dueAt && row.dueAt <= soonLimit) badges.push('due_soon');
  if (open && !row.answeredAt && now.getTime() - row.submittedAt.getTime() >= UNANSWERED_ALARM_DAYS * 86_400_000) badges.push('unanswered_60');
  return badges;
}

import { queueSortInput, type QueueSort } from '../cases/validation';
export { QUEUE_SORTS, type QueueSort } from '../cases/validation';

/** The query of GET /api/v1/letters (also documented in the OpenAPI file). */
export const listQuery = z.object({
  scope: z.enum(['mine', 'queue'], { error: 'scope 只能是 mine 或 queue' }).default('mine'),
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(10_000).default(1),
  status: z.enum(LETTER_STATUSES, { error: '未知的状态' }).optional(),
  /** queue only: `due` (most urgent first, the default) or `newest` (latest arrivals first). */
  sort: queueSortInput,
  /** Only letters that came in this way (web, phone, paper, in_person, email, hotline_12345). */
  channel: z.enum(LETTER_CHANNELS, { error: '未知的来信渠道' }).optional(),
});

/**
 * mine: a citizen's own letters, newest first. queue: what a staff member should work, most urgent first —
 * moderators the letters awaiting routing, handlers and leaders their department's open letters.
 */
/**
 * The rows a list may show and their order (receive-side authorisation: the page, the API and the CSV alike):
 * mine — the writer's own; queue — moderators the letters awaiting routing, a department's handlers and leaders
 * their department's open letters (an API token needs letters.triage or letters.reply); anyone else 403.
 */
function listScope(actor: Actor, query: { scope: 'mine' | 'queue'; status?: LetterStatus; sort: QueueSort; channel?: LetterChannel }): { filters: SQL[]; order: SQL[] } {
  const { scope, status, sort, channel } = query;
  if (!actor.user) throw new AppError('unauthenticated', '请先登录');
  const user = actor.user;
  const filters: SQL[] = [];
  let order: SQL[];
  if (scope === 'mine') {
    assertCan(actor, 'letters.create');
    filters.push(eq(letters.writerId, user.id));
    order = [desc(letters.submittedAt), desc(letters.id)];
  } else if (actsAsModerator(user.role)) {
    assertScope(actor, 'letters.triage'); // an API token reads the routing queue with this scope
    // Awaiting routing, including letters waiting for the writer's information before routing.
    filters.push(status ? eq(letters.status, status) : or(eq(letters.status, 'submitted'), and(eq(letters.status, 'needs_info'), isNull(letters.departmentId)))!);
    order = [sql`${letters.dueOn} asc nulls last`, asc(letters.id)];
  } else if ((user.role === 'handler' || user.role === 'leader') && user.departmentId !== null) {
    assertScope(actor, 'letters.reply'); // an API token reads its department's queue with this scope
    filters.push(eq(letters.departmentId, user.departmentId));
    filters.push(inArray(letters.status, status ? [status] : ['accepted', 'needs_info']));
    // Overdue and due-soon first; letters waiting for the writer (no due date) last.
    order = [sql`${letters.dueOn} asc nulls last`, asc(letters.id)];
  } else {
    throw new AppError('forbidden', '您没有待办来信队列');
  }
  if (status && scope === 'mine') filters.push(eq(letters.status, status));
  if (channel) filters.push(eq(letters.channel, channel));
  // A staff member may look at the queue by arrival: what just came in first.
  if (scope === 'queue' && sort === 'newest') order = [desc(letters.submittedAt), desc(letters.id)];
  return { filters, order };
}

/** Today and the due-soon limit (the badges' and the counts' dates) on the calendar. */
async function badgeDates(now: Date): Promise<{ today: string; soon: string }> {
  const rules = await loadCalendarRules(db());
  const today = chinaDate(now);
  return { today, soon: addWorkingDays(today, DUE_SOON_WORKING_DAYS, rules) };
}

/** The staff queue's CSV (GET /api/v1/letters/export.csv): at most this many rows, in the queue's order. */
export const QUEUE_CSV_MAX = 10_000;

/** The query of the queue's CSV: the queue's filters and order (no page). */
export const queueExportQuery = listQuery.omit({ scope: true, page: true });

/**
 * The staff queue as the queue page shows it — the same rows for the same reader, the same filters (status,
 * channel) and order (`sort=newest`) — every page of it up to QUEUE_CSV_MAX, for the CSV. `total` counts them all.
 */
export async function listLetterQueueForExport(actor: Actor, input: unknown, now = new Date()): Promise<{ items: LetterSummary[]; total: number }> {
  if (!actor.user) throw new AppError('unauthenticated', '请先登录');
  const query = parseInput(queueExportQuery, input);
  const { filters, order } = listScope(actor, { ...query, scope: 'queue' });
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db().select(summaryColumns).from(letters).leftJoin(departments, eq(letters.departmentId, departments.id)).where(where).orderBy(...order).limit(QUEUE_CSV_MAX),
    db().select({ n: count() }).from(letters).where(where),
  ]);
  const { today, soon } = await badgeDates(now);
  return { items: (rows as SummaryRow[]).map((r) => toSummary(r, badgesFor(r, today, soon, now))), total: total?.n ?? 0 };
}

export async function listLetters(actor: Actor, input: unknown, now = new Date()): Promise<{ items: LetterSummary[]; total: number; page: number; pageSize: number; counts: Record<Badge, number> }> {
  const { scope, page, status, sort, channel } = parseInput(listQuery, input);
  const { filters, order } = listScope(actor, { scope, status, sort, channel });
  const where = and(...filters);

  const [rows, [total]] = await Promise.all([
    db().select(summaryColumns).from(letters).leftJoin(departments, eq(letters.departmentId, departments.id))
      .where(where).orderBy(...order).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE),
    db().select({ n: count() }).from(letters).where(where),
  ]);
  const { today, soon } = await badgeDates(now);
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
      .where(and(where, inArray(letters.status, [...LETTER_OPEN_STATUSES])));
    if (row) counts = row;
  }
  return { items, total: total?.n ?? 0, page, pageSize: PAGE_SIZE, counts };
}

function toSummary(r: SummaryRow, badges: Badge[]): LetterSummary {
  return { trackingNo: r.trackingNo, kind: r.kind, title: r.title, status: r.status, department: r.department, submittedAt: r.submittedAt, dueAt: r.dueAt, version: r.version, badges, channel: r.channel };
}

/** The routing and answer deadlines of a letter (LetterView.deadlines). */
function letterDeadlines(
  row: { status: LetterStatus; kind: string; dueAt: string | null; departmentId: number | null; extensionDays: number },
  limits: Record<DeadlineKey, number>,
  rules: CalendarRules,
): LetterView['deadlines'] {
  const answerDays = (limits[row.kind as DeadlineKey] ?? 0) + row.extensionDays;
  const awaitingRouting = row.departmentId === null && (row.status === 'submitted' || row.status === 'needs_info');
  if (awaitingRouting) {
    // While the letter waits for routing its clock is the triage one; the answer's cannot have started.
    const routingDue = row.status === 'submitted' ? row.dueAt : null;
    return {
      routing: { dueAt: routingDue, workingDays: limits.triage },
      answer: { dueAt: routingDue ? dueOn(routingDue, answerDays, rules) : null, workingDays: answerDays, estimated: true },
    };
  }
  const open = row.status === 'accepted' || row.status === 'needs_info';
  return { routing: null, answer: { dueAt: open ? row.dueAt : null, workingDays: answerDays, estimated: false } };
}

/** Compares query codes in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
const ROLE_LABEL: Record<string, string> = { citizen: '来信人', handler: '承办部门', leader: '承办部门', moderator: '管理员', admin: '系统管理员', system: '系统' };

/**
 * Who `actor` is to the letter `row` (undefined: no such letter): its writer, staff who may work it, or — with the
 * right query code — a visitor who may read it ('code'); null for anyone else. A code is checked only when the actor
 * is neither writer nor staff: throws 429 when this address must wait, 404 for a wrong code (the same for a letter
 * that does not exist). The letter page and the attachments (lib/letters/attachments.ts) ask the same question.
 */
export async function letterViewer(
  actor: Actor, trackingNo: string, row: (LetterFacts & { queryCode: string }) | undefined, codeInput: string | null | undefined, now = new Date(),
): Promise<LetterView['viewer'] | null> {
  if (actor.user && row) {
    const roles = rolesFor(actor.user, row);
    if (roles.includes('writer')) return 'writer';
    if (roles.length) return 'staff';
  }
  if (codeInput === undefined || codeInput === null) return null;
  const code = parseInput(queryCodeSchema, codeInput);
  await attemptLookup(db(), { trackingNo, ip: actor.ip, correct: Boolean(row && safeEqual(row.queryCode, code)), now });
  return 'code';
}

/**
 * One letter. The writer and staff who may work it see everything; anyone with the query code sees the
 * citizen-safe view (no names of staff, the writer's personal data masked). Anyone else gets 404, as if it did not
 * exist. Wrong codes are limited per (letter, address) and per address, and slow down a letter under attack without
 * refusing its right code from a clean address (lib/ratelimit/lookup.ts); a refusal is 429.
 */
export async function getLetter(actor: Actor, trackingNoInput: string, options: { code?: string | null } = {}, now = new Date()): Promise<LetterView> {
  const trackingNo = parseInput(trackingNoSchema, trackingNoInput);
  const [row] = await db()
    .select({
      ...summaryColumns, body: letters.body, writerId: letters.writerId, departmentId: letters.departmentId, acceptedAt: letters.acceptedAt,
      closedAt: letters.closedAt, consentToPublish: letters.consentToPublish, extensionDays: letters.extensionDays, reopened: letters.reopened,
      rating: letters.rating, ratingComment: letters.ratingComment, ratedAt: letters.ratedAt, queryCode: letters.queryCode,
      mergedIntoId: letters.mergedIntoId,
      receivedOn: letters.receivedOn, enteredById: letters.enteredById, claimedAt: letters.claimedAt,
      onBehalfName: letters.onBehalfName, onBehalfPhone: letters.onBehalfPhone, onBehalfEmail: letters.onBehalfEmail,
      topicId: letters.topicId, districtId: letters.districtId, place: letters.place,
      requestedDepartment: requested.name,
      requestedDepartmentId: requested.publicId,
    })
    .from(letters)
    .leftJoin(departments, eq(letters.departmentId, departments.id))
    .leftJoin(requested, eq(letters.requestedDepartmentId, requested.id))
    .where(eq(letters.trackingNo, trackingNo));

  const viewer = await letterViewer(actor, trackingNo, row, options.code, now);
  if (!row || !viewer) throw notFound('没有这封来信，或您无权查看');

  const author = aliasedTable(users, 'author');
  const messageDept = aliasedTable(departments, 'message_department');
  // A merged duplicate shows the answers given to the root of its merge tree, as far as its writer may read them.
  const root = row.mergedIntoId ? await mergeRoot(db(), row.id) : null;
  const access: AnswerAccess | null = root ? (viewer === 'staff' ? 'full' : answerAccess(root, row.writerId)) : null;
  const [messages, events] = await Promise.all([
    db().select({ id: letterMessages.id, letterId: letterMessages.letterId, kind: letterMessages.kind, body: letterMessages.body, department: sql<string | null>`coalesce(${letterMessages.departmentName}, ${messageDept.name})`, author: author.name, createdAt: letterMessages.createdAt })
      .from(letterMessages).leftJoin(author, eq(letterMessages.authorId, author.id)).leftJoin(messageDept, eq(letterMessages.departmentId, messageDept.id))
      .where(root && access !== 'withheld'
        ? or(eq(letterMessages.letterId, row.id), and(eq(letterMessages.letterId, root.id), eq(letterMessages.kind, 'answer')))
        : eq(letterMessages.letterId, row.id))
      .orderBy(asc(letterMessages.id)),
    db().select({ type: letterEvents.type, at: letterEvents.at, actorRole: letterEvents.actorRole, actorName: author.name, data: letterEvents.data, public: letterEvents.public })
      .from(letterEvents).leftJoin(author, eq(letterEvents.actorId, author.id))
      .where(eq(letterEvents.letterId, row.id)).orderBy(asc(letterEvents.id)),
  ]);
  const attachments = await listAttachments(row.id);
  const topic = row.topicId ? (await loadTopics(db())).find((t) => t.id === row.topicId) : undefined;
  const [district] = row.districtId
    ? await db().select({ id: districts.id, name: districts.name, nameEn: districts.nameEn }).from(districts).where(eq(districts.id, row.districtId))
    : [];
  const staffView = viewer === 'staff';
  // Consent once withdrawn after publication is not given again here (operations.ts, give_consent): no form for it.
  const consentFinal = viewer === 'writer' && !row.consentToPublish && await letterEntryWasPublished(db(), row.id);
  const [rules, limits] = await Promise.all([loadCalendarRules(db()), loadDeadlines(db())]);
  const today = chinaDate(now);
  // Personal data hidden from this viewer: the root writer's in an answer shared from another citizen's letter (as
  // the archive would publish it); with a query code, the writer's own too — a code is not a sign-in.
  const hideRoot = access === 'masked';
  const hideWriter = viewer === 'code';
  const masked = hideRoot || hideWriter ? await personalDataMasker([row.writerId, ...(root ? [root.writerId] : [])]) : (text: string) => text;
  const view: LetterView = {
    ...toSummary(row as SummaryRow, badgesFor(row as SummaryRow, today, addWorkingDays(today, DUE_SOON_WORKING_DAYS, rules), now)),
    body: row.body,
    requestedDepartment: row.requestedDepartment,
    requestedDepartmentId: row.requestedDepartmentId,
    deadlines: letterDeadlines(row as SummaryRow & { departmentId: number | null; extensionDays: number }, limits, rules),
    acceptedAt: row.acceptedAt,
    answeredAt: row.answeredAt as Date | null,
    closedAt: row.closedAt,
    consentToPublish: row.consentToPublish,
    extensionDays: row.extensionDays,
    reopened: row.reopened,
    rating: row.rating ? { rating: row.rating, comment: row.ratingComment, ratedAt: row.ratedAt } : null,
    mergedInto: root?.trackingNo ?? null,
    mergedAnswer: access,
    replies: messages.map((m) => ({
      kind: m.kind,
      body: hideWriter || (hideRoot && m.letterId !== row.id) ? masked(m.body) : m.body,
      department: m.department,
      author: staffView ? m.author : null,
      createdAt: m.createdAt,
      // Only this letter's own follow-ups: a merged duplicate's writer may not fetch the root letter's files.
      attachments: m.letterId === row.id ? attachments.byMessage.get(m.id) ?? [] : [],
    })),
    attachments: attachments.letter,
    events: events
      .filter((e) => staffView || e.public)
      .map((e) => ({
        type: e.type, at: e.at,
        actor: staffView && e.actorName ? `${e.actorName}（${ROLE_LABEL[e.actorRole] ?? e.actorRole}）` : (ROLE_LABEL[e.actorRole] ?? e.actorRole),
        actorRole: e.actorRole, actorName: staffView ? e.actorName ?? null : null,
        data: staffView || !STAFF_ONLY_EVENT_DATA.has(e.type) ? e.data : {},
      })),
    viewer,
    actions: viewer === 'code' || !actor.user ? [] : (Object.keys(TRANSITIONS) as LetterActionName[])
      .filter((a) => !(CASE_ACTION_NAMES as readonly string[]).includes(a) && checkTransition(actor.user!, row, a).ok && !(a === 'give_consent' && consentFinal)),
    accountability: await caseActionsView(
      db(),
      { kind: 'letter', id: row.id, open: LETTER_OPEN_STATUSES.includes(row.status), paused: row.status === 'needs_info', dueOn: row.dueAt },
      {
        urge: viewer === 'writer' && checkTransition(actor.user!, row, 'urge').ok,
        supervise: viewer === 'staff' && checkTransition(actor.user!, row, 'supervise').ok,
        callback: viewer === 'staff' && checkTransition(actor.user!, row, 'callback').ok,
      },
      today, rules,
    ),
    intake: row.enteredById !== null && row.receivedOn
      ? {
        receivedOn: row.receivedOn,
        person: staffView && row.claimedAt === null ? { name: row.onBehalfName ?? '', phone: row.onBehalfPhone, email: row.onBehalfEmail } : null,
        claimed: row.claimedAt !== null,
      }
      : null,
    topic: topic ? { id: topic.id, path: topic.path, pathEn: topic.pathEn, active: topic.active } : null,
    district: district ?? null,
    place: row.place,
  };
  if (!hideWriter) return view;
  return {
    ...view,
    title: masked(view.title),
    body: masked(view.body),
    place: view.place === null ? null : masked(view.place),
    rating: view.rating ? { ...view.rating, comment: view.rating.comment === null ? null : masked(view.rating.comment) } : null,
    events: view.events.map((e) => ({ ...e, data: Object.fromEntries(Object.entries(e.data).map(([k, v]) => [k, typeof v === 'string' ? masked(v) : v])) })),
  };
}

/**
 * Masks text as the archive publishes it (lib/archive/curation#mask: the automatic rules, the bureau's own numbers
 * kept readable), with the names, e-mail addresses and telephone numbers of `writerIds` as marked terms.
 */
export async function personalDataMasker(writerIds: number[], database: Db | Tx = db()): Promise<(text: string) => string> {
  const ids = [...new Set(writerIds)];
  const [people, keep] = await Promise.all([
    ids.length ? database.select({ name: users.name, email: users.email, phone: users.phone }).from(users).where(inArray(users.id, ids)) : [],
    publicNumbers(database),
  ]);
  const terms = people.flatMap((p) => [p.name, p.email, p.phone]).filter((t): t is string => Boolean(t && t.trim()));
  return (text: string) => mask(text, terms, keep);
}
