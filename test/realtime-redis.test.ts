import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { actOnInterview, addRemark, createInterview } from '@/lib/interviews/operations';
import { closeRealtime, startRealtime } from '@/lib/platform/realtime';
import { actorFor } from './support/users';
import { redisAnswers, requires } from './support/prerequisites';

/**
 * Two Socket.IO servers joined by the Redis Streams adapter (as two app processes would be): a viewer connected
 * to the first receives an event broadcast by the second. Needs Redis at TEST_REDIS_URL (.ci/run sets it): skipped
 * with a warning locally without it, a failure in CI (test/support/prerequisites.ts).
 */
const redisUrl = process.env.TEST_REDIS_URL;
const ready = await requires('Socket.IO across servers through Redis', redisAnswers('TEST_REDIS_URL'));

describe('Socket.IO across servers through Redis', () => {
  const servers: HttpServer[] = [];
  const clients: Socket[] = [];
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await closeRealtime();
    for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
  });

  async function serve(): Promise<string> {
    const server = createServer();
    servers.push(server);
    await startRealtime(server, { trustProxy: false, redisUrl });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it.runIf(ready)('a viewer on server A receives what server B broadcasts', async () => {
    const first = await serve();
    await serve(); // the second attach becomes the process's publishing server: operations broadcast through it
    const [moderator, leader] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com')]);
    const { id } = await createInterview(moderator, {
      title: '跨进程广播测试访谈', summary: '验证两个服务进程通过 Redis 共同服务同一场访谈。', guestIds: [leader.user.publicId],
      scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledEnd: new Date(Date.now() + 7200_000).toISOString(),
    });
    await actOnInterview(moderator, id, { action: 'announce' });

    const viewer = connect(first, { transports: ['websocket'], forceNew: true });
    clients.push(viewer);
    const received: Array<{ seq: number; type: string }> = [];
    viewer.on('interview:event', (e) => received.push(e));
    expect(await viewer.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 })).toMatchObject({ ok: true, seq: 1 });

    await actOnInterview(moderator, id, { action: 'go_live' });
    await addRemark(moderator, id, { body: '各位网友好，访谈现在开始。' });
    for (let i = 0; i < 300 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received.map((e) => [e.seq, e.type])).toEqual([[1, 'status.changed'], [2, 'status.changed'], [3, 'host.remark']]);
  });
});
