/**
 * `npx tsx scripts/bench/radar.ts` — the inspection radar (lib/accountability/compliance.ts) at a seeded scale
 * (docs/BENCHMARKS.md "Session 14"). The radar's cost is `lateProactiveItems` over the catalogue: seed:scale gives
 * ~130,000 proactive items at 200,000 letters (one per published archive entry), which this script inserts directly
 * (generate_series: published items over two years, some late, a few drafts) into a throwaway PostgreSQL database
 * with the reference data, so it needs no seed:scale database.
 *
 * Measures, ROUNDS times each (median, max): `lateProactiveItems(1000)`; `complianceReport()`; what the moderator's
 * dashboard did before (the notice's `lateProactiveItems(51)` and the radar's `complianceReport()`); what it does now
 * (`dashboardRadar()` cold — TTL expired — and warm); and CONCURRENCY dashboards at once, before and after.
 *
 * Options (environment): BENCH_SERVER_URL (postgres://postgres@127.0.0.1:5432/postgres), ITEMS (130000), ROUNDS (5),
 * CONCURRENCY (8), KEEP=1 keeps the database.
 */
import { performance } from 'node:perf_hooks';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../throwaway-db';

const SERVER = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ITEMS = Number(process.env.ITEMS ?? 130_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

async function timed(rounds: number, run: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)]!, max: ms[ms.length - 1]! };
}

async function main(): Promise<void> {
  const url = await createThrowawayDatabase(SERVER, 'minsheng_radar');
  const { openDatabase, setDatabase, db } = await import('../../lib/db');
  const database = openDatabase({ url });
  setDatabase(database);
  try {
    await database.migrate();
    const { seedReferenceData } = await import('../../lib/seed/reference');
    await seedReferenceData(db());
    const { sql } = await import('drizzle-orm');
    const t0 = performance.now();
    // Published items over two years (every 13th published 25 days late, past its 20 working days), 1 in 2,000 a draft.
    await db().execute(sql`
      insert into catalogue_items (public_id, index_no, category_id, title, summary, publisher, attribute, status, generated_on, published_at)
      select gen_random_uuid()::text, 'BENCH-' || g, (select min(id) from catalogue_categories), '基准测试主动公开信息 ' || g, '摘要', '示范市文化和旅游局',
             'proactive', case when g % 2000 = 0 then 'draft' else 'published' end::catalogue_item_status,
             (date '2025-01-01' + (g % 700)),
             case when g % 2000 = 0 then null else (date '2025-01-01' + (g % 700) + case when g % 13 = 0 then 25 else 2 end)::timestamptz + interval '2 hours' end
      from generate_series(1, ${ITEMS}) g`);
    await db().execute(sql`analyze catalogue_items`);
    console.log(`seeded ${ITEMS} catalogue items in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const { lateProactiveItems } = await import('../../lib/disclosure/manage');
    const { complianceReport } = await import('../../lib/accountability/compliance');
    const { dashboardRadar, clearDashboardRadar } = await import('../../lib/accountability/radar-cache');
    const before = () => Promise.all([lateProactiveItems(db(), 51), complianceReport()]);
    const after = () => dashboardRadar();
    await before(); // warm-up: plans, caches

    const rows: Array<[string, { median: number; max: number }]> = [
      ['lateProactiveItems(1000)', await timed(ROUNDS, () => lateProactiveItems(db(), 1000))],
      ['complianceReport()', await timed(ROUNDS, () => complianceReport())],
      ['dashboard before: notice + radar', await timed(ROUNDS, before)],
      ['dashboard after: dashboardRadar() cold', await timed(ROUNDS, async () => { clearDashboardRadar(); await after(); })],
      ['dashboard after: dashboardRadar() warm', await timed(ROUNDS, after)],
      [`${CONCURRENCY} dashboards at once, before`, await timed(ROUNDS, () => Promise.all(Array.from({ length: CONCURRENCY }, before)))],
      [`${CONCURRENCY} dashboards at once, after (cold)`, await timed(ROUNDS, async () => { clearDashboardRadar(); await Promise.all(Array.from({ length: CONCURRENCY }, after)); })],
    ];
    const late = await lateProactiveItems(db(), 1000);
    console.log(`late items: ${late.length}${late.length === 1000 ? '+' : ''}; rounds ${ROUNDS}`);
    console.log('| measure | median ms | max ms |\n| --- | ---: | ---: |');
    for (const [name, r] of rows) console.log(`| ${name} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} |`);
  } finally {
    await database.close();
    if (process.env.KEEP !== '1') await dropThrowawayDatabase(url);
    else console.log(`kept ${url}`);
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
