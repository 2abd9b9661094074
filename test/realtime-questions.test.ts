import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, count, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { askQuestion } from '@/lib/interviews/ask';
import { actOnInterview, createInterview } from '@/lib/interviews/operations';
import { getInterviewState } from '@/lib/interviews/queries';
import { interviews, questions } from '@/lib/interviews/schema';
import { closeRealtime, startRealtime } from '@/lib/platform/realtime';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser } from './support/users';
import { findActiveUser } from '@/lib/accounts/users';
import { until } from './support/viewer';

/**
 * The question path (lib/interviews/ask.ts: lock statement + one ask statement, pipelined): its guarantees under
 * concurrency — exact quota, one question per clientId, audit row in the same transaction — and its errors.
 */
const window = () => ({ scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledEnd: new Date(Date.now() + 7200_000).toISOString() });

async function interview(status: 'draft' | 'announced' | 'live', questionQuota = 5) {
  const [moderator, leader] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com')]);
  const { id } = await createInterview(moderator, { title: '提问路径测试访谈', summary: '验证提问的配额、去重和审计记录。', guestIds: [leader.user.publicId], questionQuota, ...window() });
  if (status !== 'draft') await actOnInterview(moderator, id, { action: 'announce' });
  if (status === 'live') await actOnInterview(moderator, id, { action: 'go_live' });
  return { id, moderator };
}

async function newCitizen() {
  const publicId = await insertUser({ name: '李小红' });
  return { user: (await findActiveUser(db(), publicId))!, ip: '198.51.100.7' };
}

async function storedFor(interviewPublicId: string, askerId: number) {
  const [row] = await db().select({ id: interviews.id }).from(interviews).where(eq(interviews.publicId, interviewPublicId));
  return db().select().from(questions).where(and(eq(questions.interviewId, row!.id), eq(questions.askerId, askerId)));
}

describe('askQuestion', () => {
  it('holds the quota exactly under concurrent asks, with one audit row per stored question', async () => {
    const { id } = await interview('live', 5);
    const citizen = await newCitizen();
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => askQuestion(citizen, id, { body: `并发提问第 ${i + 1} 号：配额准确吗？` })));
    const ok = outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<{ id: string; remaining: number }>).value);
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    expect(ok).toHaveLength(5);
    expect(ok.map((o) => o.remaining).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(refused).toHaveLength(7);
    for (const error of refused) expect(error).toMatchObject({ status: 429, code: 'rate_limited', message: '每位市民在本场访谈最多提 5 个问题' });

    const stored = await storedFor(id, citizen.user.id);
    expect(stored.map((q) => q.publicId).sort()).toEqual(ok.map((o) => o.id).sort());
    expect(stored.every((q) => q.status === 'pending' && q.body === q.originalBody)).toBe(true);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.action, 'question.ask'), eq(auditLog.actorId, citizen.user.id)));
    expect(audits.map((a) => a.entityId).sort()).toEqual(ok.map((o) => o.id).sort());
    expect(audits[0]).toMatchObject({ actorRole: 'citizen', entityType: 'question', ip: '198.51.100.7', details: { interviewId: id } });
    // The snapshot the page reads agrees.
    expect((await getInterviewState(citizen, id)).viewer).toMatchObject({ canAsk: true, remaining: 0 });
  });

  it('stores one question for one clientId, however many resends race, and returns it after the interview ends', async () => {
    const { id, moderator } = await interview('live', 5);
    const citizen = await newCitizen();
    const body = { body: '同一个 clientId 重发多次只算一个问题吗？', clientId: 'resend-race-0001' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => askQuestion(citizen, id, body)));
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(answers.every((a) => a.remaining === 4)).toBe(true);
    expect(await storedFor(id, citizen.user.id)).toHaveLength(1);
    const [audits] = await db().select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, 'question.ask'), eq(auditLog.actorId, citizen.user.id)));
    expect(audits!.n).toBe(1);

    await actOnInterview(moderator, id, { action: 'end' });
    // A resend whose first acknowledgement was lost still gets its question; a new one is refused.
    expect(await askQuestion(citizen, id, body)).toEqual({ id: answers[0]!.id, status: 'pending', remaining: 4 });
    expect(await appErrorOf(askQuestion(citizen, id, { body: '结束以后还能再问吗？', clientId: 'after-end-0001' }))).toMatchObject({ status: 409, message: '访谈已结束，不再接受提问' });

    // The same clientId in another interview is still that first question (a clientId is one question).
    const other = await interview('announced', 3);
    expect(await askQuestion(citizen, other.id, body)).toEqual({ id: answers[0]!.id, status: 'pending', remaining: 4 });
    expect(await storedFor(other.id, citizen.user.id)).toHaveLength(0);
  });

  it('asks that arrive together commit together; one failing ask fails alone, the others are stored once', async () => {
    const { id } = await interview('live', 5);
    const citizens = await Promise.all(Array.from({ length: 6 }, () => newCitizen()));
    // An asker whose account row is gone: its insert breaks the foreign key, which (on PostgreSQL) aborts the group
    // transaction it shares with the others — they are then written one by one.
    const ghost = { user: { ...citizens[0]!.user, id: 2_000_000_000 }, ip: '198.51.100.9' };
    const outcomes = await Promise.allSettled([
      ...citizens.map((c, i) => askQuestion(c, id, { body: `一起到达的提问第 ${i + 1} 号：都保存了吗？`, clientId: `together-${i}` })),
      askQuestion(ghost, id, { body: '账号已不存在的提问会怎样？', clientId: 'together-ghost' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([...citizens.map(() => 'fulfilled'), 'rejected']);
    for (const c of citizens) expect(await storedFor(id, c.user.id)).toHaveLength(1);
    const audits = await db().select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, 'question.ask'), eq(auditLog.details, { interviewId: id })));
    expect(audits[0]!.n).toBe(6);
  });

  it('refuses visitors, staff, bad input, drafts and unknown interviews with the right status', async () => {
    const draft = await interview('draft');
    const open = await interview('announced');
    const citizen = await newCitizen();
    expect((await appErrorOf(askQuestion({ user: null, ip: null }, open.id, { body: '游客可以提问吗？' }))).status).toBe(401);
    expect((await appErrorOf(askQuestion(open.moderator, open.id, { body: '管理员可以提问吗？' }))).status).toBe(403);
    const invalid = await appErrorOf(askQuestion(citizen, open.id, { body: '短', clientId: 'x' }));
    expect(invalid.status).toBe(422);
    expect(invalid.fields).toMatchObject({ body: '问题至少 5 个字', clientId: 'clientId 格式不正确' });
    expect(await appErrorOf(askQuestion(citizen, draft.id, { body: '草稿状态的访谈能提问吗？' }))).toMatchObject({ status: 404, message: '没有这场访谈' });
    expect((await appErrorOf(askQuestion(citizen, 'no-such-interview', { body: '不存在的访谈能提问吗？' }))).status).toBe(404);
    // Announced interviews collect questions in advance.
    expect(await askQuestion(citizen, open.id, { body: '预告阶段可以提前提问吗？' })).toMatchObject({ status: 'pending', remaining: 4 });
  });
});

describe('the staff room hears new questions in batches', () => {
  let http: HttpServer | undefined;
  const clients: Socket[] = [];
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await closeRealtime();
  });

  it('every question once, to staff only, fewer messages than questions under a burst', async () => {
    http = createServer();
    await startRealtime(http, { trustProxy: false });
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const { id, moderator } = await interview('live', 50);
    const cookie = `next-auth.session-token=${await encode({ token: { sub: moderator.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const staff = connect(url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie } });
    const visitor = connect(url, { transports: ['websocket'], forceNew: true });
    clients.push(staff, visitor);
    const staffMessages: Array<{ type: string; payload: { questions: Array<{ id: string; asker: string; askerName: string }> } }> = [];
    const visitorMessages: unknown[] = [];
    staff.on('interview:staff', (m) => staffMessages.push(m));
    visitor.on('interview:staff', (m) => visitorMessages.push(m));
    expect(await staff.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 })).toMatchObject({ ok: true });
    expect(await visitor.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 })).toMatchObject({ ok: true });

    const askers = await Promise.all(Array.from({ length: 4 }, () => newCitizen()));
    const asked = await Promise.all(Array.from({ length: 20 }, (_, i) => askQuestion(askers[i % 4]!, id, { body: `批量通知测试的第 ${i + 1} 个问题？` })));
    const heard = () => staffMessages.flatMap((m) => m.payload.questions);
    expect(await until(() => heard().length >= 20)).toBe(true);
    expect(heard().map((q) => q.id).sort()).toEqual(asked.map((a) => a.id).sort());
    expect(staffMessages.every((m) => m.type === 'question.submitted')).toBe(true);
    expect(staffMessages.length).toBeLessThan(20);
    expect(heard()[0]).toMatchObject({ asker: '李*红', askerName: '李小红' });
    expect(visitorMessages).toEqual([]);
  });
});
