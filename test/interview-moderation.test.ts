import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { notifications } from '@/lib/notifications/schema';
import { users } from '@/lib/accounts/schema';
import { actOnInterview, actOnQuestion, askQuestion, createInterview, publishAnswer } from '@/lib/interviews/operations';
import { eventsSince, getInterviewState, staffQuestions } from '@/lib/interviews/queries';
import { questions } from '@/lib/interviews/schema';
import { REJECT_REASONS, type OwnQuestionUpdate } from '@/lib/interviews/event-types';
import { questionAction } from '@/lib/interviews/validation';
import { closeRealtime, startRealtime } from '@/lib/platform/realtime';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';

/**
 * Issue 16 item 7, transparent moderation: a rejected question carries a reason code from a fixed list; its asker —
 * and only its asker (and the moderators) — reads it, on the interview page's snapshot and over the account's own
 * socket room; once over, the interview shows how its questions fared, counted from the database.
 */
const soon = () => ({ scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledEnd: new Date(Date.now() + 7200_000).toISOString() });

async function liveInterview(title: string) {
  const [moderator, leader] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com')]);
  const { id } = await createInterview(moderator, { title, summary: '局领导介绍今年文化惠民工程的安排并回答市民提问。', guestIds: [leader.user.publicId], ...soon() });
  await actOnInterview(moderator, id, { action: 'announce' });
  await actOnInterview(moderator, id, { action: 'go_live' });
  return { id, moderator, leader };
}

async function citizen(name = '欧阳晓明') {
  const email = uniqueEmail('asker');
  await insertUser({ name, email, role: 'citizen' });
  return actorFor(email);
}

const NOTE = '这个问题请通过来信渠道反映，我们会转交主管处室。';

describe('reject takes a reason code', () => {
  it('refuses a missing, free-text or unknown reason and a too-short note; accepts a code with or without a note', async () => {
    const { id, moderator } = await liveInterview('不予采用理由测试访谈');
    const asker = await citizen();
    const q = await askQuestion(asker, id, { body: '我家小区的停车位被占用了怎么办？' });
    for (const input of [{ action: 'reject' }, { action: 'reject', reason: '与本场访谈主题无关' }, { action: 'reject', reason: 'spam' }]) {
      const error = await appErrorOf(actOnQuestion(moderator, q.id, input));
      expect(error.status).toBe(422);
      expect(error.fields).toHaveProperty('reason', '请选择不予采用的理由');
    }
    expect((await appErrorOf(actOnQuestion(moderator, q.id, { action: 'reject', reason: 'other', note: '短' }))).fields).toHaveProperty('note');
    const [still] = await db().select({ status: questions.status }).from(questions).where(eq(questions.publicId, q.id));
    expect(still!.status).toBe('pending');
    // Every code of the list is accepted by the schema; '' as the note counts as none.
    for (const reason of REJECT_REASONS) expect(questionAction.safeParse({ action: 'reject', reason, note: '' }).success).toBe(true);
    expect(questionAction.parse({ action: 'reject', reason: 'other', note: '' })).toEqual({ action: 'reject', reason: 'other' });

    expect(await actOnQuestion(moderator, q.id, { action: 'reject', reason: 'use_letters', note: NOTE })).toMatchObject({ status: 'rejected' });
    const [row] = await db().select({ code: questions.rejectCode, note: questions.rejectReason }).from(questions).where(eq(questions.publicId, q.id));
    expect(row).toEqual({ code: 'use_letters', note: NOTE });
    const [audit] = await db().select({ details: auditLog.details }).from(auditLog).where(and(eq(auditLog.action, 'question.reject'), eq(auditLog.entityId, q.id)));
    expect(audit!.details).toMatchObject({ interview: id, reason: 'use_letters', note: NOTE });
    // The asker is told even away from the page: an in-app notice (and e-mail) with the reason, linking the interview.
    const [askerRow] = await db().select({ id: users.id }).from(users).where(eq(users.publicId, asker.user.publicId));
    const notices = await db().select({ kind: notifications.kind, title: notifications.title, body: notifications.body, link: notifications.link })
      .from(notifications).where(eq(notifications.userId, askerRow!.id));
    const { slug } = await getInterviewState(asker, id);
    expect(notices).toEqual([{ kind: 'interview.question_rejected', title: '您在《不予采用理由测试访谈》中的提问未予采用', body: `理由：属于信访/投诉事项，请通过来信渠道反映。说明：${NOTE}`, link: `/interviews/${slug}` }]);
    // The console reads the code and the note.
    const console_ = await staffQuestions(moderator, id);
    expect(console_.items.find((i) => i.id === q.id)).toMatchObject({ status: 'rejected', rejectCode: 'use_letters', rejectReason: NOTE });
    // A citizen may not reject.
    expect((await appErrorOf(actOnQuestion(asker, q.id, { action: 'reject', reason: 'abusive' }))).status).toBe(403);
  });
});

describe('the asker is told, nobody else', () => {
  it('the asker’s snapshot lists their questions with the reason; other citizens, guests, visitors and the log do not carry it', async () => {
    const { id, moderator, leader } = await liveInterview('提问人可见理由测试访谈');
    const asker = await citizen();
    const other = await citizen('路人甲');
    const kept = await askQuestion(asker, id, { body: '图书馆夜间开放能否延长到十点？' });
    const dropped = await askQuestion(asker, id, { body: '我邻居家的狗总是叫，怎么办？' });
    await actOnQuestion(moderator, kept.id, { action: 'approve' });
    // Approved first, then rejected: it leaves the public list; the reason stays private.
    await actOnQuestion(moderator, dropped.id, { action: 'approve' });
    await actOnQuestion(moderator, dropped.id, { action: 'reject', reason: 'off_topic', note: NOTE });

    const mine = (await getInterviewState(asker, id)).viewer.mine;
    expect(mine.map((q) => [q.id, q.status, q.reason, q.note])).toEqual([[kept.id, 'approved', null, null], [dropped.id, 'rejected', 'off_topic', NOTE]]);
    for (const actor of [other, visitor(), leader]) {
      const state = await getInterviewState(actor, id);
      expect(state.viewer.mine).toEqual([]);
      const text = JSON.stringify(state);
      expect(text).not.toContain(dropped.id);
      expect(text).not.toContain('off_topic');
      expect(text).not.toContain(NOTE);
    }
    const log = JSON.stringify((await eventsSince(visitor(), id, 0)).items);
    expect(log).not.toContain('off_topic');
    expect(log).not.toContain(NOTE);
    // The guest desk reads approved and answered questions only: no rejection, no reason.
    expect(JSON.stringify(await staffQuestions(leader, id))).not.toContain(NOTE);
  });

  describe('over the socket', () => {
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

    async function client(publicId?: string) {
      const cookie = publicId ? `next-auth.session-token=${await encode({ token: { sub: publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}` : undefined;
      const socket = connect(url, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
      return socket;
    }
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setImmediate(r));
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
      return check();
    };

    it('question:mine reaches the asker’s connections only; the room hears nothing of a pending question’s rejection', async () => {
      const { id, moderator } = await liveInterview('提问人实时理由测试访谈');
      const asker = await citizen();
      const other = await citizen('路人乙');
      const parties = { asker: await client(asker.user.publicId), other: await client(other.user.publicId), visitor: await client(), moderator: await client(moderator.user.publicId) };
      const heard = Object.fromEntries(Object.keys(parties).map((k) => [k, [] as Array<{ event: string; payload: unknown }>])) as Record<keyof typeof parties, Array<{ event: string; payload: unknown }>>;
      for (const [name, socket] of Object.entries(parties) as Array<[keyof typeof parties, Socket]>) {
        socket.onAny((event: string, payload: unknown) => heard[name].push({ event, payload }));
        expect(await socket.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 })).toMatchObject({ ok: true });
      }
      const q = await askQuestion(asker, id, { body: '这个问题将被不予采用，理由只告诉我。' });
      const merged = await askQuestion(asker, id, { body: '这个问题将被合并到另一个问题。' });
      const target = await askQuestion(other, id, { body: '另一个网友提出的相同问题。' });
      await actOnQuestion(moderator, target.id, { action: 'approve' });
      await actOnQuestion(moderator, q.id, { action: 'reject', reason: 'personal_data', note: NOTE });
      await actOnQuestion(moderator, merged.id, { action: 'merge', intoQuestionId: target.id });

      const mine = () => heard.asker.filter((m) => m.event === 'question:mine').map((m) => m.payload as OwnQuestionUpdate);
      expect(await until(() => mine().length === 2)).toBe(true);
      expect(mine()).toEqual([
        { interviewId: id, questionId: q.id, status: 'rejected', reason: 'personal_data', note: NOTE },
        { interviewId: id, questionId: merged.id, status: 'merged', reason: null, note: null },
      ]);
      // The other citizen hears of the approval of its own question, over its own room; never of the asker's.
      expect(await until(() => heard.other.some((m) => m.event === 'question:mine'))).toBe(true);
      // One more round trip on every connection: whatever was in flight has arrived.
      for (const socket of Object.values(parties)) await socket.timeout(5000).emitWithAck('session:whoami', {});
      expect(heard.other.filter((m) => m.event === 'question:mine').map((m) => (m.payload as OwnQuestionUpdate).questionId)).toEqual([target.id]);
      for (const name of ['other', 'visitor'] as const) {
        const text = JSON.stringify(heard[name]);
        expect(text, name).not.toContain('personal_data');
        expect(text, name).not.toContain(NOTE);
        expect(text, name).not.toContain(q.id);
      }
      expect(heard.visitor.some((m) => m.event === 'question:mine')).toBe(false);
      // The moderators' staff room carries the code and the note (the console shows them).
      expect(await until(() => heard.moderator.some((m) => m.event === 'interview:staff' && JSON.stringify(m.payload).includes('personal_data')))).toBe(true);
      expect(heard.moderator.some((m) => m.event === 'question:mine')).toBe(false);
    });
  });
});

describe('after the end: how the questions fared', () => {
  it('counts received, approved, answered, merged, rejected (and pending) from the database, on the page and in the end event', async () => {
    const { id, moderator, leader } = await liveInterview('问题处理情况统计测试访谈');
    const [a, b] = [await citizen(), await citizen('路人丙')];
    const ask = (who: typeof a, body: string) => askQuestion(who, id, { body });
    const q1 = await ask(a, '第一个问题：采用并答复。');
    const q2 = await ask(a, '第二个问题：采用，会后答复。');
    const q3 = await ask(a, '第三个问题：与第一个相同，合并。');
    const q4 = await ask(b, '第四个问题：不予采用。');
    await ask(b, '第五个问题：一直没有审核。');
    const q6 = await ask(b, '第六个问题：先采用后撤下。');
    for (const q of [q1, q2, q6]) await actOnQuestion(moderator, q.id, { action: 'approve' });
    await publishAnswer(leader, q1.id, { body: '已经安排在下个月实施，请关注公告。' });
    await actOnQuestion(moderator, q3.id, { action: 'merge', intoQuestionId: q1.id });
    await actOnQuestion(moderator, q4.id, { action: 'reject', reason: 'duplicate' });
    await actOnQuestion(moderator, q6.id, { action: 'reject', reason: 'abusive' });

    expect((await getInterviewState(visitor(), id)).moderation).toBeNull(); // live: not yet
    await actOnInterview(moderator, id, { action: 'end' });
    const expected = { received: 6, approved: 2, answered: 1, merged: 1, rejected: 2, pending: 1 };
    expect((await getInterviewState(visitor(), id)).moderation).toEqual(expected);
    const ended = (await eventsSince(visitor(), id, 0)).items.at(-1)!;
    expect(ended).toMatchObject({ type: 'status.changed', payload: { status: 'ended', moderation: expected } });
    // After the end a leftover question is assigned and answered: the counts follow the database.
    await actOnQuestion(moderator, q2.id, { action: 'assign', guestId: leader.user.publicId });
    await publishAnswer(leader, q2.id, { body: '会后答复：已协调相关部门。' });
    await actOnInterview(moderator, id, { action: 'publish' });
    const published = { received: 6, approved: 2, answered: 2, merged: 1, rejected: 2, pending: 1 };
    expect((await getInterviewState(visitor(), id)).moderation).toEqual(published);
    expect((await eventsSince(visitor(), id, 0)).items.at(-1)).toMatchObject({ payload: { status: 'published', moderation: published } });
  });
});
