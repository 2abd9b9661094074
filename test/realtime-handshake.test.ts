import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { CROSS_SITE_MESSAGE } from '@/lib/security/csrf';
import { HANDSHAKE_FAILED, TOO_MANY_FROM_ADDRESS, refusalFor, tooManyForAccount } from '@/lib/realtime/server';
import { sessionCookie, startRealtimeProcess, stopRealtimeProcesses, type RealtimeProcess } from './support/servers';

/**
 * Who may open a Socket.IO connection (lib/realtime/server.ts, engine.io's allowRequest and the handshake
 * middleware), in a real app process: a page of another origin may not — another port of the same host included —
 * however valid the cookie it carries; an address holds at most SOCKET_MAX_PER_ADDRESS connections and an account
 * SOCKET_MAX_PER_ACCOUNT (here 12 and 3, RATE_LIMIT_FACTOR 1), each refused with a message, and a closed
 * connection gives its slot back.
 */
const secret = process.env.NEXTAUTH_SECRET!;
const serverUrl = process.env.TEST_DATABASE_URL;
const PER_ADDRESS = 12;
const PER_ACCOUNT = 3;

describe('the Socket.IO handshake: origin and connection caps', () => {
  const sockets: Socket[] = [];
  let server: RealtimeProcess;
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;

  beforeAll(async () => {
    if (serverUrl) databaseUrl = await createThrowawayDatabase(serverUrl);
    else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-handshake-'));
    server = await startRealtimeProcess({
      dataDir, databaseUrl, secret,
      env: { SOCKET_MAX_PER_ADDRESS: String(PER_ADDRESS), SOCKET_MAX_PER_ACCOUNT: String(PER_ACCOUNT), RATE_LIMIT_FACTOR: '1' },
    });
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await stopRealtimeProcesses();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropThrowawayDatabase(databaseUrl);
  });

  /** Connects once (no retries) and resolves with how it went. */
  function open(headers: Record<string, string> = {}): Promise<{ socket: Socket; ok: boolean; error?: Error & { data?: unknown; description?: unknown } }> {
    const socket = connect(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket, ok: true }));
      socket.once('connect_error', (error) => resolve({ socket, ok: false, error }));
    });
  }
  /** The engine.io polling handshake as a browser page would send it: status and body. */
  async function pollingHandshake(headers: Record<string, string>) {
    const response = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers });
    return { status: response.status, body: await response.text() };
  }
  const closeAll = async (list: Socket[]) => {
    for (const s of list) s.disconnect();
  };

  it('refuses a page of another origin, and another port of the same host, with the cookie of a moderator', async () => {
    const cookie = await sessionCookie(await server.call<string>('whoami', 'moderator@example.com'), secret);
    const port = new URL(server.url).port;
    const otherPort = String(Number(port) === 65535 ? 1 : Number(port) + 1);
    for (const origin of [`http://127.0.0.1:${otherPort}`, `http://localhost:${port}`, 'http://evil.example', 'null']) {
      const attempt = await open({ cookie, origin });
      expect(attempt.ok, origin).toBe(false);
      // The polling handshake says why (a WebSocket upgrade's answer is not readable by a page).
      const polled = await pollingHandshake({ cookie, origin });
      expect(polled.status, origin).toBe(403);
      expect(JSON.parse(polled.body)).toEqual({ code: 4, message: CROSS_SITE_MESSAGE });
    }
    // A page in English reads the refusal in English (its language cookie); the status is the same.
    const english = await pollingHandshake({ cookie: `${cookie}; minsheng-locale=en`, origin: 'http://evil.example' });
    expect(english.status).toBe(403);
    expect(JSON.parse(english.body)).toEqual({ code: 4, message: 'Cross-site request refused: submit from this site’s pages' });
    // Without Origin, a browser's Sec-Fetch-Site must say "same-origin".
    expect((await pollingHandshake({ cookie, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    const accepted = await pollingHandshake({ cookie, 'sec-fetch-site': 'same-origin' });
    expect(accepted.status).toBe(200);
    // Closed again (engine.io's close packet), so that it holds no slot in the tests below.
    const sid = (JSON.parse(accepted.body.slice(1)) as { sid: string }).sid;
    await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '1' });

    // The site's own pages connect, and are who their cookie says.
    const own = await open({ cookie, origin: `http://127.0.0.1:${port}` });
    expect(own.ok).toBe(true);
    expect(await own.socket.emitWithAck('session:whoami', {})).toMatchObject({ ok: true, user: { role: 'moderator' } });
    // So do clients that are no browser page (no Origin, no Sec-Fetch-Site): they carry no victim's cookies.
    const script = await open();
    expect(script.ok).toBe(true);
    await closeAll([own.socket, script.socket]);
  }, 60_000);

  it('caps an account’s connections with a message, and gives the slot back when one closes', async () => {
    const cookie = await sessionCookie(await server.call<string>('whoami', 'citizen@example.com'), secret);
    const mine = await Promise.all(Array.from({ length: PER_ACCOUNT }, () => open({ cookie })));
    expect(mine.every((a) => a.ok)).toBe(true);
    const over = await open({ cookie });
    expect(over.ok).toBe(false);
    expect(over.error!.message).toBe(tooManyForAccount(PER_ACCOUNT));
    expect(over.error!.data).toEqual({ code: 'too_many_connections', limit: PER_ACCOUNT });
    // In English for a page in English: the same code and limit.
    const overEn = await open({ cookie: `minsheng-locale=en; ${cookie}` });
    expect(overEn.ok).toBe(false);
    expect(overEn.error!.message).toBe(`Too many live connections for this account (limit ${PER_ACCOUNT}); close other tabs and reload`);
    expect(overEn.error!.data).toEqual({ code: 'too_many_connections', limit: PER_ACCOUNT });
    // Another account from the same address is not affected.
    const other = await open({ cookie: await sessionCookie(await server.call<string>('whoami', 'handler@example.com'), secret) });
    expect(other.ok).toBe(true);

    mine[0]!.socket.disconnect();
    // The server sees the close a moment later; then the account may connect again.
    let again: Awaited<ReturnType<typeof open>> | undefined;
    for (let i = 0; i < 100 && !again?.ok; i++) again = await open({ cookie });
    expect(again!.ok).toBe(true);
    await closeAll([...mine.map((a) => a.socket), other.socket, again!.socket]);
  }, 60_000);

  it('caps an address’s connections, handshakes in a burst included, and gives the slots back', async () => {
    /** Opens connections until `count` are held; attempts refused meanwhile (closes not yet seen) are retried. */
    const fill = async (held: Socket[], count: number) => {
      for (let refused = 0; held.length < count && refused < 200;) {
        const attempt = await open();
        if (attempt.ok) held.push(attempt.socket);
        else refused++;
      }
      return held;
    };
    // A burst of twice the cap at once, as visitors (no account): never more than the cap gets through.
    const burst = await Promise.all(Array.from({ length: 2 * PER_ADDRESS }, () => open()));
    const held = burst.filter((a) => a.ok).map((a) => a.socket);
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThanOrEqual(PER_ADDRESS);
    expect(await fill(held, PER_ADDRESS)).toHaveLength(PER_ADDRESS);
    expect((await open()).ok).toBe(false);
    expect(await pollingHandshake({})).toEqual({ status: 403, body: JSON.stringify({ code: 4, message: TOO_MANY_FROM_ADDRESS }) });
    expect(await pollingHandshake({ cookie: 'minsheng-locale=en' })).toEqual({ status: 403, body: JSON.stringify({ code: 4, message: 'Too many live connections from this address; please try again later' }) });

    // Closed: the slots come back as the server sees each close.
    await closeAll(held);
    const again = await fill([], PER_ADDRESS);
    expect(again).toHaveLength(PER_ADDRESS);
    expect((await open()).ok).toBe(false);
    await closeAll(again);
  }, 60_000);
});

describe('handshake refusals in the page’s language', () => {
  it('every refusal has its English, chosen by the language cookie only; Chinese otherwise', () => {
    const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
    for (const message of [CROSS_SITE_MESSAGE, TOO_MANY_FROM_ADDRESS, tooManyForAccount(3), HANDSHAKE_FAILED]) {
      expect(refusalFor('a=1; minsheng-locale=en', message), message).not.toMatch(CJK);
      expect(refusalFor(['minsheng-locale=en'], message)).not.toMatch(CJK);
      expect(refusalFor('minsheng-locale=zh-CN', message)).toBe(message);
      expect(refusalFor(undefined, message)).toBe(message);
    }
    expect(refusalFor('minsheng-locale=en', HANDSHAKE_FAILED)).toBe('The connection failed; please try again later');
  });
});
