import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { sessionCookie, startRealtimeProcess, stopRealtimeProcesses, type RealtimeProcess } from './support/servers';
import { until } from './support/viewer';

/**
 * An admin's change to an account reaches the account's live Socket.IO connections at once (lib/accounts/admin.ts →
 * lib/realtime/server.ts#accountChanged), not only its next HTTP request: the connections are closed, the client
 * reconnects and the handshake reads the account afresh.
 *
 * Real app processes (test/support/realtime-process.ts). With TEST_REDIS_URL and TEST_DATABASE_URL: two processes
 * through Redis, the sockets on both and the change made on the first; otherwise one process on PGlite.
 */
const redisUrl = process.env.TEST_REDIS_URL;
const serverUrl = process.env.TEST_DATABASE_URL;
const secret = process.env.NEXTAUTH_SECRET!;
const cluster = Boolean(redisUrl && serverUrl);

describe(`account changes reach live sockets (${cluster ? 'two processes through Redis' : 'one process'})`, () => {
  const sockets: Socket[] = [];
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  let a: RealtimeProcess;
  let b: RealtimeProcess;

  beforeAll(async () => {
    if (cluster) {
      databaseUrl = await createThrowawayDatabase(serverUrl!);
      a = await startRealtimeProcess({ databaseUrl, redisUrl, secret });
      b = await startRealtimeProcess({ databaseUrl, redisUrl, secret });
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-sessions-'));
      a = b = await startRealtimeProcess({ dataDir, secret });
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await stopRealtimeProcesses();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropThrowawayDatabase(databaseUrl);
  });

  /** A browser's socket, signed in as the account: reconnects by itself; an emit lost with a closing connection is
   * sent again (retries), as it would be by a user retrying. */
  async function socketOf(url: string, publicId: string, sessionVersion = 0) {
    const socket = connect(url, {
      transports: ['websocket'], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 200,
      extraHeaders: { cookie: await sessionCookie(publicId, secret, sessionVersion) }, ackTimeout: 3000, retries: 3,
    });
    sockets.push(socket);
    const closes: string[] = [];
    socket.on('disconnect', (reason) => closes.push(reason));
    expect(await until(() => socket.connected)).toBe(true);
    return { socket, closes };
  }
  const whoami = (socket: Socket) => socket.emitWithAck('session:whoami', {}) as Promise<{ ok: boolean; user: { role: string } | null }>;

  it('a moderator demoted to citizen can no longer join the triage queue with the next socket event (the session ends)', async () => {
    const moderatorId = await a.call<string>('whoami', 'moderator@example.com');
    const onA = await socketOf(a.url, moderatorId);
    const onB = await socketOf(b.url, moderatorId);
    for (const { socket } of [onA, onB]) {
      expect(await socket.emitWithAck('letters:subscribe', { queue: true })).toEqual({ ok: true });
      expect((await whoami(socket)).user).toMatchObject({ role: 'moderator' });
    }

    await a.call('updateUser', 'admin@example.com', moderatorId, { role: 'citizen' });
    // Right after the change: the role change ended the session, so the first event each socket sends is a visitor's.
    for (const { socket } of [onA, onB]) {
      expect(await socket.emitWithAck('letters:subscribe', { queue: true })).toMatchObject({ ok: false, code: 'unauthenticated' });
      expect((await whoami(socket)).user).toBeNull();
    }
    // The connection was closed (not told to stay away, which would stop the browser from reconnecting) and is up again.
    expect(onA.closes).toEqual(['transport close']);
    expect(onB.closes).toEqual(['transport close']);
    expect(onA.socket.connected && onB.socket.connected).toBe(true);

    // And back: the old sessions stay ended; a new sign-in (a token at the session version now, two changes later)
    // is a moderator's.
    await a.call('updateUser', 'admin@example.com', moderatorId, { role: 'moderator' });
    for (const { socket } of [onA, onB]) expect((await whoami(socket)).user).toBeNull();
    const again = await socketOf(b.url, moderatorId, 2);
    expect(await again.socket.emitWithAck('letters:subscribe', { queue: true })).toEqual({ ok: true });
  }, 60_000);

  // Issue 12 item 10: signing out ended nothing; the same cookie kept its sockets (and requests) for 8 hours.
  it('sign-out closes the account’s sockets in every process; a copy of the cookie re-handshakes as a visitor', async () => {
    const handlerId = await a.call<string>('whoami', 'handler@example.com');
    const onA = await socketOf(a.url, handlerId);
    const onB = await socketOf(b.url, handlerId);
    for (const { socket } of [onA, onB]) expect((await whoami(socket)).user).toMatchObject({ role: 'handler' });

    expect(await a.call<boolean>('signOut', 'handler@example.com', 0)).toBe(true);
    for (const { socket, closes } of [onA, onB]) {
      expect((await whoami(socket)).user).toBeNull();
      expect(closes).toEqual(['transport close']);
    }
    // A socket opened later with the same cookie is a visitor's from the start.
    const late = await socketOf(b.url, handlerId, 0);
    expect((await whoami(late.socket)).user).toBeNull();
  }, 60_000);

  it('a disabled citizen’s next question:ask is refused; the socket stays as a visitor’s', async () => {
    const leaderId = await a.call<string>('whoami', 'leader@example.com');
    const citizenId = await a.call<string>('whoami', 'citizen@example.com');
    const { id } = await a.call<{ id: string }>('createInterview', 'moderator@example.com', {
      title: '停用账号后提问测试访谈', summary: '验证账号停用后，其已连接的实时连接不能再提问。', guestIds: [leaderId],
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    await a.call('actOnInterview', 'moderator@example.com', id, { action: 'announce' });
    await a.call('actOnInterview', 'moderator@example.com', id, { action: 'go_live' });

    const { socket, closes } = await socketOf(b.url, citizenId);
    expect(await socket.emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 })).toMatchObject({ ok: true });
    expect(await socket.emitWithAck('question:ask', { interviewId: id, body: '停用之前提的这个问题能收到吗？' })).toMatchObject({ ok: true, remaining: 4 });

    await a.call('updateUser', 'admin@example.com', citizenId, { status: 'disabled' });
    expect(await socket.emitWithAck('question:ask', { interviewId: id, body: '停用之后还能继续提问吗？' })).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect((await whoami(socket)).user).toBeNull();
    expect(closes).toEqual(['transport close']);
    // Still a viewer of the public interview.
    expect(await socket.emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 })).toMatchObject({ ok: true });
    const stored = await a.call<{ questions: unknown[] }>('stored', null, id);
    expect(stored.questions).toHaveLength(1);
  }, 60_000);
});
