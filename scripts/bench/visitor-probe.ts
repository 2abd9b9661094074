/**
 * Anonymous visitors reading public pages while a phase of bench:live runs (questions, polls): each page is fetched
 * again and again, one request at a time, every INTERVAL ms, as a visitor with no cookie (the page cache's case,
 * lib/platform/page-cache.ts). Records each answer's time and whether the cache served it (`x-page-cache: hit`) or
 * the page was rendered: during a busy Q&A, the renders per request tell which writes reach which pages
 * (lib/platform/page-changes.ts).
 */
import { nowMs, round, sleep, summarise } from './common';

export interface VisitorProbeResult {
  page: string;
  path: string;
  requests: number;
  /** Served from the page cache. */
  hits: number;
  /** Answers that were not 200. */
  failures: number;
  p50Ms: number;
  p95Ms: number;
}

export function startVisitorProbe(base: string, pages: Record<string, string>, intervalMs = 100): { stop(): Promise<VisitorProbeResult[]> } {
  let running = true;
  const loops = Object.entries(pages).map(async ([page, path]) => {
    const times: number[] = [];
    let hits = 0;
    let failures = 0;
    while (running) {
      const t0 = nowMs();
      try {
        const response = await fetch(base + path, { headers: { 'accept-encoding': 'gzip', 'accept-language': 'zh-CN' } });
        await response.arrayBuffer();
        if (response.status !== 200) failures += 1;
        if (response.headers.get('x-page-cache') === 'hit') hits += 1;
      } catch {
        failures += 1;
      }
      const elapsed = nowMs() - t0;
      times.push(elapsed);
      if (elapsed < intervalMs) await sleep(intervalMs - elapsed);
    }
    const s = summarise(times);
    return { page, path, requests: times.length, hits, failures, p50Ms: round(s.p50, 1), p95Ms: round(s.p95, 1) };
  });
  return {
    async stop() {
      running = false;
      return Promise.all(loops);
    },
  };
}

/** One line per page: requests, the share served from the cache, latency. */
export function visitorProbeLines(phase: string, results: VisitorProbeResult[]): string[] {
  return results.map((r) => `${phase} visitor ${r.page.padEnd(10)} ${String(r.requests).padStart(5)} requests, ${r.requests ? Math.round((100 * r.hits) / r.requests) : 0}% from the page cache (${r.requests - r.hits} renders), p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms${r.failures ? `, ${r.failures} failed` : ''}`);
}
