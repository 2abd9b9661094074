import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { startRealtimeProcess, stopRealtimeProcesses } from '../support/servers';
import { until, untilAsync, Viewer } from '../support/viewer';

/**
 * A slow client does not hold the broadcast for the others (issue 7, faults). One viewer is a raw WebSocket client
 * (TCP, the handshake and frames written here) that joins the interview and then stops reading its socket, as a
 * phone on a dead network or a malicious client would. While it reads nothing, many large answers are published:
 * every other viewer receives all of them, in order, while the slow one is still connected.
 *
 * What bounds the memory the slow one costs (engine.io 6): Socket.IO writes into the kernel's socket buffers until
 * they are full; after that engine.io keeps the packets in the connection's writeBuffer (the transport is not
 * writable until the last write completes), without a size limit. The bound is time: the server pings every
 * pingInterval (25 s) and closes a connection that has not answered within pingTimeout (20 s) — a client that
 * reads nothing cannot answer — so after at most 45 s the socket is dropped and its buffers are released. The test
 * measures what was buffered and checks the server drops the connection by itself.
 */
const secret = process.env.NEXTAUTH_SECRET!;
const ANSWERS = 120;
const ANSWER_CHARS = 4000; // ~12 KB of UTF-8 per answer event: the kernel buffers fill with a few hundred KB
const VIEWERS = 20;

/** A WebSocket client on a bare TCP socket speaking engine.io 4 / Socket.IO 5 just enough to join an interview. */
class RawViewer {
  readonly socket: net.Socket;
  private pending = Buffer.alloc(0);
  private upgraded = false;
  readonly packets: string[] = [];
  bytesRead = 0;
  pings = 0;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    const key = randomBytes(16).toString('base64');
    this.socket.write(`GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n`
      + `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', () => {});
  }

  private receive(chunk: Buffer): void {
    this.bytesRead += chunk.length;
    this.pending = Buffer.concat([this.pending, chunk]);
    if (!this.upgraded) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!this.pending.subarray(0, end).toString().startsWith('HTTP/1.1 101')) throw new Error('websocket upgrade refused');
      this.upgraded = true;
      this.pending = this.pending.subarray(end + 4);
    }
    for (;;) { // server frames are unmasked; engine.io sends each packet as one text frame
      if (this.pending.length < 2) return;
      let length = this.pending[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.pending.length < 4) return;
        length = this.pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.pending.length < 10) return;
        length = Number(this.pending.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.pending.length < offset + length) return;
      const opcode = this.pending[0]! & 0x0f;
      const payload = this.pending.subarray(offset, offset + length).toString();
      this.pending = this.pending.subarray(offset + length);
      if (opcode !== 1) continue;
      if (payload === '2') { // engine.io ping → pong, while this client still reads
        this.pings++;
        this.send('3');
      }
      else this.packets.push(payload);
    }
  }

  send(text: string): void {
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
    this.socket.write(Buffer.concat([header, mask, payload.map((b, i) => b ^ mask[i % 4]!)]));
  }

  /** Stops reading: the kernel's receive buffer fills, then the server's send buffer, then the server's memory. */
  stopReading(): void {
    this.socket.pause();
  }
}

describe('a slow client during a burst of answers', () => {
  const viewers: Viewer[] = [];
  let raw: RawViewer | undefined;
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;

  afterAll(async () => {
    for (const v of viewers) v.close();
    raw?.socket.destroy();
    await stopRealtimeProcesses();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropThrowawayDatabase(databaseUrl);
  });

  it('the other viewers get every answer while the slow one is still connected; the server then drops it', async () => {
    if (process.env.TEST_DATABASE_URL) databaseUrl = await createThrowawayDatabase(process.env.TEST_DATABASE_URL, 'minsheng_fault');
    else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-slow-'));
    const app = await startRealtimeProcess({ databaseUrl, dataDir, secret });
    const leaderId = await app.call<string>('whoami', 'leader@example.com');
    const { id } = await app.call<{ id: string }>('createInterview', 'moderator@example.com', {
      title: '慢速客户端不拖累他人', summary: '一个不读数据的客户端，不应拖慢其他观众收到答复。', guestIds: [leaderId], questionQuota: 50,
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    await app.call('actOnInterview', 'moderator@example.com', id, { action: 'announce' });
    await app.call('actOnInterview', 'moderator@example.com', id, { action: 'go_live' });
    for (let i = 0; i < VIEWERS; i++) viewers.push(new Viewer(app.url, id));
    raw = new RawViewer(app.port);
    expect(await until(() => raw!.packets.some((p) => p.startsWith('0{')))).toBe(true); // engine.io open
    raw.send('40');
    expect(await until(() => raw!.packets.some((p) => p.startsWith('40{')))).toBe(true);
    const sid = (JSON.parse(raw.packets.find((p) => p.startsWith('40{'))!.slice(2)) as { sid: string }).sid;
    raw.send(`421${JSON.stringify(['interview:join', { interviewId: id, sinceSeq: 0 }])}`);
    expect(await until(() => raw!.packets.some((p) => p.startsWith('431')))).toBe(true); // joined, caught up

    // Questions to answer (approved: public events, which the raw client still reads).
    const askers = await app.call<Array<{ email: string }>>('createCitizens', null, Math.ceil(ANSWERS / 50), `slow${randomBytes(3).toString('hex')}`);
    const questions: string[] = [];
    for (let i = 0; i < ANSWERS; i += 10) {
      questions.push(...(await Promise.all(Array.from({ length: Math.min(10, ANSWERS - i) }, async (_, j) => {
        const q = await app.call<{ id: string }>('askQuestion', askers[Math.floor((i + j) / 50)]!.email, id, { body: `慢速客户端测试的第 ${i + j + 1} 个问题？` });
        await app.call('actOnQuestion', 'moderator@example.com', q.id, { action: 'approve' });
        return q.id;
      }))));
    }

    const seqBefore = (await app.call<{ events: Array<{ seq: number }> }>('stored', null, id)).events.at(-1)!.seq;
    expect(await until(() => viewers.every((v) => v.seq === seqBefore), 15_000)).toBe(true);

    // The slow client stops reading right after answering a ping: the server's next ping comes pingInterval (25 s)
    // later and goes unanswered, so it keeps the connection for pingInterval + pingTimeout (45 s) from here — the
    // burst below is delivered to the others while the slow one is certainly still connected.
    const pings = raw.pings;
    expect(await until(() => raw!.pings > pings, 30_000)).toBe(true);
    raw.stopReading();
    const pausedAt = Date.now();
    const readAtPause = raw.bytesRead;
    const before = await app.call<SocketStats>('socketStats', null, sid);
    expect(before.connected).toBe(true);
    const body = (n: number) => `第 ${n} 个答复：${'关于这一问题，我们已经会同有关部门认真研究并制定了具体措施。'.repeat(Math.ceil(ANSWER_CHARS / 30))}`.slice(0, ANSWER_CHARS);
    // One after the other: concurrent publishes may leave the process out of seq order (the viewers would re-join on
    // the gap, correctly, but then "received live" could not be checked).
    for (let i = 0; i < ANSWERS; i++) await app.call('publishAnswer', 'leader@example.com', questions[i]!, { body: body(i + 1) });
    const lastSeq = (await app.call<{ events: Array<{ seq: number }> }>('stored', null, id)).events.at(-1)!.seq;
    expect(lastSeq).toBe(seqBefore + ANSWERS);

    // Every other viewer has every answer, in order, live (no re-join), while the slow one is still connected.
    expect(await until(() => viewers.every((v) => v.seq === lastSeq), 60_000)).toBe(true);
    const during = await app.call<SocketStats>('socketStats', null, sid);
    const allReceivedMs = Date.now() - pausedAt;
    expect(during.connected).toBe(true);
    for (const v of viewers) {
      expect(v.applied.filter((e) => e.type === 'answer.published')).toHaveLength(ANSWERS);
      expect(v.applied.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
      expect(v.joins).toBe(1);
    }
    // The slow client really was behind: it read nothing of the burst, which waits in the kernel's buffers (its
    // receive queue, the server's send queue) and, once those are full, in the server process.
    const burstBytes = ANSWERS * ANSWER_CHARS * 3;
    expect(raw.bytesRead - readAtPause).toBeLessThan(burstBytes / 10);
    const kernel = tcpQueues(raw.socket.localPort!, app.port);
    if (kernel) {
      const held = kernel.clientReceiveQueue + kernel.serverSendQueue + during.socketQueuedBytes;
      expect(held + during.writeBufferPackets * ANSWER_CHARS * 3, JSON.stringify({ kernel, during })).toBeGreaterThan(burstBytes * 0.9);
    }

    // engine.io's heartbeat drops it: it cannot answer a ping it does not read (≤ pingInterval + pingTimeout, 45 s).
    let after: SocketStats | undefined;
    expect(await untilAsync(async () => !(after = await app.call<SocketStats>('socketStats', null, sid)).connected, 70_000, 250)).toBe(true);
    const droppedMs = Date.now() - pausedAt;
    expect(droppedMs).toBeGreaterThan(25_000); // by the unanswered ping, not for another reason
    expect(droppedMs).toBeLessThan(45_000 + 10_000);
    console.info(`[faults] slow client: ${VIEWERS} viewers received all ${ANSWERS} answers (~${Math.round(ANSWER_CHARS * 3 / 1024)} KB each) ${allReceivedMs} ms after it stopped reading; `
      + `it had read ${raw.bytesRead - readAtPause} bytes of the burst; queued for it: ${kernel ? `${kernel.clientReceiveQueue} bytes in its receive queue, ${kernel.serverSendQueue} in the server's send queue (kernel), ` : ''}`
      + `${during.writeBufferPackets} packets in engine.io's write buffer and ${during.socketQueuedBytes} bytes in the server's socket (process); dropped by the heartbeat ${droppedMs} ms after it stopped reading; `
      + `server RSS ${mb(before.rssBytes)} → ${mb(during.rssBytes)} → ${mb(after!.rssBytes)} MB, heap ${mb(before.heapUsedBytes)} → ${mb(during.heapUsedBytes)} → ${mb(after!.heapUsedBytes)} MB`);
  });
});

interface SocketStats {
  connected: boolean;
  writeBufferPackets: number;
  socketQueuedBytes: number;
  rssBytes: number;
  heapUsedBytes: number;
}

/**
 * Bytes waiting in the kernel for one loopback TCP connection (Linux /proc/net/tcp: tx_queue and rx_queue in hex):
 * the client's receive queue and the server's send queue. Undefined where /proc/net/tcp does not exist.
 */
function tcpQueues(clientPort: number, serverPort: number): { clientReceiveQueue: number; serverSendQueue: number } | undefined {
  let table: string;
  try {
    table = fs.readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return undefined;
  }
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  let clientReceiveQueue = 0;
  let serverSendQueue = 0;
  for (const line of table.split('\n').slice(1)) {
    const [, local, remote, , queues] = line.trim().split(/\s+/);
    if (!local || !remote || !queues) continue;
    const [tx, rx] = queues.split(':').map((q) => parseInt(q, 16));
    if (local.endsWith(`:${hex(clientPort)}`) && remote.endsWith(`:${hex(serverPort)}`)) clientReceiveQueue = rx!;
    if (local.endsWith(`:${hex(serverPort)}`) && remote.endsWith(`:${hex(clientPort)}`)) serverSendQueue = tx!;
  }
  return { clientReceiveQueue, serverSendQueue };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
