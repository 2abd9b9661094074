import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, asc, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { departments, users } from '@/lib/accounts/schema';
import { findActiveUser, newPublicId } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { actOnInterview, actOnQuestion, askQuestion, correctAnswer, createInterview, publishAnswer, saveDraft } from '@/lib/interviews/operations';
import { eventsSince, getInterviewState, staffQuestions } from '@/lib/interviews/queries';
import { answerCorrections, answerDrafts, answers, questions } from '@/lib/interviews/schema';
import { closeRealtime, startRealtime } from '@/lib/platform/realtime';
import * as answerRoute from '@/app/api/v1/questions/[id]/answer/route';
import { correctAnswerForm } from '@/app/workspace/leader/interviews/actions';
import { appErrorOf } from './support/errors';
import { actorFor, uniqueEmail, visitor } from './support/users';
import { useTestRequest } from './support/request';

/**
 * Issue 12, item 7 — who may change a published answer — and item 1's server half — a draft save never
 * re-creates a draft beside, or instead of, a published answer. Every path that changes an answer: the operation,
 * `PUT /api/v1/questions/{id}/answer`, the server action `correctAnswerForm`, and what the socket broadcasts.
 */

// Route handlers and server actions read the session cookie through next/headers; the tests set it per request.
const requestHeaders = useTestRequest('192.0.2.67');

type StaffActor = Actor & { user: ActorUser };
let moderator: StaffActor;
let leader: StaffActor;
let citizen: StaffActor;
/** A second guest of the interviews below, and a leader who is never a guest. */
let deputy: StaffActor;
let outsider: StaffActor;

async function insertLeader(name: string): Promise<StaffActor> {
  const publicId = newPublicId();
  const [dept] = await db().select({ id: departments.id }).from(departments).limit(1);
  await db().insert(users).values({ publicId, name, email: uniqueEmail('leader'), passwordHash: 'not-a-hash', role: 'leader', title: '副局长', departmentId: dept!.id });
  return { user: (await findActiveUser(db(), publicId))!, ip: '192.0.2.11' };
}

const cookieOf = async (actor: StaffActor) =>
  `next-auth.session-token=${await encode({ token: { sub: actor.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;

/** PUT /api/v1/questions/{id}/answer as `actor` (null: a visitor). */
async function put(actor: StaffActor | null, questionId: string, body: unknown) {
  requestHeaders.cookie = actor ? await cookieOf(actor) : null;
  const response = await answerRoute.PUT(
    new Request(`http://localhost/api/v1/questions/${questionId}/answer`, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    { params: Promise.resolve({ id: questionId }) },
  );
  requestHeaders.cookie = null;
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  [moderator, leader, citizen] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com'), actorFor('citizen@example.com')]);
  deputy = await insertLeader('李副局长');
  outsider = await insertLeader('赵处长');
});

/** A live interview with 王局长 and 李副局长 as guests and one approved question, answered by 王局长. */
async function answeredQuestion(title: string) {
  const { id } = await createInterview(moderator, {
    title, summary: '局领导介绍文旅市场整治情况并回答市民提问。', guestIds: [leader.user.publicId, deputy.user.publicId],
    scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledEnd: new Date(Date.now() + 7200_000).toISOString(),
  });
  await actOnInterview(moderator, id, { action: 'announce' });
  await actOnInterview(moderator, id, { action: 'go_live' });
  const q = await askQuestion(citizen, id, { body: '旅游景区的门票优惠政策什么时候公布？' });
  await actOnQuestion(moderator, q.id, { action: 'approve' });
  const original = '景区门票优惠政策将于下月一日在我局官网公布。';
  await publishAnswer(leader, q.id, { body: original });
  return { id, questionId: q.id, original };
}

async function answerRow(questionPublicId: string) {
  const [row] = await db().select({ answer: answers }).from(answers).innerJoin(questions, eq(answers.questionId, questions.id)).where(eq(questions.publicId, questionPublicId));
  return row!.answer;
}

const history = async (answerId: number) =>
  db().select().from(answerCorrections).where(eq(answerCorrections.answerId, answerId)).orderBy(asc(answerCorrections.id));

const publicAnswer = async (interviewId: string, questionId: string) =>
  (await getInterviewState(visitor(), interviewId)).questions.find((q) => q.id === questionId)!.answer!;

describe('correcting a published answer: only its author, or a moderator recorded as such', () => {
  it('another guest is refused on the REST route, the server action and the operation; nothing changes', async () => {
    const { id, questionId, original } = await answeredQuestion('答复更正权限测试访谈');
    const tampered = '本答复已被篡改：景区门票一律免费。';

    // The defect: any guest could rewrite 王局长's answer, shown under 王局长's name.
    const viaRest = await put(deputy, questionId, { body: tampered });
    expect(viaRest.status).toBe(403);
    expect(viaRest.body.error.message).toBe('只有答复的嘉宾本人或管理员可以更正这条答复');
    requestHeaders.cookie = await cookieOf(deputy);
    const form = new FormData();
    form.set('body', tampered);
    const viaAction = await correctAnswerForm(id, questionId, { ok: false, message: null, fields: {} }, form);
    requestHeaders.cookie = null;
    expect(viaAction).toMatchObject({ ok: false, message: '只有答复的嘉宾本人或管理员可以更正这条答复' });
    expect((await appErrorOf(correctAnswer(deputy, questionId, { body: tampered }))).status).toBe(403);

    // Nobody else either: a leader who is not a guest, a citizen, a visitor.
    expect((await put(outsider, questionId, { body: tampered })).status).toBe(403);
    expect((await put(citizen, questionId, { body: tampered })).status).toBe(403);
    expect((await put(null, questionId, { body: tampered })).status).toBe(401);

    const row = await answerRow(questionId);
    expect(row).toMatchObject({ body: original, originalBody: original, correctedAt: null, correctedById: null });
    expect(await history(row.id)).toEqual([]);
    expect(await publicAnswer(id, questionId)).toMatchObject({ body: original, author: '王局长', corrected: false, correction: null });
    expect((await eventsSince(visitor(), id, 0)).items.map((e) => e.type)).not.toContain('answer.corrected');
    // The deputy's desk offers no 更正 for 王局长's answer; 王局长's and the moderator's do.
    const mayCorrect = async (actor: StaffActor) => (await staffQuestions(actor, id)).items.find((q) => q.id === questionId)!.mayCorrect;
    expect([await mayCorrect(deputy), await mayCorrect(leader), await mayCorrect(moderator)]).toEqual([false, true, true]);
  });

  it('the author and a moderator (with a reason) correct; the original and every replaced text are kept, and the public sees who corrected', async () => {
    const { id, questionId, original } = await answeredQuestion('答复更正历史测试访谈');
    const byAuthor = '更正：景区门票优惠政策将于下月十五日在我局官网公布。';
    const at1 = new Date('2030-06-01T02:40:00.000Z');
    const response = await put(leader, questionId, { body: byAuthor });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ questionId });
    await expect(correctAnswer(leader, questionId, { body: byAuthor }, at1)).rejects.toMatchObject({ status: 422 }); // unchanged text
    expect(await publicAnswer(id, questionId)).toMatchObject({ body: byAuthor, author: '王局长', corrected: true, correction: { by: '王局长', byModerator: false } });

    // A moderator must say why; then the correction is theirs, on the record and on the public page.
    const byModerator = '更正：景区门票优惠政策将于下月十五日在文旅局官网和公众号同时公布。';
    const noReason = await put(moderator, questionId, { body: byModerator });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.fields).toEqual({ reason: '请填写更正理由' });
    const at2 = new Date('2030-06-01T02:50:00.000Z');
    await correctAnswer(moderator, questionId, { body: byModerator, reason: '应嘉宾要求补充发布渠道' }, at2);

    const row = await answerRow(questionId);
    expect(row).toMatchObject({ body: byModerator, originalBody: original, correctedById: moderator.user.id, authorId: leader.user.id });
    expect((await history(row.id)).map((h) => ({ before: h.bodyBefore, after: h.body, by: h.correctedById, capacity: h.capacity, reason: h.reason }))).toEqual([
      { before: original, after: byAuthor, by: leader.user.id, capacity: 'author', reason: null },
      { before: byAuthor, after: byModerator, by: moderator.user.id, capacity: 'moderator', reason: '应嘉宾要求补充发布渠道' },
    ]);
    expect(await publicAnswer(id, questionId)).toEqual({
      body: byModerator, author: '王局长', authorTitle: '副局长', publishedAt: expect.any(String), corrected: true,
      correction: { at: at2.toISOString(), by: '黄主持', byModerator: true },
    });
    const audits = await db().select({ details: auditLog.details }).from(auditLog)
      .where(and(eq(auditLog.action, 'answer.correct'), eq(auditLog.entityId, questionId))).orderBy(asc(auditLog.id));
    expect(audits.map((a) => a.details)).toEqual([
      expect.objectContaining({ capacity: 'author' }),
      expect.objectContaining({ capacity: 'moderator', reason: '应嘉宾要求补充发布渠道' }),
    ]);
    // The event everyone receives (live and in catch-up) carries who corrected.
    const corrected = (await eventsSince(visitor(), id, 0)).items.filter((e) => e.type === 'answer.corrected');
    expect(corrected.at(-1)!.payload).toMatchObject({ question: { id: questionId, answer: { body: byModerator, author: '王局长', correction: { by: '黄主持', byModerator: true } } } });
  });

  it('after the transcript is published the rule is the same: another guest is refused, the author corrects', async () => {
    const { id, questionId } = await answeredQuestion('实录发布后更正测试访谈');
    await actOnInterview(moderator, id, { action: 'end' });
    await actOnInterview(moderator, id, { action: 'publish' });
    expect((await put(deputy, questionId, { body: '实录发布后篡改的答复内容。' })).status).toBe(403);
    const fixed = '更正：门票优惠政策已于本月公布，详见我局官网。';
    expect((await put(leader, questionId, { body: fixed })).status).toBe(200);
    const state = await getInterviewState(visitor(), id);
    expect(state.status).toBe('published');
    expect(state.questions.find((q) => q.id === questionId)!.answer).toMatchObject({ body: fixed, author: '王局长', correction: { by: '王局长', byModerator: false } });
  });
});

describe('a draft save never competes with a published answer (issue 12, item 1)', () => {
  it('a save after publishing is refused and leaves no draft; a save racing the publish cannot survive it', async () => {
    const { questionId } = await answeredQuestion('草稿与发布竞争测试访谈');
    const late = await appErrorOf(saveDraft(leader, questionId, { body: '发布之后才到的自动保存' }));
    expect(late).toMatchObject({ status: 409, message: '这个问题已经发布答复，草稿不再保存' });
    const [q] = await db().select({ id: questions.id }).from(questions).where(eq(questions.publicId, questionId));
    expect(await db().select().from(answerDrafts).where(eq(answerDrafts.questionId, q!.id))).toEqual([]);

    // Racing: the save and the publish start together, many times; whatever the order, the answer is published
    // and no draft is left beside it.
    const { id } = await createInterview(moderator, {
      title: '草稿发布并发测试访谈', summary: '测试自动保存与发布同时到达。', guestIds: [leader.user.publicId],
      scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledEnd: new Date(Date.now() + 7200_000).toISOString(),
    });
    await actOnInterview(moderator, id, { action: 'announce' });
    await actOnInterview(moderator, id, { action: 'go_live' });
    for (let i = 0; i < 5; i++) {
      const asked = await askQuestion(citizen, id, { body: `并发测试第 ${i + 1} 个问题：图书馆周末开放吗？` });
      await actOnQuestion(moderator, asked.id, { action: 'approve' });
      const body = `第 ${i + 1} 个答复：周末照常开放。`;
      const [saved, published] = await Promise.allSettled([saveDraft(leader, asked.id, { body }), publishAnswer(leader, asked.id, { body })]);
      expect(published.status).toBe('fulfilled');
      if (saved.status === 'rejected') expect(saved.reason).toMatchObject({ status: 409 });
      expect((await answerRow(asked.id)).body).toBe(body);
      const [row] = await db().select({ id: questions.id }).from(questions).where(eq(questions.publicId, asked.id));
      expect(await db().select().from(answerDrafts).where(eq(answerDrafts.questionId, row!.id))).toEqual([]);
    }
  });
});

describe('the correction reaches every viewer over the socket', () => {
  let server: HttpServer;
  let url = '';
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createServer();
    await startRealtime(server, { trustProxy: false });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await closeRealtime();
  });

  it('a visitor in the interview room receives answer.corrected naming the moderator who corrected', async () => {
    const { id, questionId } = await answeredQuestion('更正实时推送测试访谈');
    const viewer = connect(url, { transports: ['websocket'], forceNew: true });
    sockets.push(viewer);
    await new Promise<void>((resolve) => viewer.on('connect', () => resolve()));
    const received = new Promise<{ type: string; payload: Record<string, unknown> }>((resolve) => {
      viewer.on('interview:event', (e: { type: string; payload: Record<string, unknown> }) => { if (e.type === 'answer.corrected') resolve(e); });
    });
    expect(await viewer.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 1_000_000 })).toMatchObject({ ok: true });
    await correctAnswer(moderator, questionId, { body: '更正：优惠政策下月十五日公布。', reason: '嘉宾口误，经嘉宾确认更正' });
    const event = await received;
    expect(event.payload).toMatchObject({ question: { id: questionId, answer: { body: '更正：优惠政策下月十五日公布。', author: '王局长', corrected: true, correction: { by: '黄主持', byModerator: true } } } });
  });
});
