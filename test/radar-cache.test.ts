import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { complianceReport, LATE_PROACTIVE_LIMIT } from '@/lib/accountability/compliance';
import { clearDashboardRadar, dashboardRadar, RADAR_TTL_MS } from '@/lib/accountability/radar-cache';
import { lateProactiveItems } from '@/lib/disclosure/manage';

/** The dashboards' radar (lib/accountability/radar-cache.ts): one computation per TTL and Beijing day per process. */
describe('the dashboards’ radar cache', () => {
  it('equals the uncached report; shared within the TTL, computed again after it and on a new day', async () => {
    clearDashboardRadar();
    const now = new Date('2026-12-03T02:00:00Z');
    const first = dashboardRadar(now);
    // Concurrent and later requests within the TTL share the one computation.
    expect(dashboardRadar(new Date(now.getTime() + 10))).toBe(first);
    expect(dashboardRadar(new Date(now.getTime() + RADAR_TTL_MS - 1))).toBe(first);
    const { report, late } = await first;
    expect(report).toEqual(await complianceReport(now));
    expect(late).toEqual(await lateProactiveItems(db(), LATE_PROACTIVE_LIMIT, now));

    const expired = dashboardRadar(new Date(now.getTime() + RADAR_TTL_MS));
    expect(expired).not.toBe(first);
    await expired;
    // 23:59:59 Beijing, then the next Beijing day: a new report at once, within the TTL.
    const lastSecond = new Date('2026-12-03T15:59:59Z');
    const evening = dashboardRadar(lastSecond);
    await evening;
    const nextDay = dashboardRadar(new Date(lastSecond.getTime() + 1000));
    expect(nextDay).not.toBe(evening);
    expect((await nextDay).report.today).toBe('2026-12-04');
  });
});
