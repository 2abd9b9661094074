import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { actsAsModerator, assertCan, type Actor } from '../auth/permissions';
import { chinaDate } from '../calendar/workdays';
import { departments, users } from '../accounts/schema';
import { interviewRoom, type PublicInterviewStatus } from './events';
import type { InterviewEvent, LiveUpdate, ModerationSummary, OwnQuestion, PublicPoll, RejectReason } from './event-types';
import { listUpdates } from './live-updates';
import { rememberInterview } from './catch-up';
import { pollsOf } from './polls';
import { answerDrafts, answers, interviewEvents, interviewGuests, interviewRemarks, interviews, questionVotes, questions, type InterviewStatus } from './schema';
import { maskName, moderationSummary, publicQuestions, STAFF_READS, stripInternal, type PublicQuestion, type StaffAudience } from './views';
import { isGuest, remainingQuota } from './operations';

export interface InterviewSummary {
  id: string;
  slug: string;
  title: string;
  summary: string;
  status: InterviewStatus;
  scheduledStart: string;
  scheduledEnd: string;
  department: string | null;
  guests: Array<{ id: string; name: string; title: string; /** The guest's short bio (admin staff page), when set. */ bio?: string }>;
}

export type { Remark } from './event-types';
import type { Remark } from './event-types';

/** Everything a viewer needs to render an interview at `seq`; events after it bring the page up to date. */
export interface InterviewState extends InterviewSummary {
  coverImageUrl: string | null;
  seq: number;
  answeringQuestionId: string | null;
  questions: PublicQuestion[];
  remarks: Remark[];
  /** 图文直播: the moderator's text and photo updates still shown, in the order posted. */
  updates?: LiveUpdate[];
  host: string;
  startedAt: string | null;
  endedAt: string | null;
  /**
   * For a signed-in citizen: questions left to ask, the questions they have 同问-ed, and their own questions with what
   * became of them (a rejection with its reason: only the asker and the moderators read it).
   */
  viewer: { canAsk: boolean; remaining: number; voted: string[]; isStaff: boolean; isGuest: boolean; mine: OwnQuestion[] };
  /** Once over (ended or published): how the questions fared, counted from the database; null before. */
  moderation: ModerationSummary | null;
  /** Live polls, oldest first, as viewers see them (lib/interviews/polls.ts); `poll.updated` events keep them current. */
  polls?: PublicPoll[];
}

async function guestsOf(tx: Tx | ReturnType<typeof db>, interviewIds: number[]) {
  if (interviewIds.length === 0) return new Map<number, InterviewSummary['guests']>();
  const rows = await tx
    .select({ interviewId: interviewGuests.interviewId, id: users.publicId, name: users.name, title: interviewGuests.title, bio: users.bio })
    .from(interviewGuests)
    .innerJoin(users, eq(interviewGuests.userId, users.id))
    .where(inArray(interviewGuests.interviewId, interviewIds))
    .orderBy(asc(interviewGuests.sortOrder));
  const map = new Map<number, InterviewSummary['guests']>();
  for (const r of rows) map.set(r.interviewId, [...(map.get(r.interviewId) ?? []), { id: r.id, name: r.name, title: r.title, ...(r.bio ? { bio: r.bio } : {}) }]);
  return map;
}

const summaryColumns = {
  internalId: interviews.id,
  id: interviews.publicId,
  slug: interviews.slug,
  title: interviews.title,
  summary: interviews.summary,
  status: interviews.status,
  scheduledStart: interviews.scheduledStart,
  scheduledEnd: interviews.scheduledEnd,
  department: departments.name,
};

/** Public lists: 正在直播 (live), 即将开始 (announced), 往期回顾 (ended and published). Drafts are staff-only. */
export async function listInterviews(options: { includeDrafts?: boolean } = {}): Promise<Record<'live' | 'upcoming' | 'past' | 'draft', InterviewSummary[]>> {
  const rows = await db()
    .select(summaryColumns)
    .from(interviews)
    .leftJoin(departments, eq(interviews.departmentId, departments.id))
    .where(options.includeDrafts ? undefined : sql`${interviews.status} <> 'draft'`)
    .orderBy(desc(interviews.scheduledStart))
    .limit(200);
  const guests = await guestsOf(db(), rows.map((r) => r.internalId));
  const summaries = rows.map((r) => ({
    id: r.id, slug: r.slug, title: r.title, summary: r.summary, status: r.status,
    scheduledStart: r.scheduledStart.toISOString(), scheduledEnd: r.scheduledEnd.toISOString(),
    department: r.department, guests: guests.get(r.internalId) ?? [],
  }));
  return {
    live: summaries.filter((s) => s.status === 'live'),
    upcoming: summaries.filter((s) => s.status === 'announced').reverse(),
    past: summaries.filter((s) => s.status === 'ended' || s.status === 'published'),
    draft: summaries.filter((s) => s.status === 'draft'),
  };
}

async function findInterview(tx: Tx | ReturnType<typeof db>, idOrSlug: string) {
  const [row] = await tx.select().from(interviews).where(sql`${interviews.publicId} = ${idOrSlug} or ${interviews.slug} = ${idOrSlug}`);
  return row ?? null;
}

/**
 * Moderators and the interview's guests. Pass the transaction when inside one: PGlite has a single connection, so
 * a query on another would wait for the transaction forever.
 */
export async function isInterviewStaff(actor: Actor, interviewId: number, tx: Tx | ReturnType<typeof db> = db()): Promise<boolean> {
  return (await staffAudienceOf(actor, interviewId, tx)) !== null;
}

/** Which staff party of the interview the actor is (views.ts#STAFF_READS says what each reads), or null. */
export async function staffAudienceOf(actor: Actor, interviewId: number, tx: Tx | ReturnType<typeof db> = db()): Promise<StaffAudience | null> {
  if (!actor.user) return null;
  if (actsAsModerator(actor.user.role)) return 'moderator';
  return actor.user.role === 'leader' && (await isGuest(tx, interviewId, actor.user.id)) ? 'guest' : null;
}

/**
 * The interview as one consistent snapshot (read in one transaction, so `seq` matches the content). Drafts are
 * visible to staff only.
 */
export async function getInterviewState(actor: Actor, idOrSlug: string): Promise<InterviewState> {
  return db().transaction(async (tx) => {
    const interview = await findInterview(tx, idOrSlug);
    if (!interview) throw notFound('没有这场访谈');
    const staff = await isInterviewStaff(actor, interview.id, tx);
    if (interview.status === 'draft' && !staff) throw notFound('没有这场访谈');
    const [dept] = interview.departmentId ? await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, interview.departmentId)) : [];
    const [host] = await tx.select({ name: users.name }).from(users).where(eq(users.id, interview.hostId));
    const qs = await publicQuestions(tx, interview.id);
    const remarks = await tx
      .select({ id: interviewRemarks.id, body: interviewRemarks.body, author: users.name, at: interviewRemarks.createdAt })
      .from(interviewRemarks).innerJoin(users, eq(interviewRemarks.authorId, users.id))
      .where(eq(interviewRemarks.interviewId, interview.id)).orderBy(asc(interviewRemarks.id));
    const guests = (await guestsOf(tx, [interview.id])).get(interview.id) ?? [];
    const answering = interview.answeringQuestionId ? qs.find((q) => q.internalId === interview.answeringQuestionId)?.id ?? null : null;
    let viewer: InterviewState['viewer'] = { canAsk: false, remaining: 0, voted: [], isStaff: staff, isGuest: false, mine: [] };
    if (actor.user?.role === 'citizen') {
      const voted = await tx.select({ id: questions.publicId }).from(questionVotes).innerJoin(questions, eq(questionVotes.questionId, questions.id))
        .where(and(eq(questionVotes.userId, actor.user.id), eq(questions.interviewId, interview.id)));
      const open = interview.status === 'announced' || interview.status === 'live';
      viewer = {
        canAsk: open, remaining: await remainingQuota(tx, interview, actor.user.id), voted: voted.map((v) => v.id), isStaff: false, isGuest: false,
        mine: await ownQuestions(tx, interview.id, actor.user.id),
      };
    } else if (actor.user?.role === 'leader') {
      viewer = { ...viewer, isGuest: await isGuest(tx, interview.id, actor.user.id) };
    }
    return {
      id: interview.publicId, slug: interview.slug, title: interview.title, summary: interview.summary, status: interview.status,
      scheduledStart: interview.scheduledStart.toISOString(), scheduledEnd: interview.scheduledEnd.toISOString(),
      department: dept?.name ?? null, guests, coverImageUrl: interview.coverImageUrl, seq: interview.lastSeq,
      answeringQuestionId: answering, questions: qs.map(stripInternal), remarks: remarks.map((r) => ({ ...r, at: r.at.toISOString() })),
      updates: await listUpdates(tx, { id: interview.id, publicId: interview.publicId }),
      host: host?.name ?? '', startedAt: interview.startedAt?.toISOString() ?? null, endedAt: interview.endedAt?.toISOString() ?? null, viewer,
      moderation: interview.status === 'ended' || interview.status === 'published' ? await moderationSummary(tx, interview.id) : null,
      polls: await pollsOf(tx, interview.id),
    };
  });
}

/** A citizen's own questions in one interview, in the order asked: what became of each, and why not if rejected. */
async function ownQuestions(tx: Tx | ReturnType<typeof db>, interviewId: number, userId: number): Promise<OwnQuestion[]> {
  const rows = await tx
    .select({ id: questions.publicId, body: questions.body, status: questions.status, askedAt: questions.createdAt, code: questions.rejectCode, note: questions.rejectReason })
    .from(questions)
    .where(and(eq(questions.interviewId, interviewId), eq(questions.askerId, userId)))
    .orderBy(asc(questions.id));
  return rows.map((r) => ({
    id: r.id, body: r.body, status: r.status, askedAt: r.askedAt.toISOString(),
    // Rejected before reason codes: the free text it was given counts as 其他 with a note.
    reason: r.status === 'rejected' ? r.code ?? 'other' : null,
    note: r.status === 'rejected' ? r.note : null,
  }));
}

export interface StaffQuestion {
  id: string;
  body: string;
  originalBody: string;
  asker: string;
  askerName: string;
  status: string;
  starred: boolean;
  votes: number;
  askedAt: string;
  /** Rejected: the reason code (null before codes) and the moderator's note to the asker. */
  rejectCode: RejectReason | null;
  rejectReason: string | null;
  draft: string | null;
  /** After the end: the guest who answers this leftover question, and by which Beijing date. */
  assignedTo: { id: string; name: string } | null;
  assignedAt: string | null;
  dueOn: string | null;
  version: number;
  /** The viewer may correct this question's published answer: its author, or a moderator (issue 12, item 7). */
  mayCorrect: boolean;
}

/** The moderator console's and the guest desk's view of all questions, with originals and (for guests) drafts. */
export async function staffQuestions(actor: Actor, idOrSlug: string): Promise<{ interviewId: string; items: StaffQuestion[] }> {
  const interview = await findInterview(db(), idOrSlug);
  const audience = interview ? await staffAudienceOf(actor, interview.id) : null;
  if (!interview || !audience) throw notFound('没有这场访谈');
  const reads = STAFF_READS[audience];
  const drafts = actor.user?.role === 'leader'
    ? await db().select({ questionId: answerDrafts.questionId, body: answerDrafts.body }).from(answerDrafts).where(eq(answerDrafts.authorId, actor.user.id))
    : [];
  const rows = await db()
    .select({
      internalId: questions.id, id: questions.publicId, body: questions.body, originalBody: questions.originalBody, askerName: users.name,
      status: questions.status, starred: questions.starred, votes: questions.votes, createdAt: questions.createdAt, rejectCode: questions.rejectCode, rejectReason: questions.rejectReason,
      assignedToId: questions.assignedToId, assignedAt: questions.assignedAt, dueOn: questions.assignmentDueOn, version: questions.version,
      answerAuthorId: answers.authorId,
    })
    .from(questions).innerJoin(users, eq(questions.askerId, users.id)).leftJoin(answers, eq(answers.questionId, questions.id))
    .where(eq(questions.interviewId, interview.id))
    .orderBy(desc(questions.starred), desc(questions.votes), asc(questions.id));
  // Guests see only approved and answered questions: moderation is not theirs.
  const visible = rows.filter((r) => reads.statuses.has(r.status));
  const assigneeIds = [...new Set(visible.map((r) => r.assignedToId).filter((id): id is number => id !== null))];
  const assignees = assigneeIds.length
    ? await db().select({ internalId: users.id, id: users.publicId, name: users.name }).from(users).where(inArray(users.id, assigneeIds))
    : [];
  const assignee = (id: number | null) => {
    const found = id === null ? undefined : assignees.find((a) => a.internalId === id);
    return found ? { id: found.id, name: found.name } : null;
  };
  return {
    interviewId: interview.publicId,
    items: visible.map((r) => ({
      id: r.id, body: r.body, originalBody: reads.original ? r.originalBody : r.body, asker: maskName(r.askerName), askerName: reads.askerName(r.askerName),
      status: r.status, starred: r.starred, votes: r.votes, askedAt: r.createdAt.toISOString(), rejectCode: r.rejectCode, rejectReason: r.rejectReason,
      draft: drafts.find((d) => d.questionId === r.internalId)?.body ?? null,
      assignedTo: assignee(r.assignedToId), assignedAt: r.assignedAt?.toISOString() ?? null, dueOn: r.dueOn, version: r.version,
      mayCorrect: r.answerAuthorId !== null && ((actor.user !== null && actsAsModerator(actor.user.role)) || r.answerAuthorId === actor.user?.id),
    })),
  };
}

/** The interview a viewer may follow (drafts only for staff), and which staff party of it the viewer is, if any. */
export async function interviewForViewer(actor: Actor, idOrSlug: string): Promise<{ internalId: number; id: string; audience: StaffAudience | null }> {
  const interview = await findInterview(db(), idOrSlug);
  if (!interview) throw notFound('没有这场访谈');
  const audience = await staffAudienceOf(actor, interview.id);
  if (interview.status === 'draft' && !audience) throw notFound('没有这场访谈');
  rememberInterview(idOrSlug, interview);
  return { internalId: interview.id, id: interview.publicId, audience };
}

/** Events after `sinceSeq`, for catch-up on join or reconnect (API: GET /api/v1/interviews/{id}/events). */
export async function eventsSince(actor: Actor, idOrSlug: string, sinceSeq: number, limit = 1000) {
  const interview = await findInterview(db(), idOrSlug);
  if (!interview) throw notFound('没有这场访谈');
  if (interview.status === 'draft' && !(await isInterviewStaff(actor, interview.id))) throw notFound('没有这场访谈');
  if (!Number.isInteger(sinceSeq) || sinceSeq < 0) throw new AppError('invalid_input', 'sinceSeq 须为非负整数', { sinceSeq: 'sinceSeq 须为非负整数' });
  const rows = await db()
    .select({ seq: interviewEvents.seq, type: interviewEvents.type, payload: interviewEvents.payload, at: interviewEvents.at })
    .from(interviewEvents)
    .where(and(eq(interviewEvents.interviewId, interview.id), gt(interviewEvents.seq, sinceSeq)))
    .orderBy(asc(interviewEvents.seq))
    .limit(limit);
  return {
    interview: { internalId: interview.id, id: interview.publicId },
    room: interviewRoom(interview.publicId),
    // Written by appendEvent, whose payload is typed by its event type.
    items: rows.map((r) => ({ interviewId: interview.publicId, seq: r.seq, type: r.type, payload: r.payload, at: r.at.toISOString() }) as InterviewEvent),
    lastSeq: interview.lastSeq,
  };
}

/** What the edit form starts from: the stored values with public ids, and the `version` to send back. */
export interface InterviewForEdit {
  id: string;
  slug: string;
  status: InterviewStatus;
  version: number;
  title: string;
  summary: string;
  guests: Array<{ id: string; name: string; title: string; /** The guest's short bio (admin staff page), when set. */ bio?: string }>;
  hostId: string;
  hostName: string;
  departmentId: string | null;
  coverImageUrl: string | null;
  scheduledStart: string;
  scheduledEnd: string;
  questionQuota: number;
  /** Only drafts and announced interviews may be edited. */
  editable: boolean;
}

export async function getInterviewForEdit(actor: Actor, idOrSlug: string): Promise<InterviewForEdit> {
  assertCan(actor, 'interviews.manage');
  const interview = await findInterview(db(), idOrSlug);
  if (!interview) throw notFound('没有这场访谈');
  const [host] = await db().select({ id: users.publicId, name: users.name }).from(users).where(eq(users.id, interview.hostId));
  const [dept] = interview.departmentId ? await db().select({ id: departments.publicId }).from(departments).where(eq(departments.id, interview.departmentId)) : [];
  const guests = (await guestsOf(db(), [interview.id])).get(interview.id) ?? [];
  return {
    id: interview.publicId, slug: interview.slug, status: interview.status, version: interview.version, title: interview.title, summary: interview.summary,
    guests, hostId: host!.id, hostName: host!.name, departmentId: dept?.id ?? null, coverImageUrl: interview.coverImageUrl,
    scheduledStart: interview.scheduledStart.toISOString(), scheduledEnd: interview.scheduledEnd.toISOString(), questionQuota: interview.questionQuota,
    editable: interview.status === 'draft' || interview.status === 'announced',
  };
}

export const ASSIGNED_PAGE_SIZE = 20;

/** The query of GET /api/v1/questions/assigned (also documented in the OpenAPI file). */
export const assignedQuery = z.object({
  status: z.enum(['open', 'answered'], { error: 'status 只能是 open 或 answered' }).default('open'),
  page: z.coerce.number({ error: '页码必须是数字' }).int({ error: '页码必须是整数' }).min(1, { error: '页码从 1 开始' }).max(10_000, { error: '页码过大' }).default(1),
});

export interface AssignedQuestion {
  id: string;
  body: string;
  asker: string;
  status: 'approved' | 'answered';
  askedAt: string;
  assignedAt: string | null;
  /** The Beijing date by which it is to be answered; overdue once that day has passed unanswered. */
  dueOn: string;
  overdue: boolean;
  interview: { id: string; slug: string; title: string; status: InterviewStatus };
  draft: string | null;
}

/**
 * The leftover questions a leader was assigned, across interviews: open ones (approved, unanswered) by due date,
 * overdue first; or answered ones, newest assignment first. A page of ASSIGNED_PAGE_SIZE, with the totals of both.
 */
export async function assignedQuestions(actor: Actor, input: unknown = {}, now = new Date()): Promise<{
  items: AssignedQuestion[]; total: number; page: number; pageSize: number; counts: { open: number; overdue: number; answered: number }; today: string;
}> {
  assertCan(actor, 'interviews.answer');
  const { status, page } = parseInput(assignedQuery, input);
  const me = actor.user.id;
  const today = chinaDate(now);
  const mine = and(eq(questions.assignedToId, me), sql`${questions.assignmentDueOn} is not null`);
  const wanted = status === 'open' ? eq(questions.status, 'approved') : eq(questions.status, 'answered');
  const [rows, [counts]] = await Promise.all([
    db()
      .select({
        internalId: questions.id, id: questions.publicId, body: questions.body, askerName: users.name, status: questions.status,
        askedAt: questions.createdAt, assignedAt: questions.assignedAt, dueOn: questions.assignmentDueOn,
        interviewId: interviews.publicId, slug: interviews.slug, title: interviews.title, interviewStatus: interviews.status,
      })
      .from(questions)
      .innerJoin(users, eq(users.id, questions.askerId))
      .innerJoin(interviews, eq(interviews.id, questions.interviewId))
      .where(and(mine, wanted))
      .orderBy(...(status === 'open' ? [asc(questions.assignmentDueOn), asc(questions.id)] : [desc(questions.assignedAt), desc(questions.id)]))
      .limit(ASSIGNED_PAGE_SIZE)
      .offset((page - 1) * ASSIGNED_PAGE_SIZE),
    db()
      .select({
        open: sql<number>`count(*) filter (where ${questions.status} = 'approved')`.mapWith(Number),
        overdue: sql<number>`count(*) filter (where ${questions.status} = 'approved' and ${questions.assignmentDueOn} < ${today})`.mapWith(Number),
        answered: sql<number>`count(*) filter (where ${questions.status} = 'answered')`.mapWith(Number),
      })
      .from(questions)
      .where(mine),
  ]);
  const drafts = rows.length
    ? await db().select({ questionId: answerDrafts.questionId, body: answerDrafts.body }).from(answerDrafts)
      .where(and(eq(answerDrafts.authorId, me), inArray(answerDrafts.questionId, rows.map((r) => r.internalId))))
    : [];
  const c = counts ?? { open: 0, overdue: 0, answered: 0 };
  return {
    items: rows.map((r) => ({
      id: r.id, body: r.body, asker: maskName(r.askerName), status: r.status as 'approved' | 'answered', askedAt: r.askedAt.toISOString(),
      assignedAt: r.assignedAt?.toISOString() ?? null, dueOn: r.dueOn!, overdue: r.status === 'approved' && r.dueOn! < today,
      interview: { id: r.interviewId, slug: r.slug, title: r.title, status: r.interviewStatus },
      draft: drafts.find((d) => d.questionId === r.internalId)?.body ?? null,
    })),
    total: status === 'open' ? c.open : c.answered,
    page,
    pageSize: ASSIGNED_PAGE_SIZE,
    counts: c,
    today,
  };
}

/**
 * What the home page's banner shows: the interviews live now (earliest first) and the next announced one, with only
 * the public list's fields (the same shape `interviews:status` brings live, lib/interviews/events.ts).
 */
export async function liveAndNextInterviews(): Promise<{ live: PublicInterviewStatus[]; next: PublicInterviewStatus | null }> {
  const columns = { id: interviews.publicId, slug: interviews.slug, title: interviews.title, status: interviews.status, scheduledStart: interviews.scheduledStart, scheduledEnd: interviews.scheduledEnd };
  const [live, next] = await Promise.all([
    db().select(columns).from(interviews).where(eq(interviews.status, 'live')).orderBy(asc(interviews.scheduledStart), asc(interviews.id)).limit(5),
    db().select(columns).from(interviews).where(eq(interviews.status, 'announced')).orderBy(asc(interviews.scheduledStart), asc(interviews.id)).limit(1),
  ]);
  const pub = (r: (typeof live)[number]): PublicInterviewStatus => ({
    id: r.id, slug: r.slug, title: r.title, status: r.status as PublicInterviewStatus['status'],
    scheduledStart: r.scheduledStart.toISOString(), scheduledEnd: r.scheduledEnd.toISOString(),
  });
  return { live: live.map(pub), next: next[0] ? pub(next[0]) : null };
}
