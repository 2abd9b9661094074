/**
 * `npx tsx scripts/bench/ask.ts` — the question path alone: askQuestion called in this process, no sockets, no
 * viewers, on a throwaway PostgreSQL database. It isolates what one question costs the Node process and
 * PostgreSQL, for profiling (`node --cpu-prof --import tsx scripts/bench/ask.ts`) and for comparing revisions of
 * lib/interviews/ask.ts. The end-to-end figure is `npm run bench:live` (c); see docs/BENCHMARKS.md.
 *
 * Options (environment): ASKERS (400 closed loops, one citizen each), SECONDS (10), QUOTA (50),
 * BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres), ASK_STAFF_SOCKETS (0: with n > 0 a Socket.IO
 * server is attached and n staff clients sit in the staff room, so the broadcast after commit is paid too).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { io as connect } from 'socket.io-client';
import { openDatabase, setDatabase } from '../../lib/db';
import { seedReferenceData } from '../../lib/seed/reference';
import { seedDemoData } from '../../lib/seed/demo';
import { users } from '../../lib/accounts/schema';
import { actOnInterview, createInterview } from '../../lib/interviews/operations';
import { askQuestion } from '../../lib/interviews/ask';
import { staffRoom } from '../../lib/interviews/events';
import { closeRealtime, startRealtime } from '../../lib/platform/realtime';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../throwaway-db';
import { eq } from 'drizzle-orm';

const ASKERS = Number(process.env.ASKERS ?? 400);
const SECONDS = Number(process.env.SECONDS ?? 10);
const QUOTA = Number(process.env.QUOTA ?? 50);
const STAFF_SOCKETS = Number(process.env.ASK_STAFF_SOCKETS ?? 0);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function cpuOfPids(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8') as string;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
    } catch { /* gone */ }
  }
  return total;
}

async function main() {
  const url = await createThrowawayDatabase(serverUrl, 'minsheng_bench');
  const database = openDatabase({ url });
  setDatabase(database);
  const probe = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await database.migrate();
    await seedReferenceData(database.db);
    await seedDemoData(database.db);
    const [moderator] = await database.db.select().from(users).where(eq(users.email, 'moderator@example.com'));
    const [leader] = await database.db.select().from(users).where(eq(users.email, 'leader@example.com'));
    const { findActiveUser } = await import('../../lib/accounts/users');
    const modActor = { user: (await findActiveUser(database.db, moderator!.publicId))!, ip: '127.0.0.1' };
    const { id } = await createInterview(modActor, {
      title: '提问吞吐量基准访谈', summary: '只测量提问路径：每位市民连续提问直到配额用完。', guestIds: [leader!.publicId],
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(), questionQuota: QUOTA,
    });
    await actOnInterview(modActor, id, { action: 'announce' });
    await actOnInterview(modActor, id, { action: 'go_live' });

    const run = randomBytes(3).toString('hex');
    const rows = await database.db.insert(users).values(Array.from({ length: ASKERS }, (_, i) => ({
      publicId: `bench-${run}-${i}`, name: `市民${i}`, email: `ask-${run}-${i}@example.org`, passwordHash: 'x', role: 'citizen' as const,
    }))).returning();
    const actors = await Promise.all(rows.map(async (r) => ({ user: (await findActiveUser(database.db, r.publicId))!, ip: '127.0.0.1' })));

    let staffHeard = 0;
    const staffClients: Array<ReturnType<typeof connect>> = [];
    let http: ReturnType<typeof createServer> | undefined;
    if (STAFF_SOCKETS > 0) {
      http = createServer();
      const io = await startRealtime(http, { trustProxy: false });
      await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
      const port = (http.address() as AddressInfo).port;
      io.on('connection', (s) => void s.join(staffRoom(id, 'moderator')));
      for (let i = 0; i < STAFF_SOCKETS; i++) {
        const c = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true });
        c.on('interview:staff', (m: { payload?: { questions?: unknown[] } }) => { staffHeard += m.payload?.questions?.length ?? 1; });
        await new Promise<void>((resolve) => c.once('connect', () => resolve()));
        staffClients.push(c);
      }
      await new Promise((r) => setTimeout(r, 200));
    }

    const backendPids = (await probe<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map((r) => r.pid);
    // Warm up: one question per asker (connections, prepared statements, JIT).
    await Promise.all(actors.slice(0, 50).map((a, i) => askQuestion(a, id, { body: `预热问题第 ${i} 号，请忽略。`, clientId: `warm-${run}-${i}` })));
    const pids = [...new Set([...backendPids, ...(await probe<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map((r) => r.pid)])];

    let ok = 0;
    let refused = 0;
    const ackMs: number[] = [];
    const cpu0 = process.cpuUsage();
    const pg0 = cpuOfPids(pids);
    const t0 = performance.now();
    const deadline = t0 + SECONDS * 1000;
    await Promise.all(actors.map(async (actor, a) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const start = performance.now();
        try {
          await askQuestion(actor, id, { body: `市民 ${a} 的第 ${n} 个问题：图书馆周末开放到几点？`, clientId: `c-${run}-${a}-${n}` });
          ok++;
          ackMs.push(performance.now() - start);
        } catch {
          refused++;
          return;
        }
      }
    }));
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const pgCpu = cpuOfPids(pids) - pg0;
    const [count] = await probe<{ n: number }[]>`select count(*)::int as n from questions`;
    const [audits] = await probe<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'question.ask'`;
    ackMs.sort((x, y) => x - y);
    await new Promise((r) => setTimeout(r, 300));
    console.log(JSON.stringify({
      askers: ASKERS, seconds: SECONDS, accepted: ok, refused, perSecond: Math.round((ok / wall) * 1000),
      nodeCpuMsPerQuestion: +(((cpu.user + cpu.system) / 1000) / ok).toFixed(3),
      postgresCpuMsPerQuestion: +(pgCpu / ok).toFixed(3),
      ackP50: Math.round(ackMs[Math.floor(ackMs.length / 2)] ?? 0), ackP99: Math.round(ackMs[Math.floor(ackMs.length * 0.99)] ?? 0),
      rowsInDb: count!.n, auditRows: audits!.n, staffSockets: STAFF_SOCKETS, staffHeard,
    }, null, 1));
    for (const c of staffClients) c.disconnect();
    if (http) await closeRealtime();
  } finally {
    await probe.end({ timeout: 5 });
    await database.close();
    await dropThrowawayDatabase(url);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
