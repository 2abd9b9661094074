import { databaseScoped, db } from '../db';
import { chinaDate } from '../calendar';
import { lateProactiveItems, type LateProactiveItem } from '../disclosure/manage';
import { complianceReport, LATE_PROACTIVE_LIMIT, type ComplianceReport } from './compliance';

/**
 * The inspection radar as the dashboards and `GET /api/v1/compliance` read it: computed at most once per
 * RADAR_TTL_MS per process, shared by concurrent requests (the promise is cached, not only its result), with the
 * late proactive items read once for both the radar and the moderator's late-disclosure notice.
 *
 * Why a time-to-live and not invalidation on change: the report reads seven tables (letters, 留言统计,
 * interviews, catalogue items, applications, annual reports, consultations) written by dozens of operations, and
 * with WEB_CONCURRENCY several processes serve the dashboards — a write in one process could not invalidate the
 * others' copies without a message bus. A TTL bounds the staleness the same way in every process. The indicators
 * move on a scale of days (3 and 2 months, 12 months, 20 working days, 31 January), so a report a few seconds old
 * never changes what a moderator should do; the cost is that an action may show on the radar up to RADAR_TTL_MS
 * later. A new Beijing day starts a new report at once. Tests and the alert job call `complianceReport` directly.
 *
 * At scale the report costs ~1 s (docs/BENCHMARKS.md "Session 14"): without this, every dashboard view and API
 * call paid it, twice on the moderator's dashboard.
 */
export const RADAR_TTL_MS = 5_000;

export interface DashboardRadar {
  report: ComplianceReport;
  /** The late proactive items, due date first (at most LATE_PROACTIVE_LIMIT). */
  late: LateProactiveItem[];
}

/** The current database's radar (databaseScoped: never one database's figures for another). */
const cached = databaseScoped(() => ({ entry: null as { day: string; expires: number; value: Promise<DashboardRadar> } | null }));

async function compute(now: Date): Promise<DashboardRadar> {
  const late = await lateProactiveItems(db(), LATE_PROACTIVE_LIMIT, now);
  return { report: await complianceReport(now, db(), late), late };
}

/** The radar and the late items, from this process's copy when it is younger than RADAR_TTL_MS. */
export function dashboardRadar(now: Date = new Date()): Promise<DashboardRadar> {
  const day = chinaDate(now);
  const at = now.getTime();
  const slot = cached();
  const entry = slot.entry;
  if (entry && entry.day === day && at < entry.expires) return entry.value;
  const value = compute(now);
  const mine = { day, expires: at + RADAR_TTL_MS, value };
  slot.entry = mine;
  // A failed computation is not kept: the next request tries again.
  value.catch(() => { if (slot.entry === mine) slot.entry = null; });
  return value;
}

/** Forgets this process's copy (tests). */
export function clearDashboardRadar(): void {
  cached().entry = null;
}
