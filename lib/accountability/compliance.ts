import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { db as defaultDb, type Db, type Tx } from '../db';
import { users } from '../accounts/schema';
import { recordAudit } from '../audit';
import { addWorkingDays, chinaDate, loadCalendarRules } from '../calendar';
import { letters } from '../letters/schema';
import { LETTER_OPEN_STATUSES } from '../letters/transitions';
import { interviews } from '../interviews/schema';
import { annualReports, catalogueItems, disclosureApplications } from '../disclosure/schema';
import { lateProactiveItems, type LateProactiveItem } from '../disclosure/manage';
import { PROACTIVE_LIMIT_WORKING_DAYS, reportUrl } from '../disclosure/annual-report';
import { notifyUsers, pingUsers } from '../notifications';
import { messageStatistics } from './schema';
import { consultations } from '../consultations/schema';
import { unpublishedFeedback } from '../consultations/operations';
import { complianceAlerts } from './radar-schema';
import { loadAccountabilitySettings } from './settings';

/**
 * The inspection radar (issue 14 item 7): the government-website inspection indicators (政府网站与政务新媒体检查指标)
 * the platform can see, each pass / at_risk / fail with the items behind it. "Alerts 30 days before a breach": an
 * indicator that will fail within ALERT_DAYS calendar days is at_risk and carries `daysLeft` (calendar days until
 * the breach); `sendComplianceAlerts` tells moderators and admins once per indicator per breach window.
 */

export const COMPLIANCE_IDS = [
  'letters_unanswered_3_months',
  'message_stats_2_months',
  'interviews_12_months',
  'proactive_20_days',
  'applications_on_time',
  'annual_report_31_january',
  'consultations_feedback',
] as const;
export type ComplianceId = (typeof COMPLIANCE_IDS)[number];
export type ComplianceStatus = 'pass' | 'at_risk' | 'fail';
export const ALERT_DAYS = 30;
/** How many items (tracking numbers, links) an indicator lists; `count` has the full number. */
export const COMPLIANCE_ITEM_LIMIT = 20;

export interface ComplianceEntry {
  label: string;
  href: string;
}

export interface ComplianceItem {
  id: ComplianceId;
  name: string;
  status: ComplianceStatus;
  detail: string;
  /** The detail as a message (complianceUi.details.<key> with its values), so a page says it in its language. */
  message: { key: string; values?: Record<string, string | number> };
  /** The values of the indicator's name (complianceUi.names.<id>), e.g. the annual report's year. */
  nameValues?: Record<string, string | number>;
  /** Calendar days until the breach (at_risk); 0 or negative never appears (that is fail). */
  daysLeft?: number;
  /** How many cases or items are behind the status. */
  count?: number;
  /** The items behind it (at most COMPLIANCE_ITEM_LIMIT), each with a link for staff. */
  items: ComplianceEntry[];
  /** Where the indicator is worked on. */
  link: string;
}

export interface ComplianceReport {
  items: ComplianceItem[];
  today: string;
}

// ----------------------------------------------------------------- date helpers (Beijing calendar dates)

function shiftDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
/** The same day n months later (or earlier), clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
const beijingMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

/**
 * The status of a deadline: `lastDay` is the last day still within the rule; after it the indicator fails. Within
 * ALERT_DAYS of it, at_risk with the days left until the breach (the day after `lastDay`).
 */
function deadlineStatus(lastDay: string, today: string): { status: ComplianceStatus; daysLeft?: number } {
  if (today > lastDay) return { status: 'fail' };
  const daysLeft = daysBetween(today, lastDay) + 1;
  return daysLeft <= ALERT_DAYS ? { status: 'at_risk', daysLeft } : { status: 'pass' };
}

const RUNNING_APPLICATIONS = ['submitted', 'registered'] as const;

// ----------------------------------------------------------------- indicators

/**
 * 留言办理：valid letters (not 不予受理, not merged) without an answer more than 3 months after submission must be 0.
 * A letter submitted on D breaches on the day after D + 3 months. Open letters waiting for the writer (补充材料)
 * count too: the inspection sees a message without a reply; close them or decline them.
 */
async function lettersUnanswered(database: Db | Tx, today: string): Promise<ComplianceItem> {
  // Breached: submitted on a day D with D + 3 months < today; at risk: D + 3 months < today + 30 days. D + 3 months
  // never decreases in D, so each is "submitted before a cutoff": today − 3 months, or the day after it when that
  // was clamped to a month's end (today 05-31: 02-28 + 3 months = 05-28 has breached too).
  const cutoff = (day: string) => {
    const back = addMonths(day, -3);
    return beijingMidnight(addMonths(back, 3) < day ? shiftDays(back, 1) : back);
  };
  const failBefore = cutoff(today);
  const riskBefore = cutoff(shiftDays(today, ALERT_DAYS));
  // Open = unanswered (a 重办 letter is open again for its new answer); no heap column, so the count is index-only.
  const open = inArray(letters.status, [...LETTER_OPEN_STATUSES]);
  const [counts] = await database.select({
    failing: sql<number>`(count(*) filter (where ${letters.submittedAt} < ${failBefore.toISOString()}::timestamptz))::int`,
    risky: sql<number>`count(*)::int`,
  }).from(letters).where(and(open, sql`${letters.submittedAt} < ${riskBefore.toISOString()}::timestamptz`));
  const failing = counts?.failing ?? 0;
  const risky = (counts?.risky ?? 0) - failing;
  const base = { id: 'letters_unanswered_3_months' as const, name: '留言超过 3 个月未回复', link: '/workspace/supervision?risk=days90' };
  if (failing === 0 && risky === 0) return { ...base, status: 'pass', detail: '没有超过 3 个月未回复的有效留言', message: { key: 'lettersNone' }, count: 0, items: [] };
  const rows = await database.select({ trackingNo: letters.trackingNo, submittedAt: letters.submittedAt })
    .from(letters).where(and(open, sql`${letters.submittedAt} < ${riskBefore.toISOString()}::timestamptz`))
    .orderBy(asc(letters.submittedAt), asc(letters.id)).limit(COMPLIANCE_ITEM_LIMIT);
  const items = rows.map((r) => ({ label: r.trackingNo, href: `/letters/${r.trackingNo}` }));
  if (failing > 0) return { ...base, status: 'fail', detail: `${failing} 封有效留言超过 3 个月未回复（检查指标要求为 0）`, message: { key: 'lettersFail', values: { count: failing } }, count: failing, items };
  const lastDay = addMonths(chinaDate(rows[0]!.submittedAt), 3);
  const { daysLeft } = deadlineStatus(lastDay, today);
  return { ...base, status: 'at_risk', detail: `${risky} 封留言将在 ${ALERT_DAYS} 天内满 3 个月未回复`, message: { key: 'lettersRisk', values: { count: risky, days: ALERT_DAYS } }, count: risky, daysLeft, items };
}

/** 留言统计：the latest monthly 留言统计 published within 2 months. */
async function messageStats(database: Db | Tx, today: string): Promise<ComplianceItem> {
  const [latest] = await database.select({ month: messageStatistics.month, publishedAt: messageStatistics.publishedAt })
    .from(messageStatistics).orderBy(desc(messageStatistics.publishedAt)).limit(1);
  const base = { id: 'message_stats_2_months' as const, name: '留言统计 2 个月内更新', link: '/stats' };
  if (!latest) return { ...base, status: 'fail', detail: '尚未发布留言统计', message: { key: 'statsNone' }, count: 0, items: [] };
  const published = chinaDate(latest.publishedAt);
  const { status, daysLeft } = deadlineStatus(addMonths(published, 2), today);
  const items = [{ label: `${latest.month} 留言统计`, href: '/stats' }];
  const detail = status === 'fail' ? `最近一期留言统计（${latest.month}）发布于 ${published}，已超过 2 个月未更新`
    : `最近一期留言统计（${latest.month}）发布于 ${published}`;
  const message = { key: status === 'fail' ? 'statsFail' : 'statsOk', values: { month: latest.month, date: published } };
  return { ...base, status, detail, message, ...(daysLeft !== undefined ? { daysLeft } : {}), items };
}

/** 在线访谈：an interview held (or its record published) within the last 12 months. */
async function interviewsActive(database: Db | Tx, today: string): Promise<ComplianceItem> {
  const activity = sql<Date>`greatest(coalesce(${interviews.endedAt}, ${interviews.startedAt}), ${interviews.publishedAt})`;
  const [latest] = await database.select({ slug: interviews.slug, title: interviews.title, at: activity })
    .from(interviews)
    .where(and(inArray(interviews.status, ['live', 'ended', 'published']), sql`${activity} is not null`))
    .orderBy(sql`${activity} desc`).limit(1);
  const base = { id: 'interviews_12_months' as const, name: '在线访谈栏目 12 个月内有更新', link: '/workspace/moderator/interviews' };
  if (!latest) return { ...base, status: 'fail', detail: '尚未举办在线访谈', message: { key: 'interviewsNone' }, count: 0, items: [] };
  const held = chinaDate(new Date(latest.at));
  const { status, daysLeft } = deadlineStatus(addMonths(held, 12), today);
  const items = [{ label: latest.title, href: `/interviews/${latest.slug}` }];
  const detail = status === 'fail' ? `最近一次访谈在 ${held}，已超过 12 个月` : `最近一次访谈在 ${held}`;
  const message = { key: status === 'fail' ? 'interviewsFail' : 'interviewsOk', values: { date: held } };
  return { ...base, status, detail, message, ...(daysLeft !== undefined ? { daysLeft } : {}), items };
}

/**
 * 主动公开：proactive items published within 20 working days of being made (lib/disclosure/manage.ts). Fails for a draft
 * past its limit, or an item published late in the last 12 months; at risk for a draft whose limit is within 30 days.
 */
async function proactiveOnTime(database: Db | Tx, today: string, now: Date, known?: LateProactiveItem[]): Promise<ComplianceItem> {
  const base = { id: 'proactive_20_days' as const, name: '主动公开信息 20 个工作日内公开', link: '/workspace/moderator/disclosure#late-items' };
  const yearAgo = addMonths(today, -12);
  const late = (known ?? await lateProactiveItems(database, LATE_PROACTIVE_LIMIT, now)).filter((i) => i.status === 'draft' || (i.publishedOn !== null && i.publishedOn >= yearAgo));
  const itemLink = (id: string) => `/workspace/moderator/disclosure/items/${id}`;
  if (late.length > 0) {
    const drafts = late.filter((i) => i.status === 'draft').length;
    return {
      ...base, status: 'fail', count: late.length,
      detail: `${late.length} 条主动公开信息超过 20 个工作日${drafts ? `（其中 ${drafts} 条仍未发布）` : ''}`,
      message: drafts ? { key: 'proactiveFailDrafts', values: { count: late.length, drafts } } : { key: 'proactiveFail', values: { count: late.length } },
      items: late.slice(0, COMPLIANCE_ITEM_LIMIT).map((i) => ({ label: `${i.indexNo} ${i.title}`, href: itemLink(i.id) })),
    };
  }
  const drafts = await database.select({ id: catalogueItems.publicId, indexNo: catalogueItems.indexNo, title: catalogueItems.title, generatedOn: catalogueItems.generatedOn })
    .from(catalogueItems).where(and(eq(catalogueItems.attribute, 'proactive'), eq(catalogueItems.status, 'draft')));
  if (drafts.length === 0) return { ...base, status: 'pass', detail: '主动公开信息均按时公开', message: { key: 'proactiveOk' }, count: 0, items: [] };
  const rules = await loadCalendarRules(database);
  const pending = drafts
    .map((d) => ({ ...d, dueOn: addWorkingDays(d.generatedOn, PROACTIVE_LIMIT_WORKING_DAYS, rules) }))
    .map((d) => ({ ...d, ...deadlineStatus(d.dueOn, today) }))
    .filter((d) => d.status === 'at_risk')
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  if (pending.length === 0) return { ...base, status: 'pass', detail: '主动公开信息均按时公开', message: { key: 'proactiveOk' }, count: 0, items: [] };
  return {
    ...base, status: 'at_risk', count: pending.length, daysLeft: pending[0]!.daysLeft,
    detail: `${pending.length} 条主动公开信息待发布，最早须在 ${pending[0]!.dueOn} 前公开`,
    message: { key: 'proactiveRisk', values: { count: pending.length, date: pending[0]!.dueOn } },
    items: pending.slice(0, COMPLIANCE_ITEM_LIMIT).map((i) => ({ label: `${i.indexNo} ${i.title}`, href: itemLink(i.id) })),
  };
}

/**
 * 依申请公开按时答复：open applications whose clock runs. Any past its due date fails; any due within the due-soon
 * window (loadAccountabilitySettings().dueSoon working days) is at risk. Paused clocks (补正, 征求意见) never count.
 */
async function applicationsOnTime(database: Db | Tx, today: string): Promise<ComplianceItem> {
  const base = { id: 'applications_on_time' as const, name: '依申请公开按时答复', link: '/workspace/moderator/applications' };
  const [rules, settings] = await Promise.all([loadCalendarRules(database), loadAccountabilitySettings(database)]);
  const soonEnd = addWorkingDays(today, settings.dueSoon + 1, rules);
  const a = disclosureApplications;
  const rows = await database.select({ trackingNo: a.trackingNo, dueOn: a.dueOn }).from(a)
    .where(and(inArray(a.status, [...RUNNING_APPLICATIONS]), isNotNull(a.dueOn), sql`${a.dueOn} < ${soonEnd}::date`))
    .orderBy(asc(a.dueOn), asc(a.id));
  const link = (n: string) => ({ label: n, href: `/workspace/moderator/applications/${n}` });
  const overdue = rows.filter((r) => r.dueOn! < today);
  if (overdue.length) {
    return { ...base, status: 'fail', count: overdue.length, detail: `${overdue.length} 件政府信息公开申请已超过答复期限`, message: { key: 'applicationsFail', values: { count: overdue.length } }, items: overdue.slice(0, COMPLIANCE_ITEM_LIMIT).map((r) => link(r.trackingNo)) };
  }
  if (rows.length) {
    return {
      ...base, status: 'at_risk', count: rows.length, daysLeft: daysBetween(today, rows[0]!.dueOn!) + 1,
      detail: `${rows.length} 件申请将在 ${settings.dueSoon} 个工作日内到期，最早 ${rows[0]!.dueOn}`,
      message: { key: 'applicationsRisk', values: { count: rows.length, days: settings.dueSoon, date: rows[0]!.dueOn! } },
      items: rows.slice(0, COMPLIANCE_ITEM_LIMIT).map((r) => link(r.trackingNo)),
    };
  }
  return { ...base, status: 'pass', detail: '没有逾期或即将到期的申请', message: { key: 'applicationsOk' }, count: 0, items: [] };
}

/** 年度报告：the previous year's 政府信息公开工作年度报告 published by 31 January (条例 art. 49). */
async function annualReportOnTime(database: Db | Tx, today: string): Promise<ComplianceItem> {
  const year = Number(today.slice(0, 4));
  const reportYear = year - 1;
  const lastDay = `${year}-01-31`;
  const base = { id: 'annual_report_31_january' as const, name: `${reportYear} 年度报告 1 月 31 日前发布`, nameValues: { year: reportYear }, link: `/workspace/moderator/annual-report/${reportYear}` };
  const [row] = await database.select({ status: annualReports.status, publishedAt: annualReports.publishedAt }).from(annualReports).where(eq(annualReports.year, reportYear));
  const items = [{ label: `${reportYear} 年度报告`, href: row?.status === 'published' ? reportUrl(reportYear) : `/workspace/moderator/annual-report/${reportYear}` }];
  if (row?.status === 'published' && row.publishedAt) {
    const published = chinaDate(row.publishedAt);
    if (published <= lastDay) return { ...base, status: 'pass', detail: `${reportYear} 年度报告已于 ${published} 发布`, message: { key: 'reportOk', values: { year: reportYear, date: published } }, items };
    return { ...base, status: 'fail', detail: `${reportYear} 年度报告于 ${published} 发布，晚于 ${lastDay}`, message: { key: 'reportLate', values: { year: reportYear, date: published, lastDay } }, items };
  }
  const { status, daysLeft } = deadlineStatus(lastDay, today);
  const detail = status === 'fail' ? `${reportYear} 年度报告未在 ${lastDay} 前发布` : `${reportYear} 年度报告须在 ${lastDay} 前发布`;
  const message = { key: status === 'fail' ? 'reportMissing' : 'reportDue', values: { year: reportYear, lastDay } };
  return { ...base, status, detail, message, ...(daysLeft !== undefined ? { daysLeft } : {}), items };
}

/** Days after closing within which a consultation's feedback (反馈) is due on the radar. */
export const FEEDBACK_DAYS = 30;

/**
 * 意见征集反馈：every closed consultation publishes its feedback report. The radar counts closed consultations whose
 * feedback is unpublished: at risk while within FEEDBACK_DAYS of closing, failed after (lib/consultations).
 */
async function consultationsFeedback(database: Db | Tx, today: string): Promise<ComplianceItem> {
  const base = { id: 'consultations_feedback' as const, name: '意见征集结果反馈', link: '/workspace/moderator/consultations' };
  const waiting = await unpublishedFeedback(database);
  if (waiting.length === 0) {
    const [any] = await database.select({ id: consultations.id }).from(consultations).where(sql`${consultations.status} <> 'draft'`).limit(1);
    return any
      ? { ...base, status: 'pass', detail: '已截止的意见征集均已发布反馈', message: { key: 'consultationsOk' }, count: 0, items: [] }
      : { ...base, status: 'pass', detail: '暂无意见征集', message: { key: 'consultationsNone' }, count: 0, items: [] };
  }
  const rows = waiting.map((w) => ({ ...w, dueOn: shiftDays(chinaDate(w.closedAt ?? new Date()), FEEDBACK_DAYS) }))
    .map((w) => ({ ...w, ...deadlineStatus(w.dueOn, today) }));
  const items = rows.slice(0, COMPLIANCE_ITEM_LIMIT).map((r) => ({ label: r.title, href: `/workspace/moderator/consultations/${r.publicId}` }));
  const overdue = rows.filter((r) => r.status === 'fail').length;
  if (overdue) {
    return { ...base, status: 'fail', count: rows.length, detail: `${rows.length} 项已截止的意见征集未发布反馈，其中 ${overdue} 项超过 ${FEEDBACK_DAYS} 日`, message: { key: 'consultationsFail', values: { count: rows.length, overdue, days: FEEDBACK_DAYS } }, items };
  }
  const daysLeft = Math.min(...rows.map((r) => r.daysLeft ?? FEEDBACK_DAYS));
  return { ...base, status: 'at_risk', count: rows.length, daysLeft, detail: `${rows.length} 项已截止的意见征集未发布反馈`, message: { key: 'consultationsRisk', values: { count: rows.length, days: daysLeft } }, items };
}

/** How many late proactive items the radar reads (its count says "at least" beyond). */
export const LATE_PROACTIVE_LIMIT = 1000;

/**
 * Every indicator on `now` (Beijing date), in a fixed order. `late` is `lateProactiveItems(database,
 * LATE_PROACTIVE_LIMIT, now)` when the caller has it already (the dashboards, lib/accountability/radar-cache.ts).
 */
export async function complianceReport(now: Date = new Date(), database: Db | Tx = defaultDb(), late?: LateProactiveItem[]): Promise<ComplianceReport> {
  const today = chinaDate(now);
  const items = await Promise.all([
    lettersUnanswered(database, today),
    messageStats(database, today),
    interviewsActive(database, today),
    proactiveOnTime(database, today, now, late),
    applicationsOnTime(database, today),
    annualReportOnTime(database, today),
    consultationsFeedback(database, today),
  ]);
  return { items, today };
}

export const STATUS_WORDS: Record<ComplianceStatus, string> = { pass: '达标', at_risk: '有风险', fail: '不达标' };
/** The alert's notice message (notices.complianceAlert); its name and detail are the indicator's own messages. */
const ALERT_NOTICE_KEY = 'complianceAlert';
const RANK: Record<ComplianceStatus, number> = { pass: 0, at_risk: 1, fail: 2 };

/** Active moderators and admins: who hears about the radar. */
async function radarRecipients(tx: Db | Tx): Promise<number[]> {
  const rows = await tx.select({ id: users.id }).from(users).where(and(inArray(users.role, ['moderator', 'admin']), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}

/**
 * The radar's alert job: for each indicator that got worse since the last run (pass → at_risk, pass or at_risk →
 * fail), one notification (and e-mail) to every moderator and admin, with an audit row. The indicator's row is locked
 * while deciding, so concurrent runs and processes alert once; an indicator back to pass starts a new window.
 * Returns the indicators alerted.
 */
export async function sendComplianceAlerts(now: Date = new Date(), database: Db = defaultDb()): Promise<Array<{ id: ComplianceId; status: ComplianceStatus }>> {
  const report = await complianceReport(now, database);
  const sent: Array<{ id: ComplianceId; status: ComplianceStatus }> = [];
  for (const item of report.items) {
    const pinged = await database.transaction(async (tx) => {
      await tx.insert(complianceAlerts).values({ indicator: item.id, status: 'pass', changedAt: now }).onConflictDoNothing();
      const [row] = await tx.select().from(complianceAlerts).where(eq(complianceAlerts.indicator, item.id)).for('update');
      const previous = (row?.status ?? 'pass') as ComplianceStatus;
      if (previous === item.status) return null;
      const worse = RANK[item.status] > RANK[previous];
      await tx.update(complianceAlerts).set({ status: item.status, changedAt: now, ...(worse ? { notifiedAt: now } : {}) }).where(eq(complianceAlerts.indicator, item.id));
      if (!worse) return null;
      const ids = await radarRecipients(tx);
      const days = item.daysLeft !== undefined ? `，距不达标还有 ${item.daysLeft} 天` : '';
      const result = await notifyUsers(tx, ids, {
        kind: 'compliance.alert',
        title: `检查指标预警：${item.name}（${STATUS_WORDS[item.status]}）`,
        body: `${item.name}：${item.detail}${days}。`,
        link: '/workspace/moderator#radar',
        message: {
          key: ALERT_NOTICE_KEY,
          values: { status: item.status, hasDays: item.daysLeft !== undefined ? 'yes' : 'no', days: item.daysLeft ?? 0, name: item.name, detail: item.detail },
          refs: { name: { key: `complianceUi.names.${item.id}`, values: item.nameValues }, detail: { key: `complianceUi.details.${item.message.key}`, values: item.message.values } },
        },
      });
      await recordAudit(tx, 'system', { action: 'compliance.alert', entityType: 'compliance_indicator', entityId: item.id, details: { status: item.status, previous, daysLeft: item.daysLeft ?? null, count: item.count ?? null } });
      return result;
    });
    if (pinged) {
      pingUsers(pinged);
      sent.push({ id: item.id, status: item.status });
    }
  }
  return sent;
}
