import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { newPublicId } from '@/lib/accounts/users';
import { productionBuildMissing, sessionCookie, startRealServer, stopRealtimeProcesses, type RealServer } from '../support/servers';
import { findExecutable, freePort } from '../support/private-servers';
import { envSet, redisAnswers, requires } from '../support/prerequisites';
import { until, untilAsync, Viewer } from '../support/viewer';

/**
 * Issue 18, items 2–3: Debian's nginx, configured from docs/deploy/nginx.conf (only the ports, TLS and file paths
 * changed), in front of two real server.ts processes (production build) sharing PostgreSQL (a fresh database on
 * TEST_DATABASE_URL) and Redis (TEST_REDIS_URL), and a live interview run through it.
 *
 * 1. Through nginx: content-hashed static files come with a year's immutable caching; /metrics is 404; the app logs
 *    and echoes nginx's request id (TRUST_PROXY=1); a client's forged X-Forwarded-For is replaced (the audit rows
 *    carry the address nginx saw). Viewers connect over WebSocket from many loopback addresses, so nginx's
 *    `hash $remote_addr` puts some on each process; every answer reaches every viewer once.
 * 2. kill -9 of one process while answers are published and citizens ask questions: its viewers reconnect through
 *    nginx to the other within 5 s (the browser's own reconnection delays) and, after catch-up (join with sinceSeq),
 *    have every answer once; every acknowledged question is stored once; unacknowledged ones resent with their
 *    clientId are stored once.
 * 3. A rolling restart (SIGTERM, start again, then the other): the same checks, and each process exits 0 from its
 *    graceful shutdown.
 */
const secret = process.env.NEXTAUTH_SECRET!;
const nginxBinary = findExecutable('nginx');
const ready = await requires('nginx in front of two app processes', productionBuildMissing(),
  nginxBinary ? undefined : 'nginx is not installed (apt-get install nginx-light)',
  envSet('TEST_DATABASE_URL'), redisAnswers('TEST_REDIS_URL'));

const VIEWERS = 24;
const ASKERS = 6;
const QUESTIONS = 100; // approved beforehand, answered one by one during the test
const RECONNECT_MS = 5_000;
const FORGED = '203.0.113.66';
const loopback = (n: number) => `127.0.0.${n}`;

/** docs/deploy/nginx.conf with the app ports, a plain-HTTP listener on `port`, and files in `dir`; nothing else. */
function nginxConfig(dir: string, port: number, apps: [number, number]): string {
  let conf = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'deploy', 'nginx.conf'), 'utf8');
  const edit = (from: RegExp | string, to: string) => {
    const next = typeof from === 'string' ? conf.replaceAll(from, to) : conf.replace(from, to);
    if (next === conf) throw new Error(`docs/deploy/nginx.conf changed shape: ${from} not found (update this test)`);
    conf = next;
  };
  edit(/\nserver \{\n    listen 80;[\s\S]*?\n\}\n/, '\n'); // the port-80 server: ACME and the redirect to https
  edit('    listen 443 ssl http2;\n', `    listen 127.0.0.1:${port};\n`);
  edit('    listen [::]:443 ssl http2;\n', '');
  edit(/^    ssl_.*\n/gm, '');
  edit('127.0.0.1:3001', `127.0.0.1:${apps[0]}`);
  edit('127.0.0.1:3002', `127.0.0.1:${apps[1]}`);
  edit('/var/log/nginx/minsheng.access.log', path.join(dir, 'access.log'));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${path.join(dir, t)};`).join('\n');
  return [
    'daemon off;',
    process.getuid?.() === 0 ? 'user root;' : '', // workers would otherwise run as nobody and not reach the temp folder
    'worker_processes 1;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')} warn;`,
    'events { worker_connections 4096; }',
    'http {',
    temp,
    conf,
    '}',
  ].join('\n');
}

async function startNginx(dir: string, port: number, apps: [number, number]): Promise<ChildProcess> {
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, nginxConfig(dir, port, apps));
  const child = spawn(nginxBinary!, ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', file], { stdio: ['ignore', 'inherit', 'inherit'] });
  process.once('exit', () => child.kill('SIGKILL'));
  const up = await untilAsync(async () => {
    if (child.exitCode !== null) throw new Error('nginx exited');
    return (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(1000) })).status === 404;
  }, 15_000);
  if (!up) throw new Error(`nginx did not start:\n${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`);
  return child;
}

interface Tracked {
  viewer: Viewer;
  address: string;
  disconnects: number[];
  connects: number[];
}

describe.runIf(ready)('nginx in front of two server.ts processes: a live interview, kill -9, a rolling restart', () => {
  let dir = '';
  let nginx: ChildProcess | undefined;
  let sql: postgres.Sql | undefined;
  let databaseUrl = '';
  const servers: Array<RealServer | undefined> = [undefined, undefined];
  const viewers: Tracked[] = [];
  const askers: Viewer[] = [];

  afterAll(async () => {
    for (const v of [...viewers.map((t) => t.viewer), ...askers]) v.close();
    await stopRealtimeProcesses();
    if (nginx && nginx.exitCode === null) {
      const gone = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGTERM');
      await gone;
    }
    await sql?.end({ timeout: 1 });
    if (databaseUrl) await dropThrowawayDatabase(databaseUrl).catch(() => {});
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every answer reaches every viewer once through nginx, across kill -9 and a rolling restart; no acknowledged question lost', async () => {
    const t0 = Date.now();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-nginx-'));
    databaseUrl = await createThrowawayDatabase(process.env.TEST_DATABASE_URL!, 'minsheng_fault');
    sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });
    const ports: [number, number] = [await freePort(), await freePort()];
    const nginxPort = await freePort();
    const site = `http://127.0.0.1:${nginxPort}`;
    // Both as in production behind nginx: TRUST_PROXY=1, NEXTAUTH_URL the public address, rooms through Redis.
    // Only the first seeds the demo accounts (two seeding at once would race); the second migrates after it (lock).
    const start = (i: 0 | 1, seed: boolean) => startRealServer({
      databaseUrl, port: ports[i], secret,
      env: { TRUST_PROXY: '1', REDIS_URL: process.env.TEST_REDIS_URL!, NEXTAUTH_URL: site, SEED_DEMO: seed ? '1' : '0', LOG_FORMAT: 'json' },
    }).then((s) => (servers[i] = s));
    await Promise.all([start(0, true), start(1, false)]);
    nginx = await startNginx(dir, nginxPort, ports);
    const bootMs = Date.now() - t0;

    // ---- Plain HTTP through nginx: static caching, /metrics, the request id, X-Forwarded-For.
    const cookies = new Map<string, string>();
    const cookieOf = async (email: string) => {
      if (!cookies.has(email)) {
        const [row] = await sql!<Array<{ public_id: string }>>`select public_id from users where email = ${email}`;
        cookies.set(email, await sessionCookie(row!.public_id, secret));
      }
      return cookies.get(email)!;
    };
    const api = async (method: string, p: string, email: string | null, body?: unknown) => {
      const res = await fetch(`${site}${p}`, {
        method,
        headers: {
          origin: site, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', 'x-forwarded-for': FORGED,
          ...(email ? { cookie: await cookieOf(email) } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      return { status: res.status, text: await res.text(), headers: res.headers };
    };
    const home = await api('GET', '/', null);
    expect(home.status).toBe(200);
    expect(home.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id, echoed by the app
    const asset = /\/_next\/static\/[^"']+\.js/.exec(home.text)?.[0];
    expect(asset).toBeDefined();
    const staticFile = await fetch(`${site}${asset}`);
    expect(staticFile.status).toBe(200);
    expect(staticFile.headers.get('cache-control')).toContain('max-age=31536000');
    expect(staticFile.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${site}/metrics`)).status).toBe(404);

    // ---- A live interview, and QUESTIONS approved questions to answer during the test.
    const [leader] = await sql<Array<{ public_id: string }>>`select public_id from users where email = 'leader@example.com'`;
    const created = await api('POST', '/api/v1/interviews', 'moderator@example.com', {
      title: '两个进程、一个反向代理的在线访谈', summary: 'nginx 之后的两个进程，一个被强制结束，再滚动重启，观众一条答复也不少。', guestIds: [leader!.public_id], questionQuota: 50,
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(created.status, created.text).toBe(201);
    const interviewId = (JSON.parse(created.text) as { id: string }).id;
    // ---- The public pages' cache follows the other process's changes (lib/platform/page-cache.ts, through Redis):
    // /interviews cached on both processes, the interview announced on the first, the second's copy gone at once
    // (well inside PAGE_CACHE_MS, 5 s, which alone would serve the old list that long).
    const pageAt = async (i: 0 | 1) => {
      const res = await fetch(`http://127.0.0.1:${ports[i]}/interviews`, { signal: AbortSignal.timeout(30_000) });
      return { cached: res.headers.get('x-page-cache'), text: await res.text() };
    };
    for (const i of [0, 1] as const) {
      expect(await untilAsync(async () => (await pageAt(i)).cached === 'hit', 20_000, 20), `/interviews served from process ${i}'s cache`).toBe(true);
      expect((await pageAt(i)).text).not.toContain('两个进程、一个反向代理的在线访谈');
    }
    const announced = await fetch(`http://127.0.0.1:${ports[0]}/api/v1/interviews/${interviewId}/actions`, {
      method: 'POST', body: JSON.stringify({ action: 'announce' }),
      headers: { origin: site, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', cookie: await cookieOf('moderator@example.com') },
    });
    expect(announced.status, await announced.text()).toBe(200);
    const announcedAt = Date.now();
    expect(await untilAsync(async () => (await pageAt(1)).text.includes('两个进程、一个反向代理的在线访谈'), 1_000, 20), 'the other process serves the announced interview').toBe(true);
    console.log(`[nginx-cluster] page cache: the other process's /interviews showed the change after ${Date.now() - announcedAt} ms`);
    expect((await api('POST', `/api/v1/interviews/${interviewId}/actions`, 'moderator@example.com', { action: 'go_live' })).status).toBe(200);
    const run = newPublicId().slice(0, 6);
    const citizens = Array.from({ length: 10 + ASKERS }, (_, i) => ({ publicId: newPublicId(), email: `ngx${run}-${i}@example.org` }));
    await sql`insert into users ${sql(citizens.map((c, i) => ({ public_id: c.publicId, name: `市民${run}${i}`, email: c.email, password_hash: 'not-a-hash', role: 'citizen' })))}`;
    const toAnswer: string[] = [];
    for (let i = 0; i < QUESTIONS; i += 10) {
      await Promise.all(Array.from({ length: 10 }, async (_, k) => {
        const asked = await api('POST', `/api/v1/interviews/${interviewId}/questions`, citizens[k]!.email, { body: `预先提出的第 ${i + k + 1} 个问题：两个进程之间会丢答复吗？` });
        expect(asked.status, asked.text).toBe(201);
        const qid = (JSON.parse(asked.text) as { id: string }).id;
        const approved = await api('POST', `/api/v1/questions/${qid}/actions`, 'moderator@example.com', { action: 'approve' });
        expect(approved.status, approved.text).toBe(200);
        toAnswer.push(qid);
      }));
    }

    // ---- Viewers from VIEWERS loopback addresses (nginx spreads them by address), with the browser's reconnection
    // delays (socket.io-client defaults: 1 s ± 50 %, doubling up to 5 s), as app/_components/socket-client.ts.
    const lastSeq = async () => (await sql!<Array<{ seq: number }>>`
      select coalesce(max(e.seq), 0)::int as seq from interview_events e join interviews i on i.id = e.interview_id where i.public_id = ${interviewId}`)[0]!.seq;
    for (let i = 0; i < VIEWERS; i++) {
      const address = loopback(10 + i);
      const viewer = new Viewer(site, interviewId, 0, undefined, { reconnectionDelay: 1000, reconnectionDelayMax: 5000, localAddress: address } as never);
      const tracked: Tracked = { viewer, address, disconnects: [], connects: [] };
      viewer.socket.on('connect', () => tracked.connects.push(Date.now()));
      viewer.socket.on('disconnect', () => tracked.disconnects.push(Date.now()));
      viewers.push(tracked);
    }
    let seq = await lastSeq();
    expect(await until(() => viewers.every((t) => t.viewer.seq === seq), 30_000)).toBe(true);
    // Both processes hold viewers (their own /metrics, on their own ports: loopback, no proxy).
    const socketsOn = async (s: RealServer) => Number(/^minsheng_sockets_connected (\d+)/m.exec(await (await fetch(`${s.url}/metrics`)).text())?.[1] ?? -1);
    const spread = [await socketsOn(servers[0]!), await socketsOn(servers[1]!)];
    expect(spread[0]).toBeGreaterThan(0);
    expect(spread[1]).toBeGreaterThan(0);

    // ---- Citizens asking over Socket.IO through nginx while a process is lost; the unacknowledged are resent at the end.
    for (let i = 0; i < ASKERS; i++) {
      askers.push(new Viewer(site, interviewId, 0, undefined, {
        reconnectionDelay: 1000, reconnectionDelayMax: 5000, localAddress: loopback(100 + i), extraHeaders: { cookie: await cookieOf(citizens[10 + i]!.email), 'x-forwarded-for': FORGED },
      } as never));
    }
    expect(await until(() => askers.every((a) => a.socket.connected), 30_000)).toBe(true);
    const asked = new Set<string>();
    const acked = new Map<string, string>(); // clientId → question id
    const refused: string[] = [];
    const ask = (k: number, clientId: string, timeoutMs = 5_000) => askers[k]!.socket.timeout(timeoutMs)
      .emitWithAck('question:ask', { interviewId, body: `第 ${k} 位市民在进程更替时提的问题（${clientId}）`, clientId })
      .then((ack: { ok: boolean; id?: string; code?: string }) => {
        if (ack.ok) acked.set(clientId, ack.id!);
        else refused.push(`${clientId}: ${ack.code}`);
        return ack.ok;
      }, () => false);
    /** Each asker asks a new question every `everyMs` (while its quota lasts) until `stop()`. */
    const askedBy = askers.map(() => 0);
    const askingAll = (everyMs: number) => {
      let on = true;
      const done = Promise.all(askers.map(async (_, k) => {
        while (on && askedBy[k]! < 48) {
          const clientId = `ngx${run}-a${k}-q${++askedBy[k]!}`;
          asked.add(clientId);
          const started = Date.now();
          await ask(k, clientId);
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (Date.now() - started))));
        }
      }));
      return async () => { on = false; await done; };
    };

    // ---- Answers published by the guest through nginx; a failed request is sent again (409: it had committed).
    let answered = 0;
    const publishErrors: string[] = [];
    const publishOne = async (): Promise<boolean> => {
      const qid = toAnswer[answered];
      if (!qid) return false;
      for (let attempt = 1; ; attempt++) {
        const r = await api('POST', `/api/v1/questions/${qid}/answer`, 'leader@example.com', { body: `第 ${answered + 1} 个答复：答复在进程之间不丢也不重。` })
          .catch((error: Error) => ({ status: 0, text: error.message }));
        if (r.status === 201 || (r.status === 409 && attempt > 1)) break;
        publishErrors.push(`${r.status} ${r.text.slice(0, 80)}`);
        if (attempt >= 20) throw new Error(`answer ${answered + 1} not published: ${publishErrors.slice(-3).join(' | ')}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      answered++;
      return true;
    };
    /** Publishes one answer every `everyMs` until `stop()` (resolves once the last one is in). */
    const publishing = (everyMs: number) => {
      let on = true;
      const done = (async () => {
        while (on && (await publishOne())) await new Promise((resolve) => setTimeout(resolve, everyMs));
      })();
      return async () => { on = false; await done; };
    };
    const allCaughtUp = async (timeoutMs: number) => {
      seq = await lastSeq();
      return until(() => viewers.every((t) => t.viewer.seq === seq), timeoutMs);
    };

    // Both up: five answers.
    for (let i = 0; i < 5; i++) await publishOne();
    expect(await allCaughtUp(10_000)).toBe(true);

    /** Stops (kill -9 or SIGTERM) process i with answers being published; its viewers must be back within 5 s. */
    const lose = async (i: 0 | 1, how: 'kill' | 'stop') => {
      const stopPublishing = publishing(150);
      const stopAsking = askingAll(400);
      const first = answered;
      expect(await until(() => answered >= first + 2, 10_000)).toBe(true); // answers are flowing
      const before = new Map(viewers.map((t) => [t, t.disconnects.length]));
      const at = Date.now();
      let exitCode: number | null = null;
      if (how === 'kill') await servers[i]!.kill();
      else exitCode = await servers[i]!.stop();
      const stoppedMs = Date.now() - at;
      // Its viewers are the ones that lost their connection; each must be connected again (to the other process).
      const moved = () => viewers.filter((t) => t.disconnects.length > before.get(t)!);
      const state = () => `${how} ${i}: ` + JSON.stringify(moved().map((t) => ({ address: t.address, connected: t.viewer.socket.connected, lost: t.disconnects.map((d) => d - at), back: t.connects.map((c) => c - at) })))
        + `\nnginx: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8').slice(-3000)}`;
      expect(await until(() => moved().length > 0 && moved().every((t) => t.viewer.socket.connected), RECONNECT_MS + stoppedMs), state()).toBe(true);
      // A few more answers on the survivor before the publishing stops.
      const after = answered;
      expect(await until(() => answered >= Math.min(after + 3, toAnswer.length), 10_000)).toBe(true);
      await Promise.all([stopPublishing(), stopAsking()]);
      expect(await allCaughtUp(15_000)).toBe(true);
      expect(viewers.every((t) => t.viewer.socket.connected)).toBe(true);
      // From each viewer's own disconnect to its connect after it.
      const reconnectMs = moved().map((t) => t.connects.find((c) => c >= t.disconnects[before.get(t)!]!)! - t.disconnects[before.get(t)!]!);
      return { moved: moved().length, reconnectMs, exitCode, stoppedMs };
    };
    const figures: string[] = [];
    const report = (label: string, r: Awaited<ReturnType<typeof lose>>) => {
      const sorted = [...r.reconnectMs].sort((a, b) => a - b);
      figures.push(`${label}: ${r.moved} viewers moved, reconnected after ${sorted[0]}–${sorted.at(-1)} ms (median ${sorted[Math.floor(sorted.length / 2)]})${r.exitCode === null ? '' : `, exit ${r.exitCode} after ${r.stoppedMs} ms`}`);
      for (const ms of r.reconnectMs) expect(ms).toBeLessThanOrEqual(RECONNECT_MS);
    };

    // ---- kill -9 of process 0 mid-interview.
    const killed = await lose(0, 'kill');
    report('kill -9', killed);
    const restartAt = Date.now();
    await start(0, false);
    const restartMs = Date.now() - restartAt;

    // ---- Rolling restart: 1 then 0, each SIGTERM → started again before the next.
    const rolled1 = await lose(1, 'stop');
    expect(rolled1.exitCode).toBe(0);
    report('rolling, process 2', rolled1);
    await start(1, false);
    const rolled0 = await lose(0, 'stop');
    expect(rolled0.exitCode).toBe(0);
    report('rolling, process 1', rolled0);
    await start(0, false);

    // ---- The questions asked during the three losses: resend the unacknowledged with their clientIds.
    expect(refused).toEqual([]);
    expect(acked.size).toBeGreaterThan(0);
    const unacked = [...asked].filter((c) => !acked.has(c));
    for (const clientId of unacked) {
      const k = Number(/-a(\d+)-/.exec(clientId)![1]);
      expect(await ask(k, clientId, 15_000), clientId).toBe(true);
    }
    const stored = await sql<Array<{ client_id: string; public_id: string; ip: string | null }>>`
      select q.client_id, q.public_id,
        (select a.ip from audit_log a where a.action = 'question.ask' and a.entity_id = q.public_id limit 1) as ip
      from questions q where q.client_id like ${`ngx${run}-%`}`;
    const byClient = new Map<string, string[]>();
    for (const q of stored) byClient.set(q.client_id, [...(byClient.get(q.client_id) ?? []), q.public_id]);
    expect(byClient.size).toBe(asked.size);
    for (const [clientId, ids] of byClient) expect(ids, clientId).toEqual([acked.get(clientId)]);
    // The address the app saw is the one nginx saw, never the client's forged X-Forwarded-For.
    const askerAddresses = askers.map((_, i) => loopback(100 + i));
    for (const q of stored) expect(askerAddresses).toContain(q.ip);
    const forgedRows = await sql<Array<{ n: number }>>`select count(*)::int as n from audit_log where ip = ${FORGED}`;
    expect(forgedRows[0]!.n).toBe(0);

    // ---- Every viewer has the whole event log, in order, each event once — every answer among it.
    expect(await allCaughtUp(15_000)).toBe(true);
    const log = (await sql<Array<{ seq: number; type: string }>>`
      select e.seq, e.type from interview_events e join interviews i on i.id = e.interview_id where i.public_id = ${interviewId} order by e.seq`).map((e) => [e.seq, e.type]);
    const answers = log.filter(([, type]) => type === 'answer.published').length;
    expect(answers).toBe(answered);
    for (const t of viewers) expect(t.viewer.applied.map((e) => [e.seq, e.type])).toEqual(log);
    console.info(`[faults] nginx + 2 × server.ts: boot ${bootMs} ms; viewers per process at the start ${spread.join('/')}; ${figures.join('; ')}; `
      + `restart after kill ${restartMs} ms; ${answered} answers published (${publishErrors.length} publish attempts failed and were resent), each delivered once to all ${VIEWERS} viewers; `
      + `${asked.size} questions asked, ${acked.size - unacked.length} acknowledged at once, ${unacked.length} resent, ${stored.length} stored (0 duplicates); total ${Date.now() - t0} ms`);
  }, 420_000);
});
