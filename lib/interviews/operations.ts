import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, can, type Actor, type ActorUser } from '../auth/permissions';
import { departments, users } from '../accounts/schema';
import { shareWorkingDayRules } from '../calendar/lock';
import { addWorkingDays, chinaDate, loadCalendarRules } from '../calendar';
import { notifyUsers, pingUsers } from '../notifications';
import { entrySourceChangedNotice } from '../archive/curation';
import { appendEvent, broadcast, broadcastPublicStatus, broadcastToStaff, tellAsker, type InterviewEvent, type StaffMessage } from './events';
import type { OwnQuestionUpdate } from './event-types';
import { answerCorrections, answerDrafts, answers, interviewGuests, interviewRemarks, interviews, questionVotes, questions, type InterviewStatus } from './schema';
import { moderationSummary, publicQuestions, stripInternal } from './views';
import { answerInput, assignLeftoverInput, correctionInput, draftInput, interviewAction, interviewInput, interviewPatchInput, questionAction, remarkInput } from './validation';
import { queueVoteUpdate } from './votes';
import { notifySubscribers } from './subscriptions';
import { afterPollsClosedAtEnd, closePollsAtEnd } from './polls';
import { accountChanged } from '../realtime/io';
import messages from '../i18n/messages/zh-CN.json';

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
    // Polls still open close with the interview (lib/interviews/polls.ts), their events before the status event.
    const polls = action === 'end' ? await closePollsAtEnd(tx, actor, interview, now) : { appended: [], closed: [] };
    // Once over, the event carries how the questions fared (the page shows it; a reload reads it afresh).
    const over = action === 'end' || action === 'publish' ? { moderation: await moderationSummary(tx, interview.id) } : {};
    const appended = await appendEvent(tx, interview, 'status.changed', { status: step.to, ...over }, now);
    // Subscribers hear of going live and of the transcript in this transaction (lib/interviews/subscriptions.ts).
    const pinged = await notifySubscribers(tx, interview, step.to);
    return { appended, interview, pinged, polls };
  });
  broadcast([...event.polls.appended, event.appended]);
  afterPollsClosedAtEnd(event.interview.publicId, event.polls.closed);
  pingUsers(event.pinged);
  // Announced, live, ended or published: public from here on, so the public pages hear of it (the home banner).
  const { interview } = event;
  broadcastPublicStatus({
    id: interview.publicId, slug: interview.slug, title: interview.title, status: step.to as 'announced' | 'live' | 'ended' | 'published',
    scheduledStart: interview.scheduledStart.toISOString(), scheduledEnd: interview.scheduledEnd.toISOString(),
  });
  return { status: step.to, seq: event.appended.seq };
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
  const moderation = ['approve', 'reject', 'star', 'unstar', 'edit', 'merge', 'assign'].includes(action.action);
  if (moderation) assertCan(actor, 'questions.moderate');
  if (action.action === 'upvote') assertCan(actor, 'interviews.ask');
  if (action.action === 'answering') assertCan(actor, 'interviews.answer');

  if (action.action === 'upvote') return upvote(user, questionPublicId, now);
  if (action.action === 'assign') return assignQuestion(actor, questionPublicId, action, now);

  const outcome = await db().transaction(async (tx) => {
    const { q, interview } = await lockQuestion(tx, questionPublicId);
    if (interview.status === 'draft' || interview.status === 'published') throw new AppError('conflict', '访谈当前状态不允许此操作');
    const events: InterviewEvent[] = [];
    let staff: StaffMessage | null = null;
    // What the asker's own connections hear of a decision (tellAsker): approved, merged, rejected with its reason.
    let own: Omit<OwnQuestionUpdate, 'interviewId' | 'questionId'> | null = null;
    let pinged: string[] = [];
    const set = (change: Partial<typeof questions.$inferInsert>) =>
      tx.update(questions).set({ ...change, version: q.version + 1, moderatedAt: now }).where(eq(questions.id, q.id));
    const publicView = async () => stripInternal((await publicQuestions(tx, interview.id, [q.id]))[0]!);

    switch (action.action) {
      case 'approve':
        if (q.status !== 'pending') throw new AppError('conflict', '这个问题已被他人处理');
        await set({ status: 'approved' });
        events.push(await appendEvent(tx, interview, 'question.approved', { question: await publicView() }, now));
        staff = { type: 'question.moderated', payload: { id: q.publicId, status: 'approved' } };
        own = { status: 'approved', reason: null, note: null };
        break;
      case 'reject':
        if (q.status !== 'pending' && q.status !== 'approved') throw new AppError('conflict', '这个问题已被他人处理');
        await set({ status: 'rejected', rejectCode: action.reason, rejectReason: action.note ?? null });
        if (q.status === 'approved') events.push(await appendEvent(tx, interview, 'question.removed', { questionId: q.publicId }, now));
        staff = { type: 'question.moderated', payload: { id: q.publicId, status: 'rejected', reason: action.reason, ...(action.note ? { note: action.note } : {}) } };
        own = { status: 'rejected', reason: action.reason, note: action.note ?? null };
        // The asker is told even when not on the page: in-app and (unless muted) by e-mail, with the reason.
        pinged = await notifyUsers(tx, [q.askerId], {
          kind: 'interview.question_rejected',
          title: `您在《${interview.title}》中的提问未予采用`,
          body: `理由：${messages.interviews.rejectReason[action.reason]}${action.note ? `。说明：${action.note}` : ''}`,
          link: `/interviews/${interview.slug}`,
          message: { key: 'interviewQuestionRejected', values: { title: interview.title, reason: action.reason, hasNote: action.note ? 'yes' : 'no', note: action.note ?? '' }, user: ['title', 'note'] },
        });
        break;
      case 'star':
      case 'unstar': {
        if (q.status !== 'approved' && q.status !== 'pending') throw new AppError('conflict', '只能标记待审或已采用的问题');
        await set({ starred: action.action === 'star' });
        if (q.status === 'approved') events.push(await appendEvent(tx, interview, 'question.updated', { question: await publicView() }, now));
        staff = { type: 'question.moderated', payload: { id: q.publicId, status: q.status, starred: action.action === 'star' } };
        break;
      }
      case 'edit':
        if (q.status === 'rejected' || q.status === 'merged') throw new AppError('conflict', '这个问题已不在列表中');
        await set({ body: action.body });
        if (q.status !== 'pending') events.push(await appendEvent(tx, interview, 'question.updated', { question: await publicView() }, now));
        staff = { type: 'question.moderated', payload: { id: q.publicId, status: q.status, body: action.body } };
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
        own = { status: 'merged', reason: null, note: null };
        break;
      }
      case 'answering':
        // Who before when: a leader who is not a guest is refused whatever the interview's state.
        await assertGuest(tx, user, interview.id);
        if (interview.status !== 'live') throw new AppError('conflict', '访谈直播中才能标记正在回答');
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
    await recordAudit(tx, actor, { action: `question.${action.action}`, entityType: 'question', entityId: q.publicId, details: { interview: interview.publicId, ...(action.action === 'edit' ? { before: q.body } : {}), ...(action.action === 'reject' ? { reason: action.reason, ...(action.note ? { note: action.note } : {}) } : {}) } });
    const [after] = await tx.select({ status: questions.status, votes: questions.votes }).from(questions).where(eq(questions.id, q.id));
    const [asker] = own ? await tx.select({ publicId: users.publicId }).from(users).where(eq(users.id, q.askerId)) : [];
    return { events, staff, pinged, own: own && asker ? { askerPublicId: asker.publicId, update: { interviewId: interview.publicId, questionId: q.publicId, ...own } } : null, interviewPublicId: interview.publicId, status: after!.status, votes: after!.votes };
  });
  broadcast(outcome.events);
  if (outcome.staff) broadcastToStaff(outcome.interviewPublicId, outcome.staff);
  if (outcome.own) tellAsker(outcome.own.askerPublicId, outcome.own.update);
  pingUsers(outcome.pinged);
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
    const [row] = await tx.update(questions).set({ votes: sql`${questions.votes} + 1`, votesPending: true }).where(eq(questions.id, q.id)).returning({ votes: questions.votes, status: questions.status });
    return { interview: interview!, votes: row!.votes, status: row!.status };
  });
  queueVoteUpdate(result.interview);
  return { id: questionPublicId, status: result.status, votes: result.votes };
}

/**
 * A guest publishes the answer to an approved question: any guest while live; after the end (ended or published)
 * only the guest the moderator assigned the leftover question to. The answer joins the transcript through the log.
 * One transaction with the audit row and the `answer.published` event; the guest's draft is deleted in it, so a
 * late autosave cannot bring it back (saveDraft refuses a question that is no longer open).
 */
export async function publishAnswer(actor: Actor, questionPublicId: string, input: unknown, now = new Date()): Promise<{ questionId: string; seq: number }> {
  assertCan(actor, 'interviews.answer');
  const { body } = parseInput(answerInput, input);
  const user = actor.user;
  const outcome = await db().transaction(async (tx) => {
    const { q, interview } = await lockQuestion(tx, questionPublicId);
    await assertGuest(tx, user, interview.id);
    const over = interview.status === 'ended' || interview.status === 'published';
    if (interview.status !== 'live' && !over) throw new AppError('conflict', '访谈直播中或结束后才能答复');
    if (q.status !== 'approved') throw new AppError('conflict', q.status === 'answered' ? '这个问题已经答复，如需修改请使用更正' : '只能答复已采用的问题');
    if (over && q.assignedToId !== user.id) {
      throw q.assignedToId === null
        ? new AppError('conflict', '访谈已结束，只能答复主持人分配给您的问题；这个问题尚未分配')
        : new AppError('forbidden', '这个问题已分配给其他嘉宾答复');
    }
    await tx.insert(answers).values({ questionId: q.id, authorId: user.id, body, originalBody: body, publishedAt: now });
    await tx.update(questions).set({ status: 'answered', version: q.version + 1 }).where(eq(questions.id, q.id));
    if (interview.answeringQuestionId === q.id) await tx.update(interviews).set({ answeringQuestionId: null }).where(eq(interviews.id, interview.id));
    await tx.delete(answerDrafts).where(eq(answerDrafts.questionId, q.id));
    await recordAudit(tx, actor, { action: 'answer.publish', entityType: 'question', entityId: q.publicId, details: { interview: interview.publicId } });
    const [view] = await publicQuestions(tx, interview.id, [q.id]);
    // A leftover answered after the end joins the transcript; an archive entry made before holds it without.
    const entryChanged = over ? await entrySourceChangedNotice(tx, { interviewId: interview.id }) : null;
    const pinged = entryChanged ? await notifyUsers(tx, entryChanged.userIds, entryChanged.notice) : [];
    return { event: await appendEvent(tx, interview, 'answer.published', { question: stripInternal(view!) }, now), pinged };
  });
  broadcast([outcome.event]);
  pingUsers(outcome.pinged);
  return { questionId: questionPublicId, seq: outcome.event.seq };
}

/**
 * Corrects a published answer (issue 12, item 7). Only its author — still a guest of the interview — or a
 * moderator (recorded as such, with a reason) may; another guest is refused (403), whatever the interview's state,
 * also after the transcript is published. The first text stays in `answers.original_body`, every correction is a
 * row of `answer_corrections` (the text it replaced, who, in which capacity, why), and the `answer.corrected`
 * event carries the public view with who corrected and when.
 */
export async function correctAnswer(actor: Actor, questionPublicId: string, input: unknown, now = new Date()): Promise<{ questionId: string; seq: number }> {
  // A moderator corrects as the platform (questions.moderate); anyone else must be able to answer at all.
  const moderator = can(actor, 'questions.moderate');
  if (!moderator) assertCan(actor, 'interviews.answer');
  const { body, reason } = parseInput(correctionInput, input);
  const user = actor.user!;
  const outcome = await db().transaction(async (tx) => {
    const { q, interview } = await lockQuestion(tx, questionPublicId);
    const [answer] = await tx.select().from(answers).where(eq(answers.questionId, q.id)).for('update');
    const author = answer?.authorId === user.id;
    // Who before what: a leader who is not the author learns nothing about the question's state.
    if (!moderator) {
      await assertGuest(tx, user, interview.id);
      if (answer && !author) throw new AppError('forbidden', '只有答复的嘉宾本人或管理员可以更正这条答复');
    }
    if (q.status !== 'answered' || !answer) throw new AppError('conflict', '这个问题还没有答复');
    const capacity = author ? 'author' : 'moderator';
    if (capacity === 'moderator' && !reason) throw new AppError('invalid_input', '更正他人的答复须填写更正理由', { reason: '请填写更正理由' });
    if (body === answer.body) throw new AppError('invalid_input', '更正后的答复与现在的答复相同', { body: '更正后的答复与现在的答复相同' });
    await tx.insert(answerCorrections).values({ answerId: answer.id, bodyBefore: answer.body, body, correctedById: user.id, capacity, reason: reason ?? null, correctedAt: now });
    await tx.update(answers).set({ body, correctedAt: now, correctedById: user.id }).where(eq(answers.id, answer.id));
    await recordAudit(tx, actor, {
      action: 'answer.correct', entityType: 'question', entityId: q.publicId,
      details: { interview: interview.publicId, capacity, ...(reason ? { reason } : {}) },
    });
    const [view] = await publicQuestions(tx, interview.id, [q.id]);
    // The interview's archive entry (if made) holds the transcript as it was: the moderators are told.
    const entryChanged = await entrySourceChangedNotice(tx, { interviewId: interview.id });
    const pinged = entryChanged ? await notifyUsers(tx, entryChanged.userIds, entryChanged.notice) : [];
    return { event: await appendEvent(tx, interview, 'answer.corrected', { question: stripInternal(view!) }, now), pinged };
  });
  broadcast([outcome.event]);
  pingUsers(outcome.pinged);
  return { questionId: questionPublicId, seq: outcome.event.seq };
}

/**
 * Autosave of a guest's answer draft (private to the author). Only an approved, unanswered question takes a
 * draft: the question row is read FOR SHARE, so a save that races 发布答复 waits for it and is then refused —
 * a late autosave never re-creates a draft beside, or in place of, a published answer.
 */
export async function saveDraft(actor: Actor, questionPublicId: string, input: unknown, now = new Date()): Promise<{ savedAt: string }> {
  assertCan(actor, 'interviews.answer');
  const { body } = parseInput(draftInput, input);
  const user = actor.user;
  await db().transaction(async (tx) => {
    const [q] = await tx.select({ id: questions.id, interviewId: questions.interviewId, status: questions.status }).from(questions)
      .where(eq(questions.publicId, questionPublicId)).for('share');
    if (!q) throw notFound('没有这个问题');
    await assertGuest(tx, user, q.interviewId);
    if (q.status === 'answered') throw new AppError('conflict', '这个问题已经发布答复，草稿不再保存');
    if (q.status !== 'approved') throw new AppError('conflict', '只能为已采用的问题保存草稿');
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

// ---- Editing an interview before it goes live ----

const STATUS_LABEL: Record<InterviewStatus, string> = { draft: '草稿', announced: '预告中', live: '直播中', ended: '已结束', published: '已发布文字实录' };

const beijingTime = (d: Date, locale: 'zh-CN' | 'en' = 'zh-CN') => dateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(d);

/** What viewers of an interview page see of the interview itself (the `interview.updated` event's payload). */
async function publicFacts(tx: Tx, interviewId: number) {
  const [row] = await tx
    .select({
      title: interviews.title, summary: interviews.summary, coverImageUrl: interviews.coverImageUrl,
      scheduledStart: interviews.scheduledStart, scheduledEnd: interviews.scheduledEnd, questionQuota: interviews.questionQuota,
      department: departments.name, host: users.name,
    })
    .from(interviews)
    .innerJoin(users, eq(users.id, interviews.hostId))
    .leftJoin(departments, eq(departments.id, interviews.departmentId))
    .where(eq(interviews.id, interviewId));
  const guests = await tx
    .select({ id: users.publicId, name: users.name, title: interviewGuests.title })
    .from(interviewGuests).innerJoin(users, eq(users.id, interviewGuests.userId))
    .where(eq(interviewGuests.interviewId, interviewId))
    .orderBy(asc(interviewGuests.sortOrder));
  return { ...row!, scheduledStart: row!.scheduledStart.toISOString(), scheduledEnd: row!.scheduledEnd.toISOString(), guests };
}

/**
 * A moderator edits an interview while it is a draft or announced (DESIGN.md §5): title, summary, guests (leader
 * accounts, with this interview's titles, in order), host (a moderator), department, schedule, cover image and
 * question quota. Optimistic: `version` must be the one the editor read (409 otherwise); one transaction with the
 * audit row; added guests are notified; an announced interview's viewers receive `interview.updated`.
 */
export async function updateInterview(actor: Actor, interviewPublicId: string, input: unknown, now = new Date()): Promise<{ id: string; version: number; changed: string[]; seq: number | null }> {
  assertCan(actor, 'interviews.manage');
  const data = parseInput(interviewPatchInput, input);
  const outcome = await db().transaction(async (tx) => {
    const interview = await lockInterview(tx, interviewPublicId);
    if (interview.status !== 'draft' && interview.status !== 'announced') {
      throw new AppError('conflict', `访谈${STATUS_LABEL[interview.status]}，不能再修改访谈信息（只有草稿和预告中的访谈可以修改）`);
    }
    if (data.version !== interview.version) throw new AppError('conflict', '已被他人处理，请刷新后重试');

    const change: Partial<typeof interviews.$inferInsert> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const note = (field: string, from: unknown, to: unknown) => {
      before[field] = from;
      after[field] = to;
    };
    if (data.title !== undefined && data.title !== interview.title) { change.title = data.title; note('title', interview.title, data.title); }
    if (data.summary !== undefined && data.summary !== interview.summary) { change.summary = data.summary; note('summary', interview.summary, data.summary); }
    if (data.coverImageUrl !== undefined && (data.coverImageUrl ?? null) !== interview.coverImageUrl) {
      change.coverImageUrl = data.coverImageUrl ?? null;
      note('coverImageUrl', interview.coverImageUrl, change.coverImageUrl);
    }
    if (data.questionQuota !== undefined && data.questionQuota !== interview.questionQuota) {
      change.questionQuota = data.questionQuota;
      note('questionQuota', interview.questionQuota, data.questionQuota);
    }
    const start = data.scheduledStart ?? interview.scheduledStart;
    const end = data.scheduledEnd ?? interview.scheduledEnd;
    if (end <= start) throw new AppError('invalid_input', '结束时间须晚于开始时间', { scheduledEnd: '结束时间须晚于开始时间' });
    if (start.getTime() !== interview.scheduledStart.getTime()) { change.scheduledStart = start; note('scheduledStart', interview.scheduledStart.toISOString(), start.toISOString()); }
    if (end.getTime() !== interview.scheduledEnd.getTime()) { change.scheduledEnd = end; note('scheduledEnd', interview.scheduledEnd.toISOString(), end.toISOString()); }
    if (data.departmentId !== undefined) {
      const dept = data.departmentId
        ? (await tx.select({ id: departments.id }).from(departments).where(eq(departments.publicId, data.departmentId)))[0]
        : undefined;
      if (data.departmentId && !dept) throw new AppError('invalid_input', '没有这个部门', { departmentId: '没有这个部门' });
      if ((dept?.id ?? null) !== interview.departmentId) { change.departmentId = dept?.id ?? null; note('departmentId', interview.departmentId, change.departmentId); }
    }
    if (data.hostId !== undefined) {
      const [host] = await tx.select({ id: users.id, role: users.role, status: users.status }).from(users).where(eq(users.publicId, data.hostId));
      // Keeping the present host is always allowed; a new one must be an active moderator.
      if (host?.id !== interview.hostId) {
        if (!host || host.role !== 'moderator' || host.status !== 'active') throw new AppError('invalid_input', '主持人须是在职的管理员账号', { hostId: '主持人须是在职的管理员账号' });
        change.hostId = host.id;
        note('hostId', interview.hostId, host.id);
      }
    }

    // Guests: the new list in order, each with this interview's title.
    const current = await tx
      .select({ userId: interviewGuests.userId, publicId: users.publicId, title: interviewGuests.title, sortOrder: interviewGuests.sortOrder })
      .from(interviewGuests).innerJoin(users, eq(users.id, interviewGuests.userId))
      .where(eq(interviewGuests.interviewId, interview.id))
      .orderBy(asc(interviewGuests.sortOrder));
    let added: number[] = [];
    let removed: string[] = [];
    if (data.guestIds || data.guestTitles) {
      const titles = data.guestTitles ?? {};
      let next: Array<{ userId: number; publicId: string; title: string }>;
      if (data.guestIds) {
        const found = await tx
          .select({ id: users.id, publicId: users.publicId, role: users.role, title: users.title, status: users.status })
          .from(users).where(inArray(users.publicId, data.guestIds));
        // Guests who stay are kept as they are; new ones must be active leader accounts.
        const invalid = data.guestIds.filter((id) => !current.some((c) => c.publicId === id) && !found.some((g) => g.publicId === id && g.role === 'leader' && g.status === 'active'));
        if (invalid.length) throw new AppError('invalid_input', '嘉宾须是在职的领导账号', { guestIds: '嘉宾须是在职的领导账号' });
        next = data.guestIds.map((id) => {
          const user = found.find((g) => g.publicId === id)!;
          return { userId: user.id, publicId: id, title: titles[id] ?? current.find((c) => c.userId === user.id)?.title ?? user.title ?? '嘉宾' };
        });
      } else {
        const strangers = Object.keys(titles).filter((id) => !current.some((c) => c.publicId === id));
        if (strangers.length) throw new AppError('invalid_input', '只能修改本场访谈嘉宾的职务', { guestTitles: '只能修改本场访谈嘉宾的职务' });
        next = current.map((c) => ({ userId: c.userId, publicId: c.publicId, title: titles[c.publicId] ?? c.title }));
      }
      const same = next.length === current.length && next.every((g, i) => g.userId === current[i]!.userId && g.title === current[i]!.title);
      if (!same) {
        await tx.delete(interviewGuests).where(eq(interviewGuests.interviewId, interview.id));
        await tx.insert(interviewGuests).values(next.map((g, i) => ({ interviewId: interview.id, userId: g.userId, title: g.title, sortOrder: i })));
        note('guests', current.map((c) => ({ id: c.publicId, title: c.title })), next.map((g) => ({ id: g.publicId, title: g.title })));
        added = next.filter((g) => !current.some((c) => c.userId === g.userId)).map((g) => g.userId);
        removed = current.filter((c) => !next.some((g) => g.userId === c.userId)).map((c) => c.publicId);
      }
    }

    const changed = Object.keys(after);
    if (changed.length === 0) return { version: interview.version, changed, event: null, pinged: [] as string[], removed };
    await tx.update(interviews).set({ ...change, version: interview.version + 1 }).where(eq(interviews.id, interview.id));
    await recordAudit(tx, actor, { action: 'interview.update', entityType: 'interview', entityId: interview.publicId, details: { status: interview.status, changed, before, after } });
    const title = change.title ?? interview.title;
    const pinged = await notifyUsers(tx, added, {
      kind: 'interview.guest',
      title: `邀请您作为嘉宾参加在线访谈：${title}`,
      body: `访谈时间：${beijingTime(start)}（北京时间）。请在访谈答复台查看已采用的问题，提前准备答复。`,
      link: `/workspace/leader/interviews/${interview.publicId}`,
      message: { key: 'interviewGuest', values: { title, time: beijingTime(start), timeEn: beijingTime(start, 'en') }, user: ['title'] },
    });
    // Viewers of an announced interview see the change at once; a draft has no public page yet.
    const event = interview.status === 'announced' ? await appendEvent(tx, interview, 'interview.updated', { interview: await publicFacts(tx, interview.id) }, now) : null;
    return { version: interview.version + 1, changed, event, pinged, removed };
  });
  // A removed guest reads nothing of the staff side any more (staffQuestions answers 404), so its sockets leave the
  // staff rooms now, in every process, before anything more is sent there: the account's connections are closed as
  // for an admin's change (lib/realtime/io.ts#accountChanged), and on reconnecting the page joins as what the
  // account now is. (A join racing this removal re-reads the guest list after joining: lib/interviews/socket.ts.)
  await Promise.all(outcome.removed.map((publicId) => accountChanged(publicId)));
  if (outcome.event) broadcast([outcome.event]);
  if (outcome.changed.length) broadcastToStaff(interviewPublicId, { type: 'interview.updated', payload: { changed: outcome.changed } });
  pingUsers(outcome.pinged);
  return { id: interviewPublicId, version: outcome.version, changed: outcome.changed, seq: outcome.event?.seq ?? null };
}

// ---- After the end: leftover questions assigned to guests ----

/** Working days a guest has to answer an assigned leftover question (DESIGN.md §5). */
export { ASSIGNMENT_WORKING_DAYS } from './assignment-clock';
import { ASSIGNMENT_WORKING_DAYS } from './assignment-clock';
import { dateTimeFormat } from '../calendar/date-format';

const clip = (text: string, max = 60) => ([...text].length > max ? `${[...text].slice(0, max).join('')}…` : text);

async function guestToAssign(tx: Tx, interviewId: number, guestPublicId: string): Promise<{ id: number; publicId: string; name: string }> {
  const [guest] = await tx
    .select({ id: users.id, publicId: users.publicId, name: users.name })
    .from(interviewGuests).innerJoin(users, eq(users.id, interviewGuests.userId))
    .where(and(eq(interviewGuests.interviewId, interviewId), eq(users.publicId, guestPublicId)));
  if (!guest) throw new AppError('invalid_input', '只能分配给本场访谈的嘉宾', { guestId: '只能分配给本场访谈的嘉宾' });
  return guest;
}

/** The due date of an assignment made now: 5 working days after today (Beijing), on the current calendar. */
async function assignmentDueOn(tx: Tx, now: Date): Promise<string> {
  // Held shared like the letters' clock, so a calendar edit in progress is not half-seen.
  await shareWorkingDayRules(tx);
  return addWorkingDays(chinaDate(now), ASSIGNMENT_WORKING_DAYS, await loadCalendarRules(tx));
}

function assertOver(status: InterviewStatus): void {
  if (status !== 'ended' && status !== 'published') throw new AppError('conflict', '访谈结束后才能分配会后答复的问题');
}

export interface AssignResult {
  id: string;
  status: string;
  votes: number;
  assignedTo: string;
  dueOn: string;
}

/**
 * After the end, a moderator hands one approved, unanswered question to one of the interview's guests, who
 * answers it within 5 working days. Reassigning (to another guest) is allowed until it is answered and restarts
 * the 5 days; assigning to the same guest again changes nothing.
 */
async function assignQuestion(actor: Actor, questionPublicId: string, input: { guestId: string; version?: number }, now: Date): Promise<AssignResult> {
  const outcome = await db().transaction(async (tx) => {
    const { q, interview } = await lockQuestion(tx, questionPublicId);
    assertOver(interview.status);
    if (q.status === 'answered') throw new AppError('conflict', '这个问题已经答复，不能再分配');
    if (q.status !== 'approved') throw new AppError('conflict', '只能分配已采用、尚未答复的问题');
    if (input.version !== undefined && input.version !== q.version) throw new AppError('conflict', '已被他人处理，请刷新后重试');
    const guest = await guestToAssign(tx, interview.id, input.guestId);
    if (q.assignedToId === guest.id && q.assignmentDueOn) {
      return { interview: interview.publicId, result: { id: q.publicId, status: q.status, votes: q.votes, assignedTo: guest.publicId, dueOn: q.assignmentDueOn }, pinged: [] as string[] };
    }
    const dueOn = await assignmentDueOn(tx, now);
    await tx.update(questions).set({ assignedToId: guest.id, assignedAt: now, assignmentDueOn: dueOn, version: q.version + 1 }).where(eq(questions.id, q.id));
    const [previous] = q.assignedToId ? await tx.select({ publicId: users.publicId }).from(users).where(eq(users.id, q.assignedToId)) : [];
    await recordAudit(tx, actor, {
      action: 'question.assign', entityType: 'question', entityId: q.publicId,
      details: { interview: interview.publicId, to: guest.publicId, dueOn, ...(previous ? { from: previous.publicId } : {}) },
    });
    const pinged = await notifyUsers(tx, [guest.id], {
      kind: 'interview.assigned',
      title: `请在 ${dueOn} 前答复访谈会后问题`,
      body: `《${interview.title}》：${clip(q.body)}`,
      link: '/workspace/leader/questions',
      message: { key: 'interviewAssigned', values: { dueOn, title: interview.title, question: clip(q.body) }, user: ['title', 'question'] },
    });
    return { interview: interview.publicId, result: { id: q.publicId, status: q.status, votes: q.votes, assignedTo: guest.publicId, dueOn }, pinged };
  });
  broadcastToStaff(outcome.interview, { type: 'question.assigned', payload: { id: outcome.result.id, status: 'approved', assignedTo: outcome.result.assignedTo, dueOn: outcome.result.dueOn } });
  pingUsers(outcome.pinged);
  return outcome.result;
}

/**
 * "Assign all to guest X": every approved, unanswered question of an ended interview — only those not assigned yet,
 * or with `includeAssigned` all of them — goes to one guest, due in 5 working days. One transaction, one audit row.
 */
export async function assignLeftoverQuestions(actor: Actor, interviewPublicId: string, input: unknown, now = new Date()): Promise<{ assigned: string[]; guestId: string; dueOn: string }> {
  assertCan(actor, 'questions.moderate');
  const data = parseInput(assignLeftoverInput, input);
  const outcome = await db().transaction(async (tx) => {
    const [interview] = await tx.select().from(interviews).where(eq(interviews.publicId, interviewPublicId));
    if (!interview) throw notFound('没有这场访谈');
    assertOver(interview.status);
    const guest = await guestToAssign(tx, interview.id, data.guestId);
    // Questions are locked before anything else, in id order: the same order as the single-question operations.
    const leftover = await tx
      .select({ id: questions.id, publicId: questions.publicId, assignedToId: questions.assignedToId })
      .from(questions)
      .where(and(eq(questions.interviewId, interview.id), eq(questions.status, 'approved')))
      .orderBy(asc(questions.id))
      .for('update');
    const chosen = leftover.filter((q) => (data.includeAssigned ? q.assignedToId !== guest.id : q.assignedToId === null));
    const dueOn = await assignmentDueOn(tx, now);
    if (chosen.length === 0) return { interview, guest, dueOn, assigned: [] as string[], pinged: [] as string[] };
    await tx.update(questions)
      .set({ assignedToId: guest.id, assignedAt: now, assignmentDueOn: dueOn, version: sql`${questions.version} + 1` })
      .where(inArray(questions.id, chosen.map((q) => q.id)));
    const assigned = chosen.map((q) => q.publicId);
    await recordAudit(tx, actor, {
      action: 'question.assign_all', entityType: 'interview', entityId: interview.publicId,
      details: { to: guest.publicId, dueOn, questions: assigned, includeAssigned: Boolean(data.includeAssigned) },
    });
    const pinged = await notifyUsers(tx, [guest.id], {
      kind: 'interview.assigned',
      title: `请在 ${dueOn} 前答复访谈会后问题（${assigned.length} 个）`,
      body: `《${interview.title}》的 ${assigned.length} 个会后问题已分配给您答复。`,
      link: '/workspace/leader/questions',
      message: { key: 'interviewAssignedAll', values: { dueOn, count: assigned.length, title: interview.title }, user: ['title'] },
    });
    return { interview, guest, dueOn, assigned, pinged };
  });
  if (outcome.assigned.length) broadcastToStaff(interviewPublicId, { type: 'question.assigned', payload: { ids: outcome.assigned, status: 'approved', assignedTo: outcome.guest.publicId, dueOn: outcome.dueOn } });
  pingUsers(outcome.pinged);
  return { assigned: outcome.assigned, guestId: outcome.guest.publicId, dueOn: outcome.dueOn };
}
