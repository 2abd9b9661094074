import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { actOnInterview, actOnQuestion, addRemark, askQuestion, correctAnswer, createInterview, publishAnswer, saveDraft } from '@/lib/interviews/operations';
import { eventsSince, getInterviewState, staffQuestions } from '@/lib/interviews/queries';
import { answers, interviewEvents, interviews, questions } from '@/lib/interviews/schema';
import { flushVoteUpdates } from '@/lib/interviews/votes';
import { closeRealtime, startRealtime } from '@/lib/platform/realtime';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail } from './support/users';
import { findActiveUser } from '@/lib/accounts/users';

const soon = () => ({ scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledEnd: new Date(Date.now() + 7200_000).toISOString() });

async function liveInterview(title = '文化惠民工程在线访谈') {
  const [moderator, leader] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com')]);
  const { id } = await createInterview(moderator, { title, summary: '局领导介绍今年文化惠民工程的安排并回答市民提问。', guestIds: [leader.user.publicId], ...soon() });
  await actOnInterview(moderator, id, { action: 'announce' });
  await actOnInterview(moderator, id, { action: 'go_live' });
  return { id, moderator, leader };
}

async function seqs(interviewPublicId: string) {
  const [row] = await db().select({ id: interviews.id }).from(interviews).where(eq(interviews.publicId, interviewPublicId));
  return (await db().select({ seq: interviewEvents.seq }).from(interviewEvents).where(eq(interviewEvents.interviewId, row!.id)).orderBy(asc(interviewEvents.seq))).map((r) => r.seq);
}

describe('interview lifecycle and authorisation', () => {
  it('a moderator creates and runs an interview; others may not', async () => {
    const [citizen, leader] = await Promise.all([actorFor('citizen@example.com'), actorFor('leader@example.com')]);
    const input = { title: '公共文化服务在线访谈', summary: '介绍公共文化服务体系建设情况。', guestIds: [leader.user.publicId], ...soon() };
    expect((await appErrorOf(createInterview(citizen, input))).status).toBe(403);
    expect((await appErrorOf(createInterview({ user: null, ip: null }, input))).status).toBe(401);
    const moderator = await actorFor('moderator@example.com');
    const bad = await appErrorOf(createInterview(moderator, { ...input, guestIds: [citizen.user.publicId], scheduledEnd: input.scheduledStart }));
    expect(bad.status).toBe(422);
    expect(bad.fields).toHaveProperty('scheduledEnd', '结束时间须晚于开始时间');
    expect((await appErrorOf(createInterview(moderator, { ...input, guestIds: [citizen.user.publicId] }))).fields).toEqual({ guestIds: '嘉宾须是在职的领导账号' });

    const { id, slug } = await createInterview(moderator, input);
    expect(slug).toMatch(/^\d{8}-[0-9a-f]{6}$/);
    // A draft is invisible to the public.
    expect((await appErrorOf(getInterviewState({ user: null, ip: null }, slug))).status).toBe(404);
    expect((await getInterviewState(moderator, slug)).guests).toEqual([{ id: leader.user.publicId, name: '王局长', title: '副局长' }]);
    expect((await appErrorOf(actOnInterview(moderator, id, { action: 'go_live' }))).status).toBe(409);
    for (const action of ['announce', 'go_live', 'end', 'publish'] as const) await actOnInterview(moderator, id, { action });
    const state = await getInterviewState({ user: null, ip: null }, id);
    expect(state.status).toBe('published');
    expect(state.seq).toBe(4);
    expect((await eventsSince({ user: null, ip: null }, id, 0)).items.map((e) => (e.type === 'status.changed' ? e.payload.status : e.type))).toEqual(['announced', 'live', 'ended', 'published']);
  });

  it('citizens ask within their quota; a visitor cannot; a resend with the same clientId is one question', async () => {
    const { id } = await liveInterview();
    const citizen = await actorFor('citizen@example.com');
    expect((await appErrorOf(askQuestion({ user: null, ip: null }, id, { body: '我想问一个问题可以吗？' }))).status).toBe(401);
    const first = await askQuestion(citizen, id, { body: '今年的文化惠民演出有哪些？', clientId: 'client-0001' });
    const again = await askQuestion(citizen, id, { body: '今年的文化惠民演出有哪些？', clientId: 'client-0001' });
    expect(again.id).toBe(first.id);
    expect(first.remaining).toBe(4);
    for (let i = 2; i <= 5; i++) await askQuestion(citizen, id, { body: `第 ${i} 个问题：关于图书馆的开放时间。` });
    const over = await appErrorOf(askQuestion(citizen, id, { body: '第六个问题超过配额了吗？' }));
    expect(over.status).toBe(429);
    expect((await getInterviewState(citizen, id)).viewer.remaining).toBe(0);
  });

  it('moderation, answering, corrections and votes are events with consecutive seq; the original text is kept', async () => {
    const { id, moderator, leader } = await liveInterview('文物保护在线访谈');
    const citizen = await actorFor('citizen@example.com');
    const q1 = await askQuestion(citizen, id, { body: '鼓浪屿的申遗后保护措施有哪些？' });
    const q2 = await askQuestion(citizen, id, { body: '鼓浪屿申遗以后怎么保护？' });
    expect((await appErrorOf(actOnQuestion(citizen, q1.id, { action: 'approve' }))).status).toBe(403);
    await actOnQuestion(moderator, q1.id, { action: 'edit', body: '鼓浪屿申遗成功后有哪些保护措施？' });
    await actOnQuestion(moderator, q1.id, { action: 'approve' });
    await actOnQuestion(moderator, q2.id, { action: 'merge', intoQuestionId: q1.id });
    expect((await appErrorOf(actOnQuestion(moderator, q1.id, { action: 'approve' }))).message).toContain('已被他人处理');

    // 同问 by another citizen: one vote each, merged into one event.
    const other = await findActiveUser(db(), await insertUser({ name: '另一位', email: uniqueEmail('voter') }));
    const voter = { user: other!, ip: '192.0.2.50' };
    const voted = await actOnQuestion(voter, q1.id, { action: 'upvote' });
    expect(voted.votes).toBe(2); // the merged duplicate's asker counts too
    expect((await appErrorOf(actOnQuestion(voter, q1.id, { action: 'upvote' }))).status).toBe(409);
    expect(await flushVoteUpdates()).toBe(1);

    // A leader who is not a guest cannot answer.
    const outsider = await findActiveUser(db(), await insertUser({ name: '非嘉宾', email: uniqueEmail('leader'), role: 'citizen' }));
    expect((await appErrorOf(publishAnswer({ user: { ...outsider!, role: 'leader' }, ip: null }, q1.id, { body: '我来回答。' }))).status).toBe(403);

    await actOnQuestion(leader, q1.id, { action: 'answering' });
    await saveDraft(leader, q1.id, { body: '草稿：我们制定了保护管理办法' });
    expect((await staffQuestions(leader, id)).items.find((q) => q.id === q1.id)?.draft).toBe('草稿：我们制定了保护管理办法');
    await publishAnswer(leader, q1.id, { body: '我们制定了《鼓浪屿文化遗产保护管理办法》，设立了专门的保护机构。' });
    expect((await appErrorOf(publishAnswer(leader, q1.id, { body: '再答一次。' }))).status).toBe(409);
    await correctAnswer(leader, q1.id, { body: '我们制定了《鼓浪屿文化遗产地保护管理办法》，并设立了专门的保护管理机构。' });
    await addRemark(moderator, id, { body: '感谢王局长的解答。' });

    const [row] = await db().select().from(questions).where(eq(questions.publicId, q1.id));
    expect(row).toMatchObject({ body: '鼓浪屿申遗成功后有哪些保护措施？', originalBody: '鼓浪屿的申遗后保护措施有哪些？', status: 'answered' });
    const [answer] = await db().select().from(answers).where(eq(answers.questionId, row!.id));
    expect(answer!.originalBody).toContain('保护管理办法》，设立了专门的保护机构');
    expect(answer!.correctedAt).not.toBeNull();

    const all = await seqs(id);
    expect(all).toEqual(all.map((_, i) => i + 1)); // gap-free
    const types = (await eventsSince({ user: null, ip: null }, id, 2)).items.map((e) => e.type);
    expect(types).toEqual(['question.approved', 'question.updated', 'votes.updated', 'question.answering', 'answer.published', 'answer.corrected', 'host.remark']);
    const state = await getInterviewState({ user: null, ip: null }, id);
    expect(state.questions).toHaveLength(1);
    expect(state.questions[0]).toMatchObject({ asker: '陈*民', status: 'answered', answer: { author: '王局长', authorTitle: '副局长', corrected: true } });
    expect(state.answeringQuestionId).toBeNull();
    const audits = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, q1.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['question.edit', 'question.approve', 'answer.publish', 'answer.correct']));
  });

  it('concurrent events get distinct consecutive numbers', async () => {
    const { id, moderator } = await liveInterview('并发测试访谈');
    await Promise.all(Array.from({ length: 12 }, (_, i) => addRemark(moderator, id, { body: `主持人第 ${i + 1} 次发言` })));
    const all = await seqs(id);
    expect(all).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
  });
});

describe('socket protocol', () => {
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

  async function client(email?: string) {
    let cookie: string | undefined;
    if (email) {
      const actor = await actorFor(email);
      cookie = `next-auth.session-token=${await encode({ token: { sub: actor.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
    }
    const socket = connect(url, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    return socket;
  }

  function collect(socket: Socket) {
    const events: Array<{ seq: number; type: string }> = [];
    socket.on('interview:event', (e) => events.push(e));
    return events;
  }

  const until = async (check: () => boolean) => {
    // Socket delivery is asynchronous: wait for the condition on the event loop, bounded (no fixed sleeps).
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    return check();
  };

  it('join sends missed events then live ones, in order; a rejoin with the last seq misses nothing', async () => {
    const { id, moderator } = await liveInterview('实时协议测试');
    await addRemark(moderator, id, { body: '开场白' });
    const viewer = await client();
    const events = collect(viewer);
    const ack = await viewer.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 });
    expect(ack).toEqual({ ok: true, interviewId: id, seq: 3 });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);

    await addRemark(moderator, id, { body: '第二段' });
    expect(await until(() => events.length === 4)).toBe(true);

    // The viewer drops; three events happen; on rejoin with its last seq it gets exactly those.
    viewer.disconnect();
    for (const n of [1, 2, 3]) await addRemark(moderator, id, { body: `断线期间发言 ${n}` });
    viewer.connect();
    await new Promise<void>((resolve) => viewer.once('connect', () => resolve()));
    const rejoin = await viewer.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 4 });
    expect(rejoin.seq).toBe(7);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses malformed, oversized and unauthorised messages with an error ack and keeps the connection', async () => {
    const { id } = await liveInterview('异常输入测试');
    const visitor = await client();
    expect(await visitor.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: -1 })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await visitor.timeout(5000).emitWithAck('interview:join', 'nonsense')).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await visitor.timeout(5000).emitWithAck('question:ask', { interviewId: id, body: 'x'.repeat(40_000) })).toMatchObject({ ok: false, code: 'too_large' });
    expect(await visitor.timeout(5000).emitWithAck('question:ask', { interviewId: id, body: '访客可以提问吗？' })).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(await visitor.timeout(5000).emitWithAck('interview:join', { interviewId: 'no-such-interview', sinceSeq: 0 })).toMatchObject({ ok: false, code: 'not_found' });
    expect(visitor.connected).toBe(true);
    expect(await visitor.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 })).toMatchObject({ ok: true });

    const citizen = await client('citizen@example.com');
    const asked = await citizen.timeout(5000).emitWithAck('question:ask', { interviewId: id, body: '社区文化活动中心什么时候建成？', clientId: 'socket-client-1' });
    expect(asked).toMatchObject({ ok: true, status: 'pending', remaining: 4 });
    // A pending question does not reach the public log.
    expect((await eventsSince({ user: null, ip: null }, id, 0)).items.every((e) => e.type === 'status.changed')).toBe(true);
  });

  it('pending questions reach only the staff room', async () => {
    const { id } = await liveInterview('员工房间测试');
    const moderator = await client('moderator@example.com');
    const viewer = await client();
    const staffMessages: unknown[] = [];
    const viewerMessages: unknown[] = [];
    moderator.on('interview:staff', (m) => staffMessages.push(m));
    viewer.on('interview:staff', (m) => viewerMessages.push(m));
    await moderator.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 });
    await viewer.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 });
    await askQuestion(await actorFor('citizen@example.com'), id, { body: '请问非遗展览在哪里举办？' });
    expect(await until(() => staffMessages.length === 1)).toBe(true);
    expect(staffMessages[0]).toMatchObject({ interviewId: id, type: 'question.submitted', payload: { questions: [{ body: '请问非遗展览在哪里举办？', status: 'pending' }] } });
    expect(viewerMessages).toEqual([]);
  });
});

describe('regressions', () => {
  it('a signed-in leader reads the interview state (no second connection inside the snapshot transaction)', async () => {
    const { id, leader } = await liveInterview('嘉宾读取状态测试');
    const state = await getInterviewState(leader, id);
    expect(state.viewer).toMatchObject({ isStaff: true, isGuest: true });
  });

  it('rejecting the question being answered clears 正在回答 for everyone', async () => {
    const { id, moderator, leader } = await liveInterview('正在回答清除测试');
    const q = await askQuestion(await actorFor('citizen@example.com'), id, { body: '博物馆的夜场什么时候开？' });
    await actOnQuestion(moderator, q.id, { action: 'approve' });
    await actOnQuestion(leader, q.id, { action: 'answering' });
    expect((await getInterviewState({ user: null, ip: null }, id)).answeringQuestionId).toBe(q.id);
    await actOnQuestion(moderator, q.id, { action: 'reject', reason: 'duplicate' });
    expect((await getInterviewState({ user: null, ip: null }, id)).answeringQuestionId).toBeNull();
    const last = (await eventsSince({ user: null, ip: null }, id, 0)).items.at(-1)!;
    expect(last).toMatchObject({ type: 'question.answering', payload: { questionId: null } });
  });
});
