import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase } from '@/scripts/throwaway-db';
import { CallError, sessionCookie, startRealtimeProcess, stopRealtimeProcesses } from '../support/servers';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from '../support/private-servers';
import { until, untilAsync, Viewer } from '../support/viewer';
import { requires } from '../support/prerequisites';

/**
 * PostgreSQL stops in the middle of a live interview and comes back (issue 7, faults). The cluster is a private
 * one (initdb in a temp folder, its own port), so stopping it never touches the shared server.
 *
 * While it is down the app process stays up: its health check (lib/platform/health#checkHealth, the function
 * GET /api/health answers with) reports unhealthy, operations fail with an error instead of hanging, sockets stay
 * connected. When it is back the process recovers by itself — postgres.js opens new connections on the next query —
 * and an answer published after recovery reaches the viewers; viewers who join again with sinceSeq catch up.
 */
const ready = await requires('PostgreSQL restart test (private cluster)', privatePostgresUnavailable());
const secret = process.env.NEXTAUTH_SECRET!;
/** "Fails at once" (docs/RELIABILITY.md): a refused operation settles within this while the database is down. */
const PROMPT_MS = 2_000;
/** checkHealth answers unhealthy after 3 s at the latest; the margin is for a loaded machine. */
const HEALTH_MS = 4_000;

interface Stored {
  events: Array<{ seq: number; type: string }>;
}

/** Runs an operation that must fail while the database is down: it settles (no hang) with an error. */
async function failsPromptly(operation: Promise<unknown>, timeoutMs: number): Promise<{ error: CallError; ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    operation.then(() => ({ kind: 'succeeded' as const }), (error: CallError) => ({ kind: 'failed' as const, error })),
    new Promise<{ kind: 'hung' }>((resolve) => { timer = setTimeout(() => resolve({ kind: 'hung' }), timeoutMs); }),
  ]);
  clearTimeout(timer);
  expect(outcome.kind).toBe('failed');
  return { error: (outcome as { error: CallError }).error, ms: Date.now() - started };
}

describe.runIf(ready)('PostgreSQL stops and starts during a live interview', () => {
  let pg: PrivatePostgres | undefined;
  const viewers: Viewer[] = [];
  const others: Viewer[] = [];

  afterAll(async () => {
    for (const v of [...viewers, ...others]) v.close();
    await stopRealtimeProcesses();
    await pg?.destroy();
  });

  it('health turns unhealthy, operations fail fast, and the process recovers on its own when PostgreSQL is back', async () => {
    pg = await startPrivatePostgres();
    const databaseUrl = await createThrowawayDatabase(pg.url, 'minsheng_fault');
    const app = await startRealtimeProcess({ databaseUrl, secret });
    expect(await app.call('health', null)).toMatchObject({ status: 'ok', database: 'postgres' });

    const leaderId = await app.call<string>('whoami', 'leader@example.com');
    const { id } = await app.call<{ id: string }>('createInterview', 'moderator@example.com', {
      title: '数据库重启时的在线访谈', summary: '直播中数据库停止又恢复，访谈应当自行恢复。', guestIds: [leaderId], questionQuota: 20,
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    await app.call('actOnInterview', 'moderator@example.com', id, { action: 'announce' });
    await app.call('actOnInterview', 'moderator@example.com', id, { action: 'go_live' });
    const asked: Array<{ id: string }> = [];
    for (let i = 1; i <= 4; i++) asked.push(await app.call<{ id: string }>('askQuestion', 'citizen@example.com', id, { body: `数据库恢复测试的第 ${i} 个问题？` }));
    for (const q of asked) await app.call('actOnQuestion', 'moderator@example.com', q.id, { action: 'approve' });
    await app.call('publishAnswer', 'leader@example.com', asked[0]!.id, { body: '第一个答复，在数据库停止之前发布。' });

    for (let i = 0; i < 5; i++) viewers.push(new Viewer(app.url, id));
    // A citizen on the live page (signed in: the handshake reads the account, so it connects before the outage).
    const citizenId = await app.call<string>('whoami', 'citizen@example.com');
    const asker = new Viewer(app.url, id, 0, await sessionCookie(citizenId, secret));
    others.push(asker);
    const before = await app.call<Stored>('stored', null, id);
    const seqBefore = before.events.at(-1)!.seq;
    expect(await until(() => asker.seq === seqBefore && viewers.every((v) => v.seq === seqBefore))).toBe(true);
    // One viewer leaves before the outage and comes back after it, joining with the seq it had.
    const leaver = viewers.pop()!;
    leaver.close();

    // ---- PostgreSQL goes down (immediate: backends killed, connections dropped, as in a crash).
    await pg.stop();
    const downAt = Date.now();
    let health: { status: string } | undefined;
    expect(await untilAsync(async () => (health = await app.call<{ status: string }>('health', null)).status === 'unhealthy', HEALTH_MS)).toBe(true);
    expect(health).toMatchObject({ status: 'unhealthy', database: 'postgres', message: '数据库不可用' });
    // An operation fails with an error rather than waiting for the database to return.
    const publish = await failsPromptly(app.call('publishAnswer', 'leader@example.com', asked[1]!.id, { body: '数据库停止期间试图发布的答复。' }), PROMPT_MS);
    const remark = await failsPromptly(app.call('addRemark', 'moderator@example.com', id, { body: '数据库停止期间的主持人发言。' }), PROMPT_MS);
    // The citizen asking over the socket gets an error acknowledgement, not silence.
    const ack = await asker.socket.timeout(PROMPT_MS).emitWithAck('question:ask', { interviewId: id, body: '数据库停止时我能提问吗？', clientId: 'pg-down-question-1' }).catch(() => ({ ok: 'timeout' }));
    // … saying the database is unavailable and when to retry, not "internal error" (the API answers 503 likewise).
    expect(ack).toMatchObject({ ok: false, code: 'unavailable', retryAfter: 5 });
    expect(publish.error.message).toMatch(/ECONNREFUSED|CONNECTION|connect/i);
    // The process and its sockets stay up: viewers are still connected, and a visitor can still connect; its join
    // is answered with an error (the catch-up needs the database), and it joins again once the database is back.
    expect(viewers.every((v) => v.socket.connected) && asker.socket.connected).toBe(true);
    const late = new Viewer(app.url, id);
    viewers.push(late);
    expect(await until(() => late.socket.connected)).toBe(true);
    const joinAck = await late.socket.timeout(PROMPT_MS).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 }).catch(() => ({ ok: 'timeout' }));
    expect(joinAck).toMatchObject({ ok: false, code: 'unavailable' });
    console.info(`[faults] PostgreSQL down: health unhealthy after ${Date.now() - downAt} ms; publishAnswer failed in ${publish.ms} ms ("${publish.error.message}"), addRemark in ${remark.ms} ms; question:ask acked ${JSON.stringify(ack)}`);

    // ---- PostgreSQL comes back; the app process is not restarted.
    await pg.start();
    const upAt = Date.now();
    expect(await untilAsync(async () => (await app.call<{ status: string }>('health', null)).status === 'ok', 30_000)).toBe(true);
    const recoveredMs = Date.now() - upAt;
    late.rejoin();
    await app.call('publishAnswer', 'leader@example.com', asked[1]!.id, { body: '第二个答复，在数据库恢复之后发布。' });
    await app.call('publishAnswer', 'leader@example.com', asked[2]!.id, { body: '第三个答复，也在数据库恢复之后发布。' });
    const after = await app.call<Stored>('stored', null, id);
    const lastSeq = after.events.at(-1)!.seq;
    expect(after.events.filter((e) => e.type === 'answer.published')).toHaveLength(3);
    const log = after.events.map((e) => [e.seq, e.type]);
    // Viewers connected throughout, and the one that came during the outage, all end with the whole log in order.
    const caughtUp = await until(() => asker.seq === lastSeq && viewers.every((v) => v.seq === lastSeq), 15_000);
    expect(caughtUp, `seqs ${JSON.stringify([...viewers, asker].map((v) => [v.seq, v.joins, v.socket.connected]))}, last ${lastSeq}`).toBe(true);
    for (const v of [...viewers, asker]) expect(v.applied.map((e) => [e.seq, e.type])).toEqual(log);
    expect(late.joins).toBeGreaterThanOrEqual(2);
    expect(viewers.slice(0, 4).every((v) => v.joins === 1)).toBe(true); // received live, not recovered by a re-join
    // The viewer who left joins again with its last seq and catches up on exactly what it missed.
    const back = new Viewer(app.url, id, leaver.seq);
    viewers.push(back);
    expect(await until(() => back.seq === lastSeq, 15_000)).toBe(true);
    expect(back.applied.map((e) => [e.seq, e.type])).toEqual(log.filter(([seq]) => (seq as number) > leaver.seq));
    // The question asked during the outage was not stored; asked again with its clientId it is, once.
    const again = await asker.socket.timeout(10_000).emitWithAck('question:ask', { interviewId: id, body: '数据库停止时我能提问吗？', clientId: 'pg-down-question-1' });
    expect(again).toMatchObject({ ok: true });
    console.info(`[faults] PostgreSQL back: healthy ${recoveredMs} ms after start, ${viewers.length} viewers caught up to seq ${lastSeq}`);
  });
});
