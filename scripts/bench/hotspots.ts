/**
 * `npx tsx scripts/bench/hotspots.ts` — the weekly hotspots (lib/hotspots, issue 17 item 6) at the letter density of
 * the 1,000,000-letter scale database, without building it.
 *
 * The hotspot view reads the five weeks it compares (the week and the four before) through `letters_hotspot_idx`
 * and the titles of those weeks' letters; what it costs depends on the letters per week, not on the table's total.
 * `npm run seed:scale` spreads 1,000,000 letters over about three years (≈ 6,700 a week). This script creates a
 * throw-away PostgreSQL database, seeds the demo (topics, districts, accounts), inserts PER_WEEK letters a week for
 * WEEKS weeks ending now (random topic, district, one of 60 title templates, a place in a fifth of them) with a burst
 * on one topic and place this week, ANALYZEs, and times computeHotspots for this week and past weeks, RUNS times
 * each after a warm-up: p50, p95, max. Drops the database at the end.
 *
 * Options (environment): BENCH_SERVER_URL (postgres://postgres@127.0.0.1:5432/postgres), PER_WEEK (6700), WEEKS (12), RUNS (15).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../lib/db';
import { seedDemoData } from '../../lib/seed/demo';
import { clearTermCache, computeHotspots } from '../../lib/hotspots';
import { currentWeek, shiftWeek } from '../../lib/hotspots/week';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../throwaway-db';

const SERVER = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PER_WEEK = Number(process.env.PER_WEEK ?? 6700);
const WEEKS = Number(process.env.WEEKS ?? 12);
const RUNS = Number(process.env.RUNS ?? 15);
const WEEKS_TIMED = process.env.ONLY_SEED === '1' ? 0 : 3;

const SUBJECTS = ['鼓浪屿', '植物园', '胡里山炮台', '曾厝垵', '中山路', '环岛路', '市图书馆', '市博物馆', '沙坡尾', '集美学村', '园博苑', '南普陀'];
const PROBLEMS = ['门票预约难', '停车收费太贵', '厕所排队太久', '噪音扰民', '导游强制购物', '开放时间太短', '网吧接纳未成年人', '演出黄牛倒票', '民宿卫生差', '文物保护不力'];
const PLACES = ['鼓浪屿', '曾厝垵', '中山路步行街', '沙坡尾', '植物园北门'];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function main() {
  const url = await createThrowawayDatabase(SERVER, 'minsheng_bench_hotspots');
  const database = openDatabase({ url });
  try {
    await database.migrate();
    await seedDemoData(database.db);
    const db = database.db;
    const total = PER_WEEK * WEEKS;
    const subjects = `{${SUBJECTS.join(',')}}`;
    const problems = `{${PROBLEMS.join(',')}}`;
    const places = `{${PLACES.join(',')}}`;
    const t0 = performance.now();
    // Letters spread evenly over WEEKS weeks ending now; a tenth of this week's extra letters on one topic and place.
    for (let start = 0; start < total; start += 50_000) {
      const n = Math.min(50_000, total - start);
      await db.execute(sql`
        insert into letters (tracking_no, query_code, kind, writer_id, title, body, consent_to_publish, submitted_at, topic_id, district_id, place, status)
        select 'B' || lpad((${start}::int + g)::text, 11, '0'), '000000', 'complaint', (select id from users where role = 'citizen' order by id limit 1),
          (${subjects}::text[])[1 + (random() * ${SUBJECTS.length - 1})::int] || (${problems}::text[])[1 + (random() * ${PROBLEMS.length - 1})::int] || '的问题',
          '请有关部门核实处理。', true,
          now() - random() * interval '1 day' * ${WEEKS * 7},
          (select id from topics order by random() + g * 0 limit 1),
          case when random() < 0.7 then (select id from districts order by random() + g * 0 limit 1) end,
          case when random() < 0.2 then (${places}::text[])[1 + (random() * ${PLACES.length - 1})::int] end,
          'accepted'
        from generate_series(1, ${n}) g`);
    }
    const burst = Math.round(PER_WEEK / 10);
    await db.execute(sql`
      insert into letters (tracking_no, query_code, kind, writer_id, title, body, consent_to_publish, submitted_at, topic_id, district_id, place, status)
      select 'C' || lpad(g::text, 11, '0'), '000000', 'complaint', (select id from users where role = 'citizen' order by id limit 1),
        '胡里山炮台夜游项目票价虚高', '请有关部门核实处理。', true, now() - random() * interval '2 days',
        (select id from topics where name = '门票与预约'), (select id from districts where code = 'siming'), '胡里山炮台', 'submitted'
      from generate_series(1, ${burst}) g`);
    await db.execute(sql`analyze letters`);
    const [{ n: count }] = (await db.execute(sql`select count(*)::int as n from letters`)) as unknown as [{ n: number }];
    console.log(`${count.toLocaleString()} letters (${PER_WEEK.toLocaleString()} a week over ${WEEKS} weeks + ${burst} this week) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const now = currentWeek();
    for (const week of [now, shiftWeek(now, -1), shiftWeek(now, -4)].slice(0, WEEKS_TIMED)) {
      // Cold: no week's term counts in memory (the first view after a restart, or after TERM_CACHE_MS).
      clearTermCache();
      const c = performance.now();
      await computeHotspots(db, week);
      const cold = performance.now() - c;
      await computeHotspots(db, week);
      const times: number[] = [];
      const cpu = process.cpuUsage();
      let result;
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        result = await computeHotspots(db, week);
        times.push(performance.now() - s);
      }
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000 / RUNS;
      times.sort((a, b) => a - b);
      console.log(`${week}: ${result!.total.toLocaleString()} letters in the week; cold ${cold.toFixed(0)} ms; warm p50 ${pct(times, 0.5).toFixed(0)} ms, p95 ${pct(times, 0.95).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms; node CPU ${cpuMs.toFixed(0)} ms a view (load average ${os.loadavg()[0]!.toFixed(1)})`
        + ` — top topic ${result!.topics[0]?.label ?? '—'} (+${result!.topics[0]?.rise ?? 0}), place ${result!.places[0]?.label ?? '—'}, term ${result!.terms[0]?.label ?? '—'}`);
    }
  } finally {
    await database.close?.();
    if (process.env.KEEP === '1') console.log(`kept ${url}`);
    else await dropThrowawayDatabase(url);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
