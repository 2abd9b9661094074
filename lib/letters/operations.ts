import { randomInt } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor, type ActorUser } from '../auth/permissions';
import { departments } from '../accounts/schema';
import { chinaDate, loadCalendarRules, workingDaysBetween } from '../calendar';
import { shareWorkingDayRules } from '../calendar/admin';
import { notifyUsers, pingUsers } from '../notifications';
import { dueOn, loadDeadlines } from './deadlines';
import { publishLetterChange } from './realtime';
import { letterCounters, letterEvents, letterMessages, letters, type LetterStatus } from './schema';
import { checkTransition, rolesFor, type LetterFacts, type Who } from './transitions';
import { moderators, staffOfDepartment } from './staff';
import { idempotencyKey as idempotencyKeySchema, letterAction, letterInput, trackingNo as trackingNoSchema, type LetterAction } from './validation';

export interface SubmittedLetter {
  trackingNo: string;
  queryCode: string;
  status: LetterStatus;
}

const KIND_LABEL = { inquiry: '咨询', complaint: '投诉', suggestion: '建议' } as const;

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

async function departmentByPublicId(tx: Tx, publicId: string, field = 'departmentId') {
  const [dept] = await tx
    .select({ id: departments.id, publicId: departments.publicId, name: departments.name })
    .from(departments)
    .where(and(eq(departments.publicId, publicId), eq(departments.active, true)));
  if (!dept) throw new AppError('invalid_input', '没有这个部门', { [field]: '没有这个部门' });
  return dept;
}

/** Who hears about a letter: its department's staff, or the moderators while it awaits routing. */
function staffIds(tx: Tx, departmentId: number | null): Promise<number[]> {
  return departmentId === null ? moderators(tx) : staffOfDepartment(tx, departmentId);
}

/**
 * YYYYMMDD + a four-digit sequence of that Beijing day, from a counter row (no gaps under concurrency). Other case
 * types share the counter table with a prefix of their own (applications: "GK"), so their keys never collide.
 */
export async function nextTrackingNo(tx: Tx, now: Date, prefix = ''): Promise<string> {
  const day = `${prefix}${chinaDate(now).replaceAll('-', '')}`;
  const [row] = await tx
    .insert(letterCounters)
    .values({ day, last: 1 })
    .onConflictDoUpdate({ target: letterCounters.day, set: { last: sql`${letterCounters.last} + 1` } })
    .returning({ last: letterCounters.last });
  return `${day}${String(row!.last).padStart(4, '0')}`;
}

async function existingSubmission(writerId: number, key: string): Promise<SubmittedLetter | null> {
  const [row] = await db()
    .select({ trackingNo: letters.trackingNo, queryCode: letters.queryCode, status: letters.status })
    .from(letters)
    .where(and(eq(letters.writerId, writerId), eq(letters.idempotencyKey, key)));
  return row ?? null;
}

/**
 * A citizen writes a letter. With an idempotency key, a retried submission returns the first letter instead of
 * creating a second one (also when both arrive at once: the unique index decides).
 */
export async function submitLetter(actor: Actor, input: unknown, options: { idempotencyKey?: string | null; now?: Date } = {}): Promise<SubmittedLetter> {
  assertCan(actor, 'letters.create');
  const key = options.idempotencyKey ? parseInput(idempotencyKeySchema, options.idempotencyKey) : null;
  const letter = parseInput(letterInput, input);
  const writer = actor.user;
  if (key) {
    const earlier = await existingSubmission(writer.id, key);
    if (earlier) return earlier;
  }
  const now = options.now ?? new Date();
  try {
    const result = await db().transaction(async (tx) => {
      await shareWorkingDayRules(tx);
      const dept = letter.departmentId ? await departmentByPublicId(tx, letter.departmentId) : null;
      const [limits, rules] = await Promise.all([loadDeadlines(tx), loadCalendarRules(tx)]);
      const today = chinaDate(now);
      const trackingNo = await nextTrackingNo(tx, now);
      const queryCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const [row] = await tx
        .insert(letters)
        .values({
          trackingNo,
          queryCode,
          kind: letter.kind,
          writerId: writer.id,
          requestedDepartmentId: dept?.id ?? null,
          title: letter.title,
          body: letter.body,
          consentToPublish: letter.consentToPublish,
          submittedAt: now,
          // The triage clock: moderators route or refuse within the triage limit.
          clockStart: today,
          remainingDays: limits.triage,
          dueOn: dueOn(today, limits.triage, rules),
          idempotencyKey: key,
        })
        .returning({ id: letters.id });
      await tx.insert(letterEvents).values({
        letterId: row!.id,
        type: 'submitted',
        actorId: writer.id,
        actorRole: writer.role,
        at: now,
        data: { kind: letter.kind, requestedDepartment: dept?.name ?? null },
      });
      await recordAudit(tx, actor, { action: 'letter.submit', entityType: 'letter', entityId: trackingNo, details: { kind: letter.kind } });
      const pinged = [
        ...(await notifyUsers(tx, [writer.id], {
          kind: 'letter.submitted',
          title: `您的${KIND_LABEL[letter.kind]}已提交：${trackingNo}`,
          body: `查询编号 ${trackingNo}，查询码 ${queryCode}。我们会在法定时限内办理。`,
          link: `/letters/${trackingNo}`,
        })),
        ...(await notifyUsers(tx, await staffIds(tx, null), {
          kind: 'letter.triage',
          title: `新来信待分办：${letter.title}`,
          link: `/workspace/moderator/letters/${trackingNo}`,
        })),
      ];
      return { submitted: { trackingNo, queryCode, status: 'submitted' as const }, pinged };
    });
    pingUsers(result.pinged);
    publishLetterChange({ trackingNo: result.submitted.trackingNo, status: 'submitted', version: 1, departmentPublicIds: [], triage: true });
    return result.submitted;
  } catch (error) {
    if (key && isUniqueViolation(error)) {
      const earlier = await existingSubmission(writer.id, key);
      if (earlier) return earlier;
    }
    throw error;
  }
}

/** The locked row: the facts the transition check needs, plus what the actions change. */
interface Locked extends LetterFacts {
  id: number;
  trackingNo: string;
  kind: keyof typeof KIND_LABEL;
  clockStart: string | null;
  remainingDays: number | null;
  version: number;
  title: string;
}

type Change = Partial<typeof letters.$inferInsert>;

/**
 * Staff and writers act on a letter (API.md "actions"). One transaction: lock the row, check the transition and
 * the permission, change the letter with a version check, append the event, the message and the audit row,
 * queue notifications; broadcast after commit. Returns the new status and version.
 */
export async function actOnLetter(actor: Actor, trackingNoInput: string, input: unknown, now = new Date()): Promise<{ trackingNo: string; status: LetterStatus; version: number }> {
  if (!actor.user) throw new AppError('unauthenticated', '请先登录');
  const user: ActorUser = actor.user;
  const trackingNo = parseInput(trackingNoSchema, trackingNoInput);
  const action = parseInput(letterAction, input);

  const outcome = await db().transaction(async (tx) => {
    const [letter] = (await tx
      .select({
        id: letters.id, trackingNo: letters.trackingNo, kind: letters.kind, status: letters.status, writerId: letters.writerId,
        departmentId: letters.departmentId, acceptedAt: letters.acceptedAt, extensionDays: letters.extensionDays,
        reopened: letters.reopened, rating: letters.rating, clockStart: letters.clockStart, remainingDays: letters.remainingDays,
        version: letters.version, title: letters.title,
      })
      .from(letters)
      .where(eq(letters.trackingNo, trackingNo))
      .for('update')) as Locked[];
    if (!letter) throw notFound('没有这封来信，或您无权查看');

    const check = checkTransition(user, letter, action.action);
    if (!check.ok) {
      // Someone with no part in the letter learns nothing about it, as in getLetter.
      if (check.status === 403 && rolesFor(user, letter).length === 0) throw notFound('没有这封来信，或您无权查看');
      throw new AppError(check.status === 403 ? 'forbidden' : 'conflict', check.message);
    }
    if (action.version !== undefined && action.version !== letter.version) {
      throw new AppError('conflict', '已被他人处理，请刷新后重试');
    }

    await shareWorkingDayRules(tx);
    const [limits, rules] = await Promise.all([loadDeadlines(tx), loadCalendarRules(tx)]);
    const today = chinaDate(now);
    const applied = await applyAction(tx, { letter, action, as: check.as, user, limits, rules, today, now });

    const change: Change = { ...applied.change, version: letter.version + 1 };
    const updated = await tx
      .update(letters)
      .set(change)
      .where(and(eq(letters.id, letter.id), eq(letters.version, letter.version)))
      .returning({ status: letters.status, version: letters.version, departmentId: letters.departmentId });
    if (updated.length === 0) throw new AppError('conflict', '已被他人处理，请刷新后重试');

    await tx.insert(letterEvents).values({
      letterId: letter.id, type: applied.event, actorId: user.id, actorRole: user.role, at: now, public: true, data: applied.eventData,
    });
    if (applied.message) {
      await tx.insert(letterMessages).values({
        letterId: letter.id, kind: applied.message.kind, authorId: user.id, departmentId: user.departmentId, body: applied.message.body, createdAt: now,
      });
    }
    await recordAudit(tx, actor, {
      action: `letter.${action.action}`, entityType: 'letter', entityId: letter.trackingNo,
      details: { from: letter.status, to: updated[0]!.status, ...applied.auditData },
    });

    const pinged: string[] = [];
    for (const n of applied.notify) pinged.push(...(await notifyUsers(tx, n.userIds, n.notice)));

    const deptIds = [...new Set([letter.departmentId, updated[0]!.departmentId].filter((d): d is number => d !== null))];
    const deptPublicIds = deptIds.length
      ? (await tx.select({ publicId: departments.publicId }).from(departments).where(inArray(departments.id, deptIds))).map((d) => d.publicId)
      : [];
    return {
      status: updated[0]!.status, version: updated[0]!.version, pinged, deptPublicIds,
      triage: letter.status === 'submitted' || updated[0]!.status === 'submitted', alsoChanged: applied.alsoChanged ?? [],
    };
  });

  pingUsers(outcome.pinged);
  publishLetterChange({ trackingNo, status: outcome.status, version: outcome.version, departmentPublicIds: outcome.deptPublicIds, triage: outcome.triage });
  for (const other of outcome.alsoChanged) publishLetterChange({ trackingNo: other, status: 'merged', version: 0, departmentPublicIds: [], triage: false });
  return { trackingNo, status: outcome.status, version: outcome.version };
}

interface Applied {
  change: Change;
  event: string;
  eventData: Record<string, unknown>;
  auditData?: Record<string, unknown>;
  message?: { kind: 'answer' | 'info_request' | 'info_provided'; body: string };
  /** Other letters whose pages show this change (duplicates merged into this one). */
  alsoChanged?: string[];
  notify: Array<{ userIds: number[]; notice: { kind: string; title: string; body?: string; link?: string } }>;
}

async function applyAction(tx: Tx, ctx: {
  letter: Locked;
  action: LetterAction;
  as: Who;
  user: ActorUser;
  limits: Awaited<ReturnType<typeof loadDeadlines>>;
  rules: Awaited<ReturnType<typeof loadCalendarRules>>;
  today: string;
  now: Date;
}): Promise<Applied> {
  const { letter, action, limits, rules, today, now } = ctx;
  const link = `/letters/${letter.trackingNo}`;
  const staffLink = `/workspace/handler/letters/${letter.trackingNo}`;
  const writer = [letter.writerId];
  const startClock = (days: number) => ({ clockStart: today, remainingDays: days, dueOn: dueOn(today, days, rules) });
  const stopClock = { clockStart: null, remainingDays: null, dueOn: null };

  switch (action.action) {
    case 'accept': {
      const dept = await departmentByPublicId(tx, action.departmentId);
      return {
        change: { status: 'accepted', departmentId: dept.id, acceptedAt: now, ...startClock(limits[letter.kind]) },
        event: 'accepted',
        eventData: { department: dept.name },
        notify: [
          { userIds: writer, notice: { kind: 'letter.accepted', title: `您的来信 ${letter.trackingNo} 已受理，由${dept.name}办理`, link } },
          { userIds: await staffIds(tx, dept.id), notice: { kind: 'letter.assigned', title: `新分办来信：${letter.title}`, link: staffLink } },
        ],
      };
    }
    case 'reject':
      return {
        change: { status: 'not_accepted', closedAt: now, ...stopClock },
        event: 'not_accepted',
        eventData: { reason: action.reason },
        notify: [{ userIds: writer, notice: { kind: 'letter.not_accepted', title: `您的来信 ${letter.trackingNo} 不予受理`, body: action.reason, link } }],
      };
    case 'request_info': {
      // The clock stops: keep the working days not yet used, resume them when the writer answers.
      const used = letter.clockStart ? workingDaysBetween(letter.clockStart, today, rules) : 0;
      const left = Math.max(0, (letter.remainingDays ?? 0) - used);
      return {
        change: { status: 'needs_info', clockStart: null, dueOn: null, remainingDays: left },
        event: 'info_requested',
        eventData: { message: action.message },
        message: { kind: 'info_request', body: action.message },
        notify: [{ userIds: writer, notice: { kind: 'letter.needs_info', title: `您的来信 ${letter.trackingNo} 需要补充材料`, body: action.message, link } }],
      };
    }
    case 'provide_info': {
      const back: LetterStatus = letter.acceptedAt ? 'accepted' : 'submitted';
      const left = letter.remainingDays ?? limits[back === 'accepted' ? letter.kind : 'triage'];
      return {
        change: { status: back, clockStart: today, remainingDays: left, dueOn: dueOn(today, left, rules) },
        event: 'info_provided',
        eventData: {},
        message: { kind: 'info_provided', body: action.message },
        notify: [{ userIds: await staffIds(tx, back === 'accepted' ? letter.departmentId : null), notice: { kind: 'letter.info_provided', title: `来信 ${letter.trackingNo} 已补充材料`, link: staffLink } }],
      };
    }
    case 'transfer': {
      const dept = await departmentByPublicId(tx, action.departmentId);
      if (dept.id === letter.departmentId) throw new AppError('invalid_input', '不能转交给当前承办部门', { departmentId: '请选择其他部门' });
      const [from] = letter.departmentId
        ? await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, letter.departmentId))
        : [];
      return {
        // The deadline does not restart on a transfer: the bureau answers within the limit whichever department works it.
        change: { departmentId: dept.id },
        event: 'transferred',
        eventData: { from: from?.name ?? null, to: dept.name },
        auditData: { reason: action.reason },
        notify: [
          { userIds: writer, notice: { kind: 'letter.transferred', title: `您的来信 ${letter.trackingNo} 已转由${dept.name}办理`, link } },
          { userIds: await staffIds(tx, dept.id), notice: { kind: 'letter.assigned', title: `转办来信：${letter.title}`, body: action.reason, link: staffLink } },
        ],
      };
    }
    case 'extend': {
      const max = limits[letter.kind];
      if (action.workingDays > max) {
        throw new AppError('invalid_input', `延期不能超过 ${max} 个工作日`, { workingDays: `延期不能超过 ${max} 个工作日` });
      }
      const left = (letter.remainingDays ?? 0) + action.workingDays;
      return {
        change: { extensionDays: action.workingDays, remainingDays: left, dueOn: dueOn(letter.clockStart ?? today, left, rules), clockStart: letter.clockStart ?? today },
        event: 'extended',
        eventData: { workingDays: action.workingDays, reason: action.reason },
        notify: [{ userIds: writer, notice: { kind: 'letter.extended', title: `您的来信 ${letter.trackingNo} 办理期限延长 ${action.workingDays} 个工作日`, body: action.reason, link } }],
      };
    }
    case 'reply': {
      // Writers of duplicates merged into this letter are told too: their letter shows this answer.
      const merged = await tx.select({ writerId: letters.writerId, trackingNo: letters.trackingNo }).from(letters).where(eq(letters.mergedIntoId, letter.id));
      return {
        change: { status: 'answered', answeredAt: now, ...stopClock },
        event: 'answered',
        // The deadline the answer met or missed: the row's due date is cleared with the clock, the statistics need it.
        eventData: letter.clockStart && letter.remainingDays !== null ? { dueOn: dueOn(letter.clockStart, letter.remainingDays, rules) } : {},
        message: { kind: 'answer', body: action.body },
        alsoChanged: merged.map((m) => m.trackingNo),
        notify: [
          { userIds: writer, notice: { kind: 'letter.answered', title: `您的来信 ${letter.trackingNo} 已答复，请评价`, link } },
          ...merged.map((m) => ({ userIds: [m.writerId], notice: { kind: 'letter.answered', title: `您的来信 ${m.trackingNo} 已随来信 ${letter.trackingNo} 答复`, link: `/letters/${m.trackingNo}` } })),
        ],
      };
    }
    case 'merge': {
      const [target] = await tx
        .select({ id: letters.id, trackingNo: letters.trackingNo, status: letters.status })
        .from(letters)
        .where(eq(letters.trackingNo, action.intoTrackingNo));
      if (!target) throw new AppError('invalid_input', '没有这封来信', { intoTrackingNo: '没有这封来信' });
      if (target.id === letter.id) throw new AppError('invalid_input', '不能并入自身', { intoTrackingNo: '不能并入自身' });
      if (target.status === 'merged' || target.status === 'not_accepted') {
        throw new AppError('invalid_input', '该来信已合并或不予受理，不能并入', { intoTrackingNo: '该来信已合并或不予受理，不能并入' });
      }
      return {
        change: { status: 'merged', mergedIntoId: target.id, closedAt: now, ...stopClock },
        event: 'merged',
        eventData: { into: target.trackingNo },
        notify: [{ userIds: writer, notice: { kind: 'letter.merged', title: `您的来信 ${letter.trackingNo} 与同一事项的来信合并办理`, body: '答复将在您的来信页面显示。', link } }],
      };
    }
    case 'rate':
      return {
        change: { status: 'closed', closedAt: now, rating: action.rating, ratingComment: action.comment || null, ratedAt: now },
        event: 'rated',
        eventData: { rating: action.rating, comment: action.comment || null },
        notify: [{ userIds: await staffIds(tx, letter.departmentId), notice: { kind: 'letter.rated', title: `来信 ${letter.trackingNo} 已评价`, link: staffLink } }],
      };
    case 'reopen':
      return {
        change: { status: 'accepted', reopened: true, closedAt: null, rating: null, ratingComment: null, ratedAt: null, ...startClock(limits[letter.kind]) },
        event: 'reopened',
        eventData: { reason: action.reason, previousRating: letter.rating },
        notify: [{ userIds: await staffIds(tx, letter.departmentId), notice: { kind: 'letter.reopened', title: `来信 ${letter.trackingNo} 申请重新办理`, body: action.reason, link: staffLink } }],
      };
  }
}
