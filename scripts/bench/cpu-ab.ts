/**
 * `tsx scripts/bench/cpu-ab.ts <rounds> <batch> <pidA:portA> <pidB:portB> <path>...` — server CPU per request of two
 * running servers on the same paths (session 16, docs/BENCHMARKS.md "Session 16: server render CPU per page").
 *
 * On a shared 2-core machine a process's CPU time per request moves by up to 2× with the other load (shared caches,
 * hyper-threads, frequency), so two builds measured one after the other cannot be compared. This alternates: per
 * round and path, a batch of requests to A then B (B then A on odd rounds), each server's /proc CPU delta counted
 * for its own batch, so both see the same load. Prints ms per request of each and the ratio B/A. Start the two
 * servers first, e.g. the production build before and after a change on one database:
 *   NODE_ENV=production NEXT_DIST_DIR=.next-before DATABASE_URL=… PORT=3181 … node --import tsx server.ts &
 *   NODE_ENV=production NEXT_DIST_DIR=.next DATABASE_URL=… PORT=3182 … node --import tsx server.ts &
 *   npx tsx scripts/bench/cpu-ab.ts 6 15 <pid>:3181 <pid>:3182 / /letters /interviews
 * Non-200 answers stop it. Every path is warmed up first (10 requests per server). ACCEPT_ENCODING=gzip asks for
 * gzip as browsers do (Next then compresses each page; the page cache gzips each copy it serves). COOKIE is sent with
 * every request (a signed-in user's pages, e.g. the supervision board: a session cookie of both servers' database).
 */
import http from 'node:http';
import { cpuMs } from './common';

async function main() {
  const [rounds, batch, a, b, ...paths] = process.argv.slice(2);
  if (!rounds || !batch || !a || !b || paths.length === 0) {
    console.error('usage: tsx scripts/bench/cpu-ab.ts <rounds> <batch> <pidA:portA> <pidB:portB> <path>...');
    process.exit(2);
  }
  const servers = [a, b].map((s) => {
    const [pid, port] = s.split(':');
    return { pid: Number(pid), port: Number(port) };
  });
  const agent = new http.Agent({ keepAlive: true });
  const get = (url: string) => new Promise<number>((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (process.env.ACCEPT_ENCODING) headers['accept-encoding'] = process.env.ACCEPT_ENCODING;
    if (process.env.COOKIE) headers.cookie = process.env.COOKIE;
    http.get(url, { agent, headers }, (response) => {
      response.on('data', () => {});
      response.on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });
  const request = async (port: number, path: string) => {
    const status = await get(`http://127.0.0.1:${port}${path}`);
    if (status !== 200) throw new Error(`${status} from :${port}${path}`);
  };
  for (const s of servers) for (const p of paths) for (let i = 0; i < 10; i++) await request(s.port, p);
  const total = new Map<string, { ms: number; n: number }>();
  for (let r = 0; r < Number(rounds); r++) {
    for (const p of paths) {
      for (const s of r % 2 ? [...servers].reverse() : servers) {
        const before = cpuMs(s.pid);
        for (let i = 0; i < Number(batch); i++) await request(s.port, p);
        const key = `${s.port} ${p}`;
        const t = total.get(key) ?? { ms: 0, n: 0 };
        t.ms += cpuMs(s.pid) - before;
        t.n += Number(batch);
        total.set(key, t);
      }
    }
  }
  for (const p of paths) {
    const [x, y] = servers.map((s) => {
      const t = total.get(`${s.port} ${p}`)!;
      return t.ms / t.n;
    });
    console.log(`${p.padEnd(48)} A ${x!.toFixed(2).padStart(6)}  B ${y!.toFixed(2).padStart(6)}  B/A ${(y! / x!).toFixed(2)}`);
  }
  agent.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
