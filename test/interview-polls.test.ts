import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { actOnInterview, createInterview } from '@/lib/interviews/operations';
import { eventsSince, getInterviewState } from '@/lib/interviews/queries';
import { applyInterviewEvents } from '@/lib/interviews/reducer';
import { closePoll, flushPollResults, openPoll, pollVotesOf, recountPoll, votePoll } from '@/lib/interviews/polls';
import { deviceFromCookieHeader, deviceCookieName, newDeviceCookie, verifyDevice } from '@/lib/interviews/device';
import { interviews } from '@/lib/interviews/schema';
import { closeRealtime, startRealtime } from '@/lib/platform/realtime';
import type { PublicPoll } from '@/lib/interviews/event-types';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, visitor } from './support/users';

const soon = () => ({ scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledEnd: new Date(Date.now() + 7200_000).toISOString() });

async function liveInterview(title: string) {
  const [moderator, leader] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com')]);
  const { id } = await createInterview(moderator, { title, summary: '局领导介绍今年文化惠民工程的安排并回答市民提问。', guestIds: [leader.user.publicId], ...soon() });
  await actOnInterview(moderator, id, { action: 'announce' });
  await actOnInterview(moderator, id, { action: 'go_live' });
  return { id, moderator, leader };
}

async function citizenActor() {
  const publicId = await insertUser({ role: 'citizen' });
  const { findActiveUser } = await import('@/lib/accounts/users');
  const user = await findActiveUser(db(), publicId);
  return { user: user!, ip: '192.0.2.44' };
}

const internalId = async (publicId: string) => (await db().select({ id: interviews.id }).from(interviews).where(eq(interviews.publicId, publicId)))[0]!.id;
const pollEvents = async (id: string) => (await eventsSince(visitor(), id, 0)).items.filter((e) => e.type === 'poll.updated');

describe('live polls: the domain', () => {
  it('only moderators open and close, only in a live interview, with audit rows', async () => {
    const { id, moderator } = await liveInterview('投票权限测试访谈');
    const citizen = await actorFor('citizen@example.com');
    const input = { question: '您最关心哪项文化惠民措施？', options: ['免费开放', '送戏下乡'] };
    expect((await appErrorOf(openPoll(citizen, id, input))).status).toBe(403);
    expect((await appErrorOf(openPoll(visitor(), id, input))).status).toBe(401);
    expect((await appErrorOf(openPoll(moderator, id, { ...input, options: ['只有一个'] }))).status).toBe(422);
    expect((await appErrorOf(openPoll(moderator, id, { ...input, options: ['相同', '相同'] }))).status).toBe(422);
    const { id: pollId } = await openPoll(moderator, id, input);
    expect((await appErrorOf(closePoll(citizen, pollId, { action: 'close' }))).status).toBe(403);
    await closePoll(moderator, pollId, { action: 'close' });
    expect((await appErrorOf(closePoll(moderator, pollId, { action: 'close' }))).status).toBe(409);
    const audits = await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, 'poll'), eq(auditLog.entityId, pollId)));
    expect(audits.map((a) => a.action).sort()).toEqual(['poll.close', 'poll.open']);
    // Not live: ended interviews take no new polls.
    await actOnInterview(moderator, id, { action: 'end' });
    expect((await appErrorOf(openPoll(moderator, id, input))).status).toBe(409);
  });

  it('one vote per account and per device; single vs multiple choice; staff do not vote; closed refuses', async () => {
    const { id, moderator } = await liveInterview('投票计票测试访谈');
    const single = await openPoll(moderator, id, { question: '周末图书馆应几点开门？', options: ['八点', '九点', '十点'] });
    const multi = await openPoll(moderator, id, { question: '您希望增加哪些活动？', options: ['讲座', '展览', '演出'], multiple: true });
    const [a, b] = [await citizenActor(), await citizenActor()];
    expect(await votePoll(a, null, { pollId: single.id, options: [1] })).toEqual({ pollId: single.id, options: [1] });
    expect((await appErrorOf(votePoll(a, null, { pollId: single.id, options: [2] }))).code).toBe('conflict');
    // The device id does not give an account a second ballot.
    expect((await appErrorOf(votePoll(a, 'another-device-id-xyz', { pollId: single.id, options: [2] }))).code).toBe('conflict');
    expect((await appErrorOf(votePoll(b, null, { pollId: single.id, options: [0, 1] }))).fields).toEqual({ options: '这是单选投票，只能选一项' });
    expect((await appErrorOf(votePoll(b, null, { pollId: single.id, options: [3] }))).status).toBe(422);
    expect((await appErrorOf(votePoll(b, null, { pollId: multi.id, options: [1, 1] }))).status).toBe(422);
    await votePoll(b, null, { pollId: single.id, options: [1] });
    await votePoll(b, null, { pollId: multi.id, options: [2, 0] });
    // Visitors: once per device; without a device id, no ballot.
    await votePoll(visitor(), 'device-aaaaaaaaaaaaaaaa', { pollId: single.id, options: [0] });
    expect((await appErrorOf(votePoll(visitor(), 'device-aaaaaaaaaaaaaaaa', { pollId: single.id, options: [2] }))).code).toBe('conflict');
    expect((await appErrorOf(votePoll(visitor(), null, { pollId: single.id, options: [2] }))).status).toBe(403);
    await votePoll(visitor(), 'device-bbbbbbbbbbbbbbbb', { pollId: single.id, options: [2] });
    // Staff accounts run polls; they do not vote.
    expect((await appErrorOf(votePoll(moderator, null, { pollId: single.id, options: [0] }))).status).toBe(403);
    expect((await appErrorOf(votePoll(a, null, { pollId: 'no-such-poll', options: [0] }))).status).toBe(404);

    const counted = await recountPoll(single.id);
    expect(counted).toEqual({ counts: [1, 2, 1], voters: 4, stored: { counts: [1, 2, 1], voters: 4 } });
    expect((await recountPoll(multi.id)).stored).toEqual({ counts: [1, 0, 1], voters: 1 });
    expect(await pollVotesOf(await internalId(id), `u:${b.user.id}`)).toEqual({ [single.id]: [1], [multi.id]: [0, 2] });

    await closePoll(moderator, single.id, { action: 'close' });
    expect((await appErrorOf(votePoll(await citizenActor(), null, { pollId: single.id, options: [0] }))).message).toBe('投票已经结束');
    await flushPollResults();
    // The log's last word on the poll is the close with the final counts.
    const last = (await pollEvents(id)).filter((e) => e.type === 'poll.updated' && e.payload.poll.id === single.id).at(-1)!;
    expect(last.type === 'poll.updated' && last.payload.poll).toMatchObject({ status: 'closed', counts: [1, 2, 1], voters: 4 });
  });

  it('concurrent ballots: none lost, none counted twice', async () => {
    const { id, moderator } = await liveInterview('并发投票测试访谈');
    const poll = await openPoll(moderator, id, { question: '哪个时段参加活动方便？', options: ['上午', '下午', '晚上'], multiple: true });
    const voters = await Promise.all(Array.from({ length: 12 }, () => citizenActor()));
    const results = await Promise.allSettled(voters.flatMap((v, i) => [
      votePoll(v, null, { pollId: poll.id, options: [i % 3] }),
      votePoll(v, null, { pollId: poll.id, options: [(i + 1) % 3, i % 3] }), // the same voter again: at most one counts
    ]));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(12);
    // The second ballots arrive in the same commit group as the first: refused as second ballots, not as errors.
    expect(new Set(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : [])))).toEqual(new Set(['您已经投过票了']));
    const counted = await recountPoll(poll.id);
    expect(counted.stored).toEqual({ counts: counted.counts, voters: counted.voters });
    expect(counted.voters).toBe(12);
  });

  it('folds racing the ballots (result flushes, then the close): every acknowledged ballot counted once, none after the close', async () => {
    const { id, moderator } = await liveInterview('投票折算并发测试访谈');
    const poll = await openPoll(moderator, id, { question: '新开的夜间场馆选哪一个？', options: ['图书馆', '博物馆'] });
    const voters = await Promise.all(Array.from({ length: 40 }, () => citizenActor()));
    let stop = false;
    const flusher = (async () => {
      while (!stop) {
        await flushPollResults();
        await new Promise((resolve) => setImmediate(resolve)); // let the votes' I/O in between
      }
    })();
    const vote = (v: Awaited<ReturnType<typeof citizenActor>>, i: number) => votePoll(v, null, { pollId: poll.id, options: [i % 2] });
    const results = await Promise.allSettled([
      ...voters.slice(0, 25).map(vote),
      closePoll(moderator, poll.id, { action: 'close' }),
      ...voters.slice(25).map((v, i) => vote(v, i + 25)),
    ]);
    stop = true;
    await flusher;
    const ballots = results.filter((r, i) => i !== 25 && r.status === 'fulfilled').length;
    const refused = results.filter((r, i) => i !== 25 && r.status === 'rejected');
    expect(results[25]!.status).toBe('fulfilled');
    for (const r of refused) expect(((r as PromiseRejectedResult).reason as { code?: string }).code).toBe('conflict');
    const counted = await recountPoll(poll.id);
    expect(counted.voters).toBe(ballots);
    expect(counted.stored).toEqual({ counts: counted.counts, voters: ballots });
    const state = await getInterviewState(visitor(), id);
    expect(state.polls!.find((p) => p.id === poll.id)).toMatchObject({ status: 'closed', voters: ballots });
  });

  it('hidden results: viewers\' events and snapshot carry no counts until the close; a late joiner sees the same counts', async () => {
    const { id, moderator } = await liveInterview('隐藏结果测试访谈');
    const hidden = await openPoll(moderator, id, { question: '新馆选址您更倾向哪里？', options: ['城东', '城西'], hideResultsUntilClosed: true });
    const shown = await openPoll(moderator, id, { question: '开放时间要延长吗？', options: ['要', '不要'] });
    const early = await getInterviewState(visitor(), id);
    await votePoll(await citizenActor(), null, { pollId: hidden.id, options: [0] });
    await votePoll(await citizenActor(), null, { pollId: shown.id, options: [1] });
    await votePoll(visitor(), 'device-cccccccccccccccc', { pollId: shown.id, options: [1] });
    await flushPollResults();
    // Only the visible poll's counts enter the log. Results are published at most once per RESULTS_INTERVAL_MS per
    // poll (across processes, by the database's clock): the vote's own timer may have published the first ballot
    // just before this flush, which then waits for the interval — so wait for the outcome, not for this call.
    const shownCounted = (events: Awaited<ReturnType<typeof pollEvents>>) => events.some((e) => e.type === 'poll.updated' && e.payload.poll.id === shown.id && e.payload.poll.voters === 2);
    await expect.poll(async () => shownCounted(await pollEvents(id)), { timeout: 10_000 }).toBe(true);
    const events = await pollEvents(id);
    for (const e of events) if (e.type === 'poll.updated' && e.payload.poll.id === hidden.id) expect(e.payload.poll).toMatchObject({ counts: null, voters: null });
    const snapshot = await getInterviewState(visitor(), id);
    expect(snapshot.polls?.find((p) => p.id === hidden.id)).toMatchObject({ counts: null, voters: null });
    expect(snapshot.polls?.find((p) => p.id === shown.id)).toMatchObject({ counts: [0, 2], voters: 2 });
    // A page that loaded before the votes and catches up from the log reaches the same state as a late joiner.
    const caughtUp = applyInterviewEvents(early, (await eventsSince(visitor(), id, early.seq)).items).state;
    expect(caughtUp.polls).toEqual(snapshot.polls);

    await closePoll(moderator, hidden.id, { action: 'close' });
    const after = await getInterviewState(visitor(), id);
    expect(after.polls?.find((p) => p.id === hidden.id)).toMatchObject({ status: 'closed', counts: [1, 0], voters: 1 });
    expect(applyInterviewEvents(caughtUp, (await eventsSince(visitor(), id, caughtUp.seq)).items).state.polls).toEqual(after.polls);
  });

  it('a poll still open when the interview ends closes with it: final counts revealed to viewers, in the transcript, audited', async () => {
    const { id, moderator } = await liveInterview('投票随访谈结束测试访谈');
    const hidden = await openPoll(moderator, id, { question: '下一期访谈您想听哪个主题？', options: ['文物保护', '旅游市场'], hideResultsUntilClosed: true });
    const closedEarlier = await openPoll(moderator, id, { question: '本次访谈时间是否合适？', options: ['合适', '不合适'] });
    await votePoll(await citizenActor(), null, { pollId: hidden.id, options: [1] });
    await votePoll(visitor(), 'device-cccccccccccccccc', { pollId: hidden.id, options: [1] });
    await closePoll(moderator, closedEarlier.id, { action: 'close' });
    const before = (await eventsSince(visitor(), id, 0)).items.length;

    await actOnInterview(moderator, id, { action: 'end' });
    const after = (await eventsSince(visitor(), id, 0)).items.slice(before);
    // The poll's closing event comes before the status event, so a page applying them in order ends with it closed.
    expect(after.map((e) => e.type)).toEqual(['poll.updated', 'status.changed']);
    const state = await getInterviewState(visitor(), id);
    const poll = state.polls!.find((p) => p.id === hidden.id)!;
    expect(poll).toMatchObject({ status: 'closed', counts: [0, 2], voters: 2 });
    expect(state.polls!.every((p) => p.status === 'closed')).toBe(true);
    expect((after[0]!.payload as { poll: PublicPoll }).poll).toMatchObject({ id: hidden.id, status: 'closed', counts: [0, 2] });
    const audits = await db().select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(and(eq(auditLog.entityType, 'poll'), eq(auditLog.entityId, hidden.id)));
    expect(audits.find((a) => a.action === 'poll.close')?.details).toMatchObject({ withInterviewEnd: true, voters: 2 });
    // Only the open one was closed by the end; the one closed earlier kept its own single close row.
    const earlierCloses = await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, 'poll'), eq(auditLog.entityId, closedEarlier.id), eq(auditLog.action, 'poll.close')));
    expect(earlierCloses).toHaveLength(1);
    expect((await appErrorOf(votePoll(await citizenActor(), null, { pollId: hidden.id, options: [0] }))).code).toBe('conflict');
  });

  it('device ids are signed with the app secret', () => {
    const { id, value } = newDeviceCookie();
    expect(verifyDevice(value)).toBe(id);
    expect(verifyDevice(`${id}.forged`)).toBeNull();
    expect(verifyDevice(`${'A'.repeat(22)}.${value.split('.')[1]}`)).toBeNull();
    expect(deviceFromCookieHeader(`a=b; ${deviceCookieName()}=${value}`)).toBe(id);
  });
});

describe('live polls: over Socket.IO', () => {
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

  async function client(options: { email?: string; cookie?: string } = {}) {
    let cookie = options.cookie;
    if (options.email) {
      const actor = await actorFor(options.email);
      cookie = `next-auth.session-token=${await encode({ token: { sub: actor.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
    }
    const socket = connect(url, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    return socket;
  }

  it('a visitor votes once per device; viewers hear no hidden counts, moderators do', async () => {
    const { id, moderator } = await liveInterview('实时投票测试访谈');
    const poll = await openPoll(moderator, id, { question: '您支持延长开放时间吗？', options: ['支持', '不支持'], hideResultsUntilClosed: true });
    const viewer = await client();
    const staff = await client({ email: 'moderator@example.com' });
    const viewerPolls: PublicPoll[] = [];
    const staffPolls: PublicPoll[] = [];
    viewer.on('interview:event', (e) => { if (e.type === 'poll.updated') viewerPolls.push(e.payload.poll); });
    staff.on('interview:staff', (m) => { if (m.type === 'poll.results') staffPolls.push((m.payload as { poll: PublicPoll }).poll); });
    expect(await viewer.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 })).toMatchObject({ ok: true });
    expect(await staff.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 })).toMatchObject({ ok: true });

    // The same device (its signed cookie) is one voter on every connection; a forged cookie is a new device.
    const device = newDeviceCookie();
    const cookie = `${deviceCookieName()}=${device.value}`;
    const first = await client({ cookie });
    expect(await first.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, options: [0] })).toEqual({ ok: true, pollId: poll.id, options: [0] });
    const again = await client({ cookie });
    expect(await again.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, options: [1] })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await viewer.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, options: [1] })).toMatchObject({ ok: true });
    expect(await viewer.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, options: [1] })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await viewer.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, options: 'all' })).toMatchObject({ ok: false, code: 'invalid_input' });
    const citizen = await client({ email: 'citizen@example.com' });
    expect(await citizen.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, options: [1] })).toMatchObject({ ok: true });
    expect(await staff.timeout(5000).emitWithAck('poll:vote', { pollId: poll.id, options: [1] })).toMatchObject({ ok: false, code: 'forbidden' });

    // Results are published at most once per RESULTS_INTERVAL_MS for the poll (across processes): a flush right
    // after the first one waits for the interval, then the moderators hear all three ballots.
    await flushPollResults();
    await expect.poll(() => staffPolls.some((p) => p.status === 'open' && p.voters === 3), { timeout: 10_000 }).toBe(true);
    await closePoll(moderator, poll.id, { action: 'close' });
    await expect.poll(() => viewerPolls.at(-1)?.status).toBe('closed');
    await expect.poll(() => staffPolls.at(-1)?.status).toBe('closed');
    // Before the close, the viewer heard the poll with no counts; the moderators heard every count.
    expect(viewerPolls.slice(0, -1).every((p) => p.counts === null)).toBe(true);
    expect(staffPolls.some((p) => p.status === 'open' && p.voters === 3)).toBe(true);
    expect(viewerPolls.at(-1)).toMatchObject({ counts: [1, 2], voters: 3 });
    expect(await recountPoll(poll.id)).toMatchObject({ counts: [1, 2], voters: 3, stored: { counts: [1, 2], voters: 3 } });
  });
});
