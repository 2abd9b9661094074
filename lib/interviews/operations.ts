import { randomBytes } from 'node:crypto';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor, type ActorUser } from '../auth/permissions';
import { departments, users } from '../accounts/schema';
import { appendEvent, broadcast, broadcastToStaff, type InterviewEvent } from './events';
import { answerDrafts, answers, interviewGuests, interviewRemarks, interviews, questionVotes, questions, type InterviewStatus } from './schema';
import { publicQuestions, stripInternal } from './views';
import { answerInput, draftInput, interviewAction, interviewInput, questionAction, remarkInput } from './validation';
import { queueVoteUpdate } from './votes';

export const newPublicId = () => randomBytes(9).toString('base64url');

type InterviewRow = typeof interviews.$inferSelect;

async function lockInterview(tx: Tx, publicId: string): Promise<InterviewRow> {
  const [row] = await tx.select().from(interviews).where(eq(interviews.publicId, publicId)).for('update');
  if (!row) throw notFound('没有这场访谈');
  return row;
}

export async function isGuest(tx: Tx | ReturnType<typeof db>, interviewId: number, userId: number): Promise<boolean> {
  const [row] = await tx.select({ n: count() }).from(interviewGuests).where(and(eq(interviewGuests.interviewId, interviewId), eq(interviewGuests.userId, userId)));
  return (row?.n ?? 0) > 0;
}

/** A moderator schedules an interview with leader guests (DESIGN.md §5). */
export async function createInterview(actor: Actor, input: unknown, now = new Date()): Promise<{ id: string; slug: string }> {
  assertCan(actor, 'interviews.manage');
  const data = parseInput(interviewInput, input);
  const publicId = newPublicId();
  const slug = `${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  await db().transaction(async (tx) => {
    const guests = await tx
      .select({ id: users.id, publicId: users.publicId, role: users.role, title: users.title, status: users.status })
      .from(users)
      .where(inArray(users.publicId, data.guestIds));
    const invalid = data.guestIds.filter((id) => !guests.some((g) => g.publicId === id && g.role === 'leader' && g.status === 'active'));
    if (invalid.length) throw new AppError('invalid_input', '嘉宾须是在职的领导账号', { guestIds: '嘉宾须是在职的领导账号' });
    const dept = data.departmentId
      ? (await tx.select({ id: departments.id }).from(departments).where(eq(departments.publicId, data.departmentId)))[0]
      : undefined;
    if (data.departmentId && !dept) throw new AppError('invalid_input', '没有这个部门', { departmentId: '没有这个部门' });
    const [row] = await tx
      .insert(interviews)
      .values({
        publicId,
        slug,
        title: data.title,
        summary: data.summary,
        departmentId: dept?.id ?? null,
        hostId: actor.user.id,
        coverImageUrl: data.coverImageUrl ?? null,
        scheduledStart: data.scheduledStart,
        scheduledEnd: data.scheduledEnd,
        questionQuota: data.questionQuota ?? 5,
        createdAt: now,
      })
      .returning({ id: interviews.id });
    await tx.insert(interviewGuests).values(
      data.guestIds.map((id, i) => {
        const guest = guests.find((g) => g.publicId === id)!;
        return { interviewId: row!.id, userId: guest.id, title: data.guestTitles?.[id] ?? guest.title ?? '嘉宾', sortOrder: i };
      }),
    );
    await recordAudit(tx, actor, { action: 'interview.create', entityType: 'interview', entityId: publicId, details: { title: data.title } });
  });
  return { id: publicId, slug };
}

const NEXT_STATUS: Record<'announce' | 'go_live' | 'end' | 'publish', { from: InterviewStatus; to: InterviewStatus }> = {
  announce: { from: 'draft', to: 'announced' },
  go_live: { from: 'announced', to: 'live' },
  end: { from: 'live', to: 'ended' },
  publish: { from: 'ended', to: 'published' },
};

/** announce → go_live → end → publish, each once, in order; every change is an event viewers receive. */
export async function actOnInterview(actor: Actor, interviewPublicId: string, input: unknown, now = new Date()): Promise<{ status: InterviewStatus; seq: number }> {
  assertCan(actor, 'interviews.manage');
  const { action } = parseInput(interviewAction, input);
  const step = NEXT_STATUS[action];
  const event = await db().transaction(async (tx) => {
    const interview = await lockInterview(tx, interviewPublicId);
    if (interview.status !== step.from) throw new AppError('conflict', `访谈当前状态不允许此操作（当前：${interview.status}）`);
    const times = action === 'go_live' ? { startedAt: now } : action === 'end' ? { endedAt: now, answeringQuestionId: null } : action === 'publish' ? { publishedAt: now } : {};
    await tx.update(interviews).set({ status: step.to, version: interview.version + 1, ...times }).where(eq(interviews.id, interview.id));
    await recordAudit(tx, actor, { action: `interview.${action}`, entityType: 'interview', entityId: interviewPublicId, details: { from: step.from, to: step.to } });
    return appendEvent(tx, interview, 'status.changed', { status: step.to }, now);
  });
  broadcast([event]);
  return { status: step.to, seq: event.seq };
}

/** Remaining questions this citizen may ask in the interview. */
export async function remainingQuota(tx: Tx | ReturnType<typeof db>, interview: { id: number; questionQuota: number }, userId: number): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(questions).where(and(eq(questions.interviewId, interview.id), eq(questions.askerId, userId)));
  return Math.max(0, interview.questionQuota - (row?.n ?? 0));
}

/** A citizen asks: the hot path lives in ./ask (two prepared statements, one round trip). */
export { askQuestion } from './ask';

interface LockedQuestion {
  q: typeof questions.$inferSelect;
  interview: InterviewRow;
}

async function lockQuestion(tx: Tx, questionPublicId: string): Promise<LockedQuestion> {
  const [q] = await tx.select().from(questions).where(eq(questions.publicId, questionPublicId)).for('update');
  if (!q) throw notFound('没有这个问题');
  const [interview] = await tx.select().from(interviews).where(eq(interviews.id, q.interviewId)).for('update');
  return { q, interview: interview! };
}

async function assertGuest(tx: Tx, user: ActorUser, interviewId: number): Promise<void> {
  if (!(await isGuest(tx, interviewId, user.id))) throw new AppError('forbidden', '您不是这场访谈的嘉宾');
}

/**
 * Moderators approve, reject, star, edit (the original is kept) and merge; citizens upvote (同问); guests mark
 * the question they are answering. Public changes are events; pending-queue changes go to the staff room.
 */
export async function actOnQuestion(actor: Actor, questionPublicId: string, input: unknown, now = new Date()): Promise<{ id: string; status: string; votes: number }> {
  if (!actor.user) throw new AppError('unauthenticated', '请先登录');
  const user = actor.user;
  const action = parseInput(questionAction, input);
  const moderation = ['approve', 'reject', 'star', 'unstar', 'edit', 'merge'].includes(action.action);
  if (moderation) assertCan(actor, 'questions.moderate');
  if (action.action === 'upvote') assertCan(actor, 'interviews.ask');
  if (action.action === 'answering') assertCan(actor, 'interviews.answer');

  if (action.action === 'upvote') return upvote(user, questionPublicId, now);

  const outcome = await db().transaction(async (tx) => {
    const { q, interview } = await lockQuestion(tx, questionPublicId);
    if (interview.status === 'draft' || interview.status === 'published') throw new AppError('conflict', '访谈当前状态不允许此操作');
    const events: InterviewEvent[] = [];
    let staff: { type: string; payload: Record<string, unknown> } | null = null;
    const set = (change: Partial<typeof questions.$inferInsert>) =>
      tx.update(questions).set({ ...change, version: q.version + 1, moderatedAt: now }).where(eq(questions.id, q.id));
    const publicView = async () => stripInternal((await publicQuestions(tx, interview.id, [q.id]))[0]!);

    switch (action.action) {
      case 'approve':
        if (q.status !== 'pending') throw new AppError('conflict', '这个问题已被他人处理');
        await set({ status: 'approved' });
        events.push(await appendEvent(tx, interview, 'question.approved', { question: await publicView() }, now));
        staff = { type: 'question.moderated', payload: { id: q.publicId, status: 'approved' } };
        break;
      case 'reject':
        if (q.status !== 'pending' && q.status !== 'approved') throw new AppError('conflict', '这个问题已被他人处理');
        await set({ status: 'rejected', rejectReason: action.reason });
        if (q.status === 'approved') events.push(await appendEvent(tx, interview, 'question.removed', { questionId: q.publicId }, now));
        staff = { type: 'question.moderated', payload: { id: q.publicId, status: 'rejected', reason: action.reason } };
        break;
      case 'star':
      case 'unstar': {
        if (q.status !== 'approved' && q.status !== 'pending') throw new AppError('conflict', '只能标记待审或已采用的问题');
        await set({ starred: action.action === 'star' });
        if (q.status === 'approved') events.push(await appendEvent(tx, interview, 'question.updated', { question: await publicView() }, now));
        staff = { type: 'question.moderated', payload: { id: q.publicId, starred: action.action === 'star' } };
        break;
      }
      case 'edit':
        if (q.status === 'rejected' || q.status === 'merged') throw new AppError('conflict', '这个问题已不在列表中');
        await set({ body: action.body });
        if (q.status !== 'pending') events.push(await appendEvent(tx, interview, 'question.updated', { question: await publicView() }, now));
        staff = { type: 'question.moderated', payload: { id: q.publicId, body: action.body } };
        break;
      case 'merge': {
        if (q.status !== 'pending' && q.status !== 'approved') throw new AppError('conflict', '这个问题已被他人处理');
        const [target] = await tx.select().from(questions).where(and(eq(questions.publicId, action.intoQuestionId), eq(questions.interviewId, interview.id))).for('update');
        if (!target || target.id === q.id || (target.status !== 'approved' && target.status !== 'answered' && target.status !== 'pending')) {
          throw new AppError('invalid_input', '请选择本场访谈中另一个待审或已采用的问题', { intoQuestionId: '请选择本场访谈中另一个待审或已采用的问题' });
        }
        // The merged question's supporters (its asker and its 同问 votes) count for the one that stays.
        const gained = 1 + q.votes;
        await set({ status: 'merged', mergedIntoId: target.id });
        await tx.update(questions).set({ votes: sql`${questions.votes} + ${gained}` }).where(eq(questions.id, target.id));
        if (q.status === 'approved') events.push(await appendEvent(tx, interview, 'question.removed', { questionId: q.publicId, mergedInto: target.publicId }, now));
        if (target.status !== 'pending') {
          const [view] = await publicQuestions(tx, interview.id, [target.id]);
          events.push(await appendEvent(tx, interview, 'question.updated', { question: stripInternal(view!) }, now));
        }
        staff = { type: 'question.moderated', payload: { id: q.publicId, status: 'merged', mergedInto: target.publicId } };
        break;
      }
      case 'answering':
        if (interview.status !== 'live') throw new AppError('conflict', '访谈直播中才能标记正在回答');
        await assertGuest(tx, user, interview.id);
        if (q.status !== 'approved') throw new AppError('conflict', '只能标记已采用、尚未答复的问题');
        await tx.update(interviews).set({ answeringQuestionId: q.id }).where(eq(interviews.id, interview.id));
        events.push(await appendEvent(tx, interview, 'question.answering', { questionId: q.publicId, by: user.name }, now));
        break;
    }
    // A question that leaves the list stops being "正在回答".
    if ((action.action === 'reject' || action.action === 'merge') && interview.answeringQuestionId === q.id) {
      await tx.update(interviews).set({ answeringQuestionId: null }).where(eq(interviews.id, interview.id));
      events.push(await appendEvent(tx, interview, 'question.answering', { questionId: null }, now));
    }
    await recordAudit(tx, actor, { action: `question.${action.action}`, entityType: 'question', entityId: q.publicId, details: { interview: interview.publicId, ...(action.action === 'edit' ? { before: q.body } : {}), ...(action.action === 'reject' ? { reason: action.reason } : {}) } });
    const [after] = await tx.select({ status: questions.status, votes: questions.votes }).from(questions).where(eq(questions.id, q.id));
    return { events, staff, interviewPublicId: interview.publicId, status: after!.status, votes: after!.votes };
  });
  broadcast(outcome.events);
  if (outcome.staff) broadcastToStaff(outcome.interviewPublicId, outcome.staff.type, outcome.staff.payload);
  return { id: questionPublicId, status: outcome.status, votes: outcome.votes };
}

/** 同问: one per citizen and question; counts are broadcast merged, a few times a second at most. */
async function upvote(user: ActorUser, questionPublicId: string, now: Date): Promise<{ id: string; status: string; votes: number }> {
  const result = await db().transaction(async (tx) => {
    const [q] = await tx.select({ id: questions.id, status: questions.status, interviewId: questions.interviewId }).from(questions).where(eq(questions.publicId, questionPublicId));
    if (!q || (q.status !== 'approved' && q.status !== 'answered')) throw notFound('没有这个问题');
    const [interview] = await tx.select({ id: interviews.id, publicId: interviews.publicId, status: interviews.status }).from(interviews).where(eq(interviews.id, q.interviewId));
    if (interview!.status !== 'announced' && interview!.status !== 'live') throw new AppError('conflict', '访谈已结束，不能再同问');
    const inserted = await tx.insert(questionVotes).values({ questionId: q.id, userId: user.id, createdAt: now }).onConflictDoNothing().returning({ q: questionVotes.questionId });
    if (inserted.length === 0) throw new AppError('conflict', '您已经同问过这个问题');
    const [row] = await tx.update(questions).set({ votes: sql`${questions.votes} + 1` }).where(eq(questions.id, q.id)).returning({ votes: questions.votes, status: questions.status });
    return { interview: interview!, questionId: q.id, votes: row!.votes, status: row!.status };
  });
  queueVoteUpdate(result.interview, result.questionId);
  return { id: questionPublicId, status: result.status, votes: result.votes };
}

/**
 * A guest's change to an answer (publish or correct): authorise as a guest of the interview, apply the change,
 * audit it, and append the event carrying the question's public view — one transaction, broadcast after commit.
 */
async function changeAnswer(
  actor: Actor,
  questionPublicId: string,
  input: unknown,
  now: Date,
  kind: { event: 'answer.published' | 'answer.corrected'; audit: string },
  apply: (tx: Tx, locked: LockedQuestion, user: ActorUser, body: string) => Promise<void>,
): Promise<{ questionId: string; seq: number }> {
  assertCan(actor, 'interviews.answer');
  const { body } = parseInput(answerInput, input);
  const user = actor.user;
  const event = await db().transaction(async (tx) => {
    const locked = await lockQuestion(tx, questionPublicId);
    await assertGuest(tx, user, locked.interview.id);
    await apply(tx, locked, user, body);
    await recordAudit(tx, actor, { action: kind.audit, entityType: 'question', entityId: locked.q.publicId, details: { interview: locked.interview.publicId } });
    const [view] = await publicQuestions(tx, locked.interview.id, [locked.q.id]);
    return appendEvent(tx, locked.interview, kind.event, { question: stripInternal(view!) }, now);
  });
  broadcast([event]);
  return { questionId: questionPublicId, seq: event.seq };
}

/** A guest publishes the answer to an approved question (live, or after the end for leftover questions). */
export function publishAnswer(actor: Actor, questionPublicId: string, input: unknown, now = new Date()): Promise<{ questionId: string; seq: number }> {
  return changeAnswer(actor, questionPublicId, input, now, { event: 'answer.published', audit: 'answer.publish' }, async (tx, { q, interview }, user, body) => {
    if (interview.status !== 'live' && interview.status !== 'ended') throw new AppError('conflict', '访谈直播中或结束后才能答复');
    if (q.status !== 'approved') throw new AppError('conflict', q.status === 'answered' ? '这个问题已经答复，如需修改请使用更正' : '只能答复已采用的问题');
    await tx.insert(answers).values({ questionId: q.id, authorId: user.id, body, originalBody: body, publishedAt: now });
    await tx.update(questions).set({ status: 'answered', version: q.version + 1 }).where(eq(questions.id, q.id));
    if (interview.answeringQuestionId === q.id) await tx.update(interviews).set({ answeringQuestionId: null }).where(eq(interviews.id, interview.id));
    await tx.delete(answerDrafts).where(and(eq(answerDrafts.questionId, q.id), eq(answerDrafts.authorId, user.id)));
  });
}

/** A guest corrects a published answer; the first text is kept, everyone receives the correction. */
export function correctAnswer(actor: Actor, questionPublicId: string, input: unknown, now = new Date()): Promise<{ questionId: string; seq: number }> {
  return changeAnswer(actor, questionPublicId, input, now, { event: 'answer.corrected', audit: 'answer.correct' }, async (tx, { q }, _user, body) => {
    if (q.status !== 'answered') throw new AppError('conflict', '这个问题还没有答复');
    await tx.update(answers).set({ body, correctedAt: now }).where(eq(answers.questionId, q.id));
  });
}

/** Autosave of a guest's answer draft (private to the author). */
export async function saveDraft(actor: Actor, questionPublicId: string, input: unknown, now = new Date()): Promise<{ savedAt: string }> {
  assertCan(actor, 'interviews.answer');
  const { body } = parseInput(draftInput, input);
  const user = actor.user;
  await db().transaction(async (tx) => {
    const [q] = await tx.select({ id: questions.id, interviewId: questions.interviewId }).from(questions).where(eq(questions.publicId, questionPublicId));
    if (!q) throw notFound('没有这个问题');
    await assertGuest(tx, user, q.interviewId);
    await tx.insert(answerDrafts).values({ questionId: q.id, authorId: user.id, body, updatedAt: now })
      .onConflictDoUpdate({ target: [answerDrafts.questionId, answerDrafts.authorId], set: { body, updatedAt: now } });
  });
  return { savedAt: now.toISOString() };
}

/** The host's remarks in the transcript (live only). */
export async function addRemark(actor: Actor, interviewPublicId: string, input: unknown, now = new Date()): Promise<{ seq: number }> {
  assertCan(actor, 'interviews.manage');
  const { body } = parseInput(remarkInput, input);
  const event = await db().transaction(async (tx) => {
    const interview = await lockInterview(tx, interviewPublicId);
    if (interview.status !== 'live' && interview.status !== 'announced') throw new AppError('conflict', '访谈预告或直播中才能发布主持人发言');
    const [remark] = await tx.insert(interviewRemarks).values({ interviewId: interview.id, authorId: actor.user.id, body, createdAt: now }).returning({ id: interviewRemarks.id });
    await recordAudit(tx, actor, { action: 'interview.remark', entityType: 'interview', entityId: interview.publicId, details: { remark: remark!.id } });
    return appendEvent(tx, interview, 'host.remark', { remark: { id: remark!.id, body, author: actor.user.name, at: now.toISOString() } }, now);
  });
  broadcast([event]);
  return { seq: event.seq };
}
