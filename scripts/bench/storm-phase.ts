/**
 * The reconnect storm of `npm run bench:live` (issue 18 item 7), also run by scripts/bench/sockets.ts: every
 * connected viewer's connection is dropped at once, as when the process they were on is restarted by a deploy, and
 * all of them reconnect at once and re-join with the seq they hold (the page's `interview:join {sinceSeq}`). While
 * they do, answers are published — the first right after the drop, when nearly every viewer is away and must get it
 * from its catch-up — and `/api/health` is requested every 100 ms.
 *
 * Goals: every viewer re-joined and holds every answer (those before the storm and those during it) within 30 s of
 * the drop, none missing; `/api/health` p99 < 500 ms during the storm. The bare Socket.IO server's viewers go
 * through the same drop (no answers, no catch-up: re-joins only), for the ratio of server CPU per re-join.
 */
import { nowMs, round, sleep, summarise, type LoadCommand, type LoadReply, type StormResult, type StormStats, type Summary, type Target } from './common';

export const STORM_GOALS = { caughtUpWithinMs: 30_000, healthP99Ms: 500 };

export interface StormPhaseOptions {
  target: Target;
  /** Sends a command to the load generator holding the target's viewers and waits for its reply of `type`. */
  request<T extends LoadReply>(command: LoadCommand, type: LoadReply['type'], timeoutMs: number): Promise<T>;
  url: string;
  interviewId: string;
  /** Publishes answer `i` of the storm; resolves with its event's seq (none for the bare server). */
  publish?: (i: number) => Promise<number>;
  /** How many answers to publish during the storm: at 0, 1, 3, 6, 10 … s after the drop. */
  answers: number;
  /** The answers the viewers already had (their seqs): each must still be held after the storm. */
  earlierKeys: number[];
  healthUrl: string;
  /** The server process's CPU time (ms) so far. */
  serverCpuMs(): number;
  timeoutMs?: number;
}

export interface StormPhaseResult {
  target: Target;
  viewers: number;
  rejoined: number;
  failedToRejoin: number;
  retries: number;
  connectErrors: Record<string, number>;
  /** Drop → last re-join acknowledgement. */
  rejoinAllMs: number;
  rejoinMs: Summary;
  caughtUp: number;
  caughtUpMs: Summary;
  missingPairs: number;
  duplicatesDuringStorm: number;
  answersDuringStorm: number;
  publishCallMs: number[];
  health: { requests: number; failures: number; ms: Summary; slowest: Array<{ atMs: number; ms: number; dbMs: number | null }> };
  serverCpuMs: number;
  serverCpuMsPerRejoin: number;
  goals: { caughtUp: { goal: string; met: boolean }; health: { goal: string; met: boolean } } | null;
}

export async function runStormPhase(o: StormPhaseOptions): Promise<StormPhaseResult> {
  const healthMs: number[] = [];
  const healthAt: number[] = [];
  const healthDbMs: Array<number | null> = [];
  let healthFailures = 0;
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const t = nowMs();
      let db = NaN;
      try {
        const response = await fetch(o.healthUrl, { signal: AbortSignal.timeout(5000) });
        await response.arrayBuffer();
        if (!response.ok) healthFailures++;
        db = Number(/db;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1] ?? NaN);
      } catch {
        healthFailures++;
      }
      healthDbMs.push(Number.isFinite(db) ? round(db) : null);
      healthMs.push(nowMs() - t);
      healthAt.push(t);
      await sleep(100);
    }
  })();

  const cpuBefore = o.serverCpuMs();
  const timeoutMs = o.timeoutMs ?? 60_000;
  const stormDone = o.request<StormResult>({ cmd: 'storm', target: o.target, url: o.url, interviewId: o.interviewId, timeoutMs }, 'storm', timeoutMs + 60_000);
  const t0 = nowMs();
  const keys: number[] = [];
  const publishCallMs: number[] = [];
  if (o.publish) {
    let at = 0;
    for (let i = 0; i < o.answers; i++) {
      at += i * 1000; // 0, 1, 3, 6, 10 … s
      const wait = t0 + at - nowMs();
      if (wait > 0) await sleep(wait);
      const t = nowMs();
      keys.push(await o.publish(i));
      publishCallMs.push(round(nowMs() - t));
    }
  }
  const storm = await stormDone;
  await sleep(1500); // the last live deliveries
  const cpu = o.serverCpuMs() - cpuBefore;
  probing = false;
  await prober;
  const stats = await o.request<StormStats>({ cmd: 'stormStats', target: o.target, keys, allKeys: [...o.earlierKeys, ...keys] }, 'stormStats', 60_000);
  const health = summarise(healthMs);
  // The slowest probes and when they were sent (ms after the drop was ordered): they tell which part of the storm
  // (the drop, the handshakes, an answer's broadcast) held the event loop.
  const slowest = healthMs.map((ms, i) => ({ atMs: round(healthAt[i]! - t0), ms: round(ms), dbMs: healthDbMs[i] ?? null })).sort((a, b) => b.ms - a.ms).slice(0, 5);
  const allCaughtUp = stats.caughtUp === storm.viewers && stats.missingPairs === 0;
  return {
    target: o.target,
    viewers: storm.viewers,
    rejoined: storm.rejoined,
    failedToRejoin: storm.failed,
    retries: storm.retries,
    connectErrors: storm.errors,
    rejoinAllMs: storm.ms,
    rejoinMs: stats.rejoinMs,
    caughtUp: stats.caughtUp,
    caughtUpMs: stats.caughtUpMs,
    missingPairs: stats.missingPairs,
    duplicatesDuringStorm: stats.duplicates,
    answersDuringStorm: keys.length,
    publishCallMs,
    health: { requests: healthMs.length, failures: healthFailures, ms: health, slowest },
    serverCpuMs: round(cpu, 0),
    serverCpuMsPerRejoin: round(cpu / Math.max(1, storm.rejoined), 3),
    goals: o.publish
      ? {
        caughtUp: {
          goal: `every viewer caught up within ${STORM_GOALS.caughtUpWithinMs / 1000} s, none missing an answer`,
          met: allCaughtUp && stats.caughtUpMs.max <= STORM_GOALS.caughtUpWithinMs,
        },
        health: { goal: `/api/health p99 < ${STORM_GOALS.healthP99Ms} ms during the storm`, met: healthFailures === 0 && health.p99 < STORM_GOALS.healthP99Ms },
      }
      : null,
  };
}

/** The storm's lines for a benchmark's printed summary. */
export function stormLines(m: StormPhaseResult, bare: StormPhaseResult | null): string[] {
  const lines = [
    `storm: ${m.viewers} viewers dropped at once; ${m.rejoined} re-joined (${m.failedToRejoin} failed, ${m.retries} retries) in ${(m.rejoinAllMs / 1000).toFixed(1)} s` +
      (bare ? ` (bare Socket.IO: ${bare.rejoined}/${bare.viewers} in ${(bare.rejoinAllMs / 1000).toFixed(1)} s)` : ''),
    `storm: caught up ${m.caughtUp}/${m.viewers}, p50 / p99 / max ${m.caughtUpMs.p50} / ${m.caughtUpMs.p99} / ${m.caughtUpMs.max} ms after the drop; ` +
      `${m.answersDuringStorm} answers during it, missing pairs ${m.missingPairs}, duplicates (dropped by the client) ${m.duplicatesDuringStorm}`,
    `storm: server CPU ${m.serverCpuMsPerRejoin} ms per re-join` + (bare ? ` (bare ${bare.serverCpuMsPerRejoin} ms: ${round(m.serverCpuMsPerRejoin / Math.max(0.001, bare.serverCpuMsPerRejoin))}×)` : '') +
      `; /api/health p50 / p99 / max ${m.health.ms.p50} / ${m.health.ms.p99} / ${m.health.ms.max} ms over ${m.health.requests} requests, ${m.health.failures} failed`,
    // The bare server's /health does nothing but answer: how long a request waits in a Socket.IO process during the
    // same storm, whatever the app does.
    ...(bare ? [`storm: bare Socket.IO's own /health during its storm p50 / p99 / max ${bare.health.ms.p50} / ${bare.health.ms.p99} / ${bare.health.ms.max} ms over ${bare.health.requests} requests`] : []),
    `storm: slowest /api/health probes (sent at ms after the drop → took ms, of which the database ping): ${m.health.slowest.map((h) => `${h.atMs} → ${h.ms} (db ${h.dbMs ?? '?'})`).join(', ')}`,
  ];
  if (m.goals) {
    lines.push(`goal ${m.goals.caughtUp.goal}: ${m.goals.caughtUp.met ? 'met' : 'NOT met'}`);
    lines.push(`goal ${m.goals.health.goal}: ${m.goals.health.met ? 'met' : 'NOT met'}`);
  }
  return lines;
}
