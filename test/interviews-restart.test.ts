import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { sessionCookie, startRealtimeProcess, stopRealtimeProcesses } from './support/servers';
import { until, Viewer } from './support/viewer';

/**
 * Restarting the server during a live interview loses nothing (issue 4, "Bad input and faults"): a server process
 * (database boot + Socket.IO, as server.ts) is SIGKILLed while a citizen's questions and a guest's answer are in
 * flight, then started again on the same database and port. The viewer reconnects by itself and ends with every
 * event of the log exactly once, in seq order; every question the citizen was told about is stored, and resending
 * the unacknowledged ones with their clientIds stores each exactly once.
 *
 * Database: PGlite in a data folder (one process at a time, as `npm run dev`), or a throwaway PostgreSQL database
 * with TEST_DATABASE_URL.
 */
const secret = process.env.NEXTAUTH_SECRET!;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Stored {
  questions: Array<{ id: string; clientId: string | null }>;
  events: Array<{ seq: number; type: string }>;
}

describe('restart during a live interview', () => {
  const sockets: Array<{ disconnect(): unknown }> = [];
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await stopRealtimeProcesses();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropThrowawayDatabase(databaseUrl);
  });

  it('SIGKILL mid-interview, start again: the viewer catches up every event in order, no acknowledged question is lost', async () => {
    if (process.env.TEST_DATABASE_URL) databaseUrl = await createThrowawayDatabase(process.env.TEST_DATABASE_URL);
    else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-restart-'));
    const port = await freePort();
    const start = () => startRealtimeProcess({ databaseUrl, dataDir, port, secret });

    let server = await start();
    const leaderId = await server.call<string>('whoami', 'leader@example.com');
    const citizenId = await server.call<string>('whoami', 'citizen@example.com');
    const { id } = await server.call<{ id: string }>('createInterview', 'moderator@example.com', {
      title: '重启不丢数据测试访谈', summary: '直播中服务进程被强制结束，重启后什么都不应丢失。', guestIds: [leaderId], questionQuota: 20,
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    await server.call('actOnInterview', 'moderator@example.com', id, { action: 'announce' });
    await server.call('actOnInterview', 'moderator@example.com', id, { action: 'go_live' });

    const viewer = new Viewer(server.url, id);
    sockets.push(viewer.socket);
    const citizen: Socket = connect(server.url, {
      transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300,
      extraHeaders: { cookie: await sessionCookie(citizenId, secret) },
    });
    sockets.push(citizen);
    expect(await until(() => viewer.socket.connected && citizen.connected)).toBe(true);

    // Before the crash: questions acknowledged, three approved, two answered; the viewer has seen it all.
    const acked = new Map<string, string>(); // clientId → question id the citizen was told
    const ask = async (n: number, timeoutMs = 5000) => {
      const clientId = `restart-question-${n}`;
      const ack = await citizen.timeout(timeoutMs).emitWithAck('question:ask', { interviewId: id, body: `第 ${n} 个问题：重启之后我的问题还在吗？`, clientId });
      if (ack?.ok) acked.set(clientId, ack.id);
      return ack as { ok: boolean; id: string };
    };
    const first = [];
    for (let n = 1; n <= 4; n++) first.push(await ask(n));
    expect(first.every((a) => a.ok)).toBe(true);
    for (const q of first.slice(0, 3)) await server.call('actOnQuestion', 'moderator@example.com', q.id, { action: 'approve' });
    for (const q of first.slice(0, 2)) await server.call('publishAnswer', 'leader@example.com', q.id, { body: `答复：${q.id} 已经收到，我们会尽快落实。` });
    const before = await server.call<Stored>('stored', null, id);
    expect(await until(() => viewer.seq === before.events.at(-1)!.seq)).toBe(true);

    // The crash: more questions and the third answer are in flight when the process is killed.
    const inFlight = [5, 6, 7, 8, 9, 10].map((n) => ask(n, 2000).catch(() => null));
    const thirdAnswer = server.call('publishAnswer', 'leader@example.com', first[2]!.id, { body: '答复：第三个问题的答复在重启前发出。' }).catch(() => null);
    await server.kill();
    await Promise.all([...inFlight, thirdAnswer]);
    expect(await until(() => !viewer.socket.connected && !citizen.connected)).toBe(true); // they saw the crash

    // The restart, on the same database and port: both clients reconnect on their own.
    server = await start();
    expect(await until(() => viewer.socket.connected && citizen.connected, 15_000)).toBe(true);
    // The citizen's page resends what was never acknowledged, with the same clientIds.
    for (let n = 5; n <= 10; n++) {
      const again = await ask(n);
      expect(again.ok).toBe(true);
    }
    // Live again: the third answer (if the crash beat it) and a host remark after the restart.
    await server.call('publishAnswer', 'leader@example.com', first[2]!.id, { body: '答复：第三个问题的答复在重启后发出。' }).catch((e) => {
      expect(e.code).toBe('conflict'); // it committed before the kill
    });
    await server.call('addRemark', 'moderator@example.com', id, { body: '服务已恢复，访谈继续进行。' });

    const after = await server.call<Stored>('stored', null, id);
    const lastSeq = after.events.at(-1)!.seq;
    expect(await until(() => viewer.seq === lastSeq)).toBe(true);
    // Every event of the log, once, in seq order, and nothing else.
    expect(viewer.applied.map((e) => [e.seq, e.type])).toEqual(after.events.map((e) => [e.seq, e.type]));
    expect(after.events.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    expect(after.events.filter((e) => e.type === 'answer.published')).toHaveLength(3);
    expect(after.events.at(-1)!.type).toBe('host.remark');
    expect(viewer.joins).toBeGreaterThanOrEqual(2);

    // Every acknowledged question is stored, once per clientId, and all ten were asked in the end.
    const storedIds = new Map(after.questions.map((q) => [q.clientId, q.id]));
    expect(after.questions).toHaveLength(10);
    for (const [clientId, questionId] of acked) expect(storedIds.get(clientId)).toBe(questionId);
    expect(new Set(after.questions.map((q) => q.clientId)).size).toBe(10);
  }, 180_000); // two process starts (migrate, seed) on a loaded 2-core machine take most of it
});
