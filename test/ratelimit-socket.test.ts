import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db';
import { users } from '@/lib/accounts/schema';
import { newPublicId } from '@/lib/accounts/users';
import { seedReferenceData } from '@/lib/seed/reference';
import { seedDemoData } from '@/lib/seed/demo';
import { POLICIES } from '@/lib/ratelimit';
import { sessionCookie, startRealtimeProcess, stopRealtimeProcesses } from './support/servers';
import { until, Viewer } from './support/viewer';

/**
 * Abuse limits on the socket, in a real app process (test/support/realtime-process.ts: database boot + Socket.IO,
 * as server.ts), RATE_LIMIT_FACTOR 1. Flooders open several connections each — question:ask, question:vote and
 * plain messages — and get `{ok:false, code:'rate_limited', error, retryAfter}` once their ACCOUNT's allowance is
 * used, however many connections they spread over; meanwhile another citizen's questions are accepted and a viewer
 * receives every answer published during the flood. All clients share one address (127.0.0.1), as behind a NAT.
 */
const secret = process.env.NEXTAUTH_SECRET!;
const allowance = (action: keyof typeof POLICIES) => POLICIES[action].find((p) => p.key === 'account')!.points;

type Ack = { ok: boolean; code?: string; error?: string; retryAfter?: number; id?: string };

describe('abuse limits on the socket', () => {
  const sockets: Socket[] = [];
  let dataDir: string | undefined;

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await stopRealtimeProcesses();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('flooders are refused per account across connections; others are served and every answer is delivered', async () => {
    expect(process.env.RATE_LIMIT_FACTOR ?? '1').toBe('1'); // the counts below are the production allowances

    // The process's database, prepared before it starts (PGlite: one process at a time), with four extra citizens.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-ratelimit-'));
    const prepared = openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    await prepared.migrate();
    await seedReferenceData(prepared.db);
    await seedDemoData(prepared.db);
    const citizens: Record<'asker' | 'askFlooder' | 'voteFlooder' | 'chatter', string> = {
      asker: newPublicId(), askFlooder: newPublicId(), voteFlooder: newPublicId(), chatter: newPublicId(),
    };
    await prepared.db.insert(users).values(Object.entries(citizens).map(([name, publicId]) => ({
      publicId, name: `市民${name}`, email: `${name}-${publicId.slice(0, 8)}@example.org`, passwordHash: 'not-a-hash', role: 'citizen' as const,
    })));
    await prepared.close();

    const server = await startRealtimeProcess({ dataDir, secret });
    const leaderId = await server.call<string>('whoami', 'leader@example.com');
    const { id } = await server.call<{ id: string }>('createInterview', 'moderator@example.com', {
      title: '限流测试访谈', summary: '刷屏的客户端被限流，其他人照常提问、照常收到答复。', guestIds: [leaderId],
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    await server.call('actOnInterview', 'moderator@example.com', id, { action: 'announce' });
    await server.call('actOnInterview', 'moderator@example.com', id, { action: 'go_live' });

    const open = async (publicId: string | null): Promise<Socket> => {
      const socket = connect(server.url, {
        transports: ['websocket'], forceNew: true, reconnection: false,
        ...(publicId ? { extraHeaders: { cookie: await sessionCookie(publicId, secret) } } : {}),
      });
      sockets.push(socket);
      return socket;
    };
    const connections = async (publicId: string, n: number) => Promise.all(Array.from({ length: n }, () => open(publicId)));
    const viewer = new Viewer(server.url, id);
    sockets.push(viewer.socket);
    const asker = await open(citizens.asker);
    const askFlooder = await connections(citizens.askFlooder, 3);
    const voteFlooder = await connections(citizens.voteFlooder, 2);
    const chatter = await connections(citizens.chatter, 3);
    const all = [viewer.socket, asker, ...askFlooder, ...voteFlooder, ...chatter];
    expect(await until(() => all.every((s) => s.connected) && viewer.seq === 2)).toBe(true);

    const emit = (socket: Socket, event: string, payload: unknown) => socket.timeout(15_000).emitWithAck(event, payload) as Promise<Ack>;
    const flood = (group: Socket[], perConnection: number, event: string, payload: (i: number) => unknown) =>
      Promise.all(group.flatMap((s, c) => Array.from({ length: perConnection }, (_, i) => emit(s, event, payload(c * 1000 + i)))));
    // The abuse limiter's refusals ("…过于频繁"), not the interview's quota (also 'rate_limited', "最多提 5 个问题").
    const refused = (acks: Ack[]) => acks.filter((a) => a.code === 'rate_limited' && /过于频繁/.test(a.error ?? ''));
    const expectRefusals = (acks: Ack[]) => {
      for (const a of refused(acks)) {
        expect(a.ok).toBe(false);
        expect(a.retryAfter).toBeGreaterThan(0);
        expect(a.error).toMatch(/过于频繁，请 \d+ (秒|分钟)后再试/);
      }
    };

    // 1. Questions: 3 connections × 15 asks (each connection within its own budget of 40 / 10 s) against the
    //    asker's five questions sent at the same time.
    const [askFlood, asked] = await Promise.all([
      flood(askFlooder, 15, 'question:ask', (i) => ({ interviewId: id, body: `刷屏问题第 ${i} 号，请问限流有效吗？` })),
      Promise.all(Array.from({ length: 5 }, (_, i) => emit(asker, 'question:ask', { interviewId: id, body: `正常市民的第 ${i + 1} 个问题：图书馆周末开放吗？` }))),
    ]);
    expect(asked.map((a) => a.ok)).toEqual([true, true, true, true, true]);
    // Exactly one account allowance got past the limit over the three connections (of which the interview's
    // quota of 5 stored five); the rest were refused before reaching the database.
    expect(askFlood.length - refused(askFlood).length).toBe(allowance('question.ask'));
    expect(askFlood.filter((a) => a.ok)).toHaveLength(5);
    expect(askFlood.filter((a) => /最多提 5 个问题/.test(a.error ?? ''))).toHaveLength(allowance('question.ask') - 5);
    expectRefusals(askFlood);

    for (const q of asked) await server.call('actOnQuestion', 'moderator@example.com', q.id, { action: 'approve' });

    // 2. During a vote flood (2 connections × 33 同问 on those questions) and a message flood (3 connections × 40
    //    interview:leave, each connection at its own budget's edge), the guest answers all five questions.
    const [voteFlood, chatterFlood] = await Promise.all([
      flood(voteFlooder, 33, 'question:vote', (i) => ({ questionId: asked[i % 5]!.id })),
      flood(chatter, 40, 'interview:leave', () => ({ interviewId: 'no-such-room' })),
      ...asked.map((q, i) => server.call('publishAnswer', 'leader@example.com', q.id, { body: `第 ${i + 1} 个问题的答复：周末照常开放。` })),
    ]);
    expect(voteFlood.length - refused(voteFlood).length).toBe(allowance('question.vote'));
    expectRefusals(voteFlood);
    // Every message counts against the account, whatever the event: three connections do not get three budgets.
    expect(chatterFlood.filter((a) => a.ok)).toHaveLength(allowance('socket.message'));
    expect(refused(chatterFlood)).toHaveLength(3 * 40 - allowance('socket.message'));
    expectRefusals(chatterFlood);

    // The viewer (same address as the flooders) received every event of the log, every answer among them.
    const stored = await server.call<{ events: Array<{ seq: number; type: string }> }>('stored', null, id);
    const lastSeq = stored.events.at(-1)!.seq;
    expect(await until(() => viewer.seq === lastSeq)).toBe(true);
    expect(viewer.applied.map((e) => [e.seq, e.type])).toEqual(stored.events.map((e) => [e.seq, e.type]));
    expect(viewer.applied.filter((e) => e.type === 'answer.published')).toHaveLength(5);

    // The asker is still served after the floods (its own 同问 goes through). The public pages' cache: an event that
    // only reads or subscribes changes nothing; a 同问 reaches the interview's pages with the event that publishes
    // the counts (votes.updated), and no other page — the rest of the site stays cached through a busy Q&A.
    type Stamps = { other: number; interview: number; stats: number };
    const stamps = () => server.call<Stamps>('pageStamps', null);
    const before = await stamps();
    expect(await emit(asker, 'interview:join', { interviewId: id })).toMatchObject({ ok: true });
    expect(await stamps()).toEqual(before);
    expect(await emit(asker, 'question:vote', { questionId: asked[0]!.id })).toMatchObject({ ok: true });
    expect(await until(() => viewer.applied.some((e) => e.seq > lastSeq && e.type === 'votes.updated'))).toBe(true);
    const after = await stamps();
    expect(after.interview).toBeGreaterThan(before.interview);
    expect(after.other).toBe(before.other);
    expect(after.stats).toBe(before.stats);
  }, 180_000);
});
