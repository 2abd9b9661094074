import { sql, type SQL } from 'drizzle-orm';
import { db, rowsOf, type Tx } from '../db';
import { recordAudit } from '../audit';
import { addWorkingDays, chinaDate, isWorkingDay, loadCalendarRules, type CalendarRules } from '../calendar';
import { notifyUsers, pingUsers, type Notice } from '../notifications';
import { closeUnrated } from '../letters/operations';
import { shareWorkingDayRules } from '../calendar/lock';
import { letterEvents } from '../letters/schema';
import { disclosureApplicationEvents } from '../disclosure/schema';
import { loadAccountabilitySettings, type AccountabilitySettings } from './settings';
import { sendMonthlyBulletins } from './bulletins';
import type { CaseKind } from './schema';

/**
 * The automatic escalation ladder (issue 14 items 3 and 5), on the working-day clock, for letters and applications:
 *
 * - `due_soon_notice`: `dueSoon` working days (or fewer) before the due date, to the department's handlers (letters)
 *   or the disclosure office (applications: moderators and admins);
 * - `overdue_urge` (系统催办): once the due date has passed without an answer, to the handlers and the department's
 *   leader(s) (letters) or the disclosure office (applications);
 * - `supervision_overdue:<id>`: a 督办 whose target date has passed, to the department (or the office) and the
 *   moderator who made it;
 * - `rating_reminder`: an answer still unrated `ratingReminder` working days after it, to the writer;
 * - `closed_unrated`: an answer still unrated `autoClose` working days after it closes the letter as 未评价
 *   (status closed, rating null: never counted as satisfied).
 *
 * Only a running clock counts: a letter being worked (`accepted`; the triage clock of `submitted` letters is the
 * moderators' queue), an application `submitted` or `registered`. Paused clocks (needs_info, needs_correction,
 * consulting) have no due date and are never nagged; a lawful extension moved the due date, and only that date
 * counts. Steps fire on working days only (a notice waits for the next working day, 调休 Saturdays included).
 *
 * Each step fires exactly once per case and round (round 2 after a 重办, `letters.reopened`): the row in
 * `case_ladder_steps` is the claim, inserted with ON CONFLICT DO NOTHING in the same statement that finds the
 * cases, so several processes may run the ladder at once. Each step is an event on the case's timeline (internal
 * steps not public) and notifications; a closing goes through the case engine like an action (`closeUnrated` →
 * lib/cases/runner.ts#runSystemStep: row locked, version bumped, event, audit row as the system, notice) and is
 * published after commit.
 */

export const LADDER_STEPS = ['due_soon_notice', 'overdue_urge', 'supervision_overdue', 'rating_reminder', 'closed_unrated'] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

/** The claim key of a supervision's overdue step: one per 督办 (a case may be supervised more than once). */
export const supervisionStep = (supervisionId: number) => `supervision_overdue:${supervisionId}`;

export interface FiredStep {
  kind: CaseKind;
  caseId: number;
  trackingNo: string;
  step: string;
  round: number;
}

export interface LadderRun {
  today: string;
  workingDay: boolean;
  fired: FiredStep[];
  bulletins: number;
}

const LETTER_RUNNING = sql`l.status = 'accepted'`;
const APPLICATION_RUNNING = sql`a.status in ('submitted', 'registered')`;
const LETTER_ROUND = sql`(case when l.reopened then 2 else 1 end)::int`;

/** The first instant of a Beijing date. */
const beijingStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The instant before which an answer is at least `days` working days old on `today`: answers given on a Beijing date
 * `a` with addWorkingDays(a, days) <= today. addWorkingDays grows with `a`, so step back from today to the last such
 * date.
 */
export function answeredBefore(today: string, days: number, rules: CalendarRules): Date {
  let day = today;
  for (let i = 0; i < 3660 && addWorkingDays(day, days, rules) > today; i++) {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    day = d.toISOString().slice(0, 10);
  }
  return beijingStart(nextDay(day));
}

interface Recipients {
  handlers: Map<number, number[]>;
  leaders: Map<number, number[]>;
  office: number[];
}

async function loadRecipients(tx: Tx): Promise<Recipients> {
  const rows = rowsOf<{ id: string | number; role: string; department_id: string | number | null }>(await tx.execute(sql`
    select id, role, department_id from users where status = 'active' and role in ('handler', 'leader', 'moderator', 'admin')`));
  const r: Recipients = { handlers: new Map(), leaders: new Map(), office: [] };
  for (const row of rows) {
    const id = Number(row.id);
    if (row.role === 'moderator' || row.role === 'admin') r.office.push(id);
    else {
      const map = row.role === 'handler' ? r.handlers : r.leaders;
      const dept = Number(row.department_id);
      map.set(dept, [...(map.get(dept) ?? []), id]);
    }
  }
  return r;
}

const deptHandlers = (r: Recipients, dept: number | null) => {
  if (dept === null) return r.office;
  const handlers = r.handlers.get(dept) ?? [];
  // A department without handlers: its leaders work its letters.
  return handlers.length ? handlers : (r.leaders.get(dept) ?? []);
};
const deptStaff = (r: Recipients, dept: number | null) => (dept === null ? r.office : [...(r.handlers.get(dept) ?? []), ...(r.leaders.get(dept) ?? [])]);

interface Candidate {
  case_kind: CaseKind;
  case_id: string | number;
  step: string;
  round: number;
  tracking_no: string;
  department_id: string | number | null;
  writer_id: string | number | null;
  title: string | null;
  due_on: string | null;
  supervision_id: string | number | null;
  supervision_by: string | number | null;
  target_date: string | null;
}

/**
 * Claims the steps the candidate query finds (columns of Candidate) in one statement: the rows inserted into
 * case_ladder_steps are the ones this process fires; the others were fired before or by another process.
 */
async function claim(tx: Tx, candidates: SQL, now: Date): Promise<Candidate[]> {
  const rows = rowsOf<Candidate>(await tx.execute(sql`
    with c as (${candidates}),
    ins as (
      insert into case_ladder_steps (case_kind, case_id, step, round, fired_at)
      select case_kind, case_id, step, round, ${now.toISOString()}::timestamptz from c
      on conflict do nothing
      returning case_kind, case_id, step, round
    )
    select c.* from c join ins using (case_kind, case_id, step, round)
    order by c.case_id`));
  return rows;
}

const notClaimed = (kind: CaseKind, id: SQL, step: SQL, round: SQL) => sql`not exists (
  select 1 from case_ladder_steps f where f.case_kind = ${kind}::case_kind and f.case_id = ${id} and f.step = ${step} and f.round = ${round})`;

const EMPTY = sql`null::text as writer_id, null::bigint as supervision_id, null::bigint as supervision_by, null::text as target_date`;

function letterCandidates(step: 'due_soon_notice' | 'overdue_urge', condition: SQL): SQL {
  return sql`select 'letter'::case_kind as case_kind, l.id as case_id, ${step}::text as step, ${LETTER_ROUND} as round,
      l.tracking_no, l.department_id, l.title, l.due_on::text as due_on, ${EMPTY}
    from letters l
    where ${LETTER_RUNNING} and l.due_on is not null and ${condition}
      and ${notClaimed('letter', sql`l.id`, sql`${step}::text`, LETTER_ROUND)}`;
}

function applicationCandidates(step: 'due_soon_notice' | 'overdue_urge', condition: SQL): SQL {
  return sql`select 'application'::case_kind as case_kind, a.id as case_id, ${step}::text as step, 1::int as round,
      a.tracking_no, null::bigint as department_id, null::text as title, a.due_on::text as due_on, ${EMPTY}
    from disclosure_applications a
    where ${APPLICATION_RUNNING} and a.due_on is not null and ${condition}
      and ${notClaimed('application', sql`a.id`, sql`${step}::text`, sql`1`)}`;
}

interface Pending {
  letterEvents: Array<typeof letterEvents.$inferInsert>;
  applicationEvents: Array<typeof disclosureApplicationEvents.$inferInsert>;
  notices: Array<{ userIds: number[]; notice: Notice }>;
}

const letterLink = (no: string) => `/letters/${no}`;
const applicationStaffLink = (no: string) => `/workspace/moderator/applications/${no}`;

/** Writes the claimed notice steps' events and queues their notifications (no state change of the case). */
function noticeSteps(claimed: Candidate[], r: Recipients, now: Date, pending: Pending): void {
  for (const c of claimed) {
    const id = Number(c.case_id);
    const dept = c.department_id === null ? null : Number(c.department_id);
    const step = c.step.startsWith('supervision_overdue') ? 'supervision_overdue' : c.step;
    const data: Record<string, unknown> = { round: c.round };
    if (c.due_on) data.dueOn = c.due_on;
    if (c.supervision_id !== null) Object.assign(data, { supervisionId: Number(c.supervision_id), targetDate: c.target_date });
    if (c.case_kind === 'letter') {
      pending.letterEvents.push({ letterId: id, type: step, actorId: null, actorRole: 'system', at: now, public: false, data });
      const link = letterLink(c.tracking_no);
      if (step === 'due_soon_notice') {
        pending.notices.push({ userIds: deptHandlers(r, dept), notice: { kind: 'letter.due_soon', title: `来信 ${c.tracking_no} 将于 ${c.due_on} 到期：${c.title}`, body: `请在办理期限 ${c.due_on} 前答复。`, link, message: { key: 'letterDueSoon', values: { trackingNo: c.tracking_no, dueOn: c.due_on ?? '', title: c.title ?? '' }, user: ['title'] } } });
      } else if (step === 'overdue_urge') {
        pending.notices.push({ userIds: deptStaff(r, dept), notice: { kind: 'letter.overdue_urge', title: `系统催办：来信 ${c.tracking_no} 已超过办理期限（${c.due_on}）`, body: `来信“${c.title}”的办理期限 ${c.due_on} 已过，尚未答复，请尽快办理。`, link, message: { key: 'letterOverdueUrge', values: { trackingNo: c.tracking_no, dueOn: c.due_on ?? '', title: c.title ?? '' }, user: ['title'] } } });
      } else {
        pending.notices.push({ userIds: [...deptStaff(r, dept), Number(c.supervision_by)], notice: { kind: 'letter.supervision_overdue', title: `督办逾期：来信 ${c.tracking_no} 未在督办期限 ${c.target_date} 前办结`, body: `来信“${c.title}”的督办期限 ${c.target_date} 已过，尚未答复。`, link, message: { key: 'letterSupervisionOverdue', values: { trackingNo: c.tracking_no, targetDate: c.target_date ?? '', title: c.title ?? '' }, user: ['title'] } } });
      }
    } else {
      pending.applicationEvents.push({ applicationId: id, type: step, actorId: null, actorRole: 'system', at: now, public: false, data });
      const link = applicationStaffLink(c.tracking_no);
      if (step === 'due_soon_notice') {
        pending.notices.push({ userIds: r.office, notice: { kind: 'application.due_soon', title: `政府信息公开申请 ${c.tracking_no} 将于 ${c.due_on} 到期`, body: `请在答复期限 ${c.due_on} 前答复。`, link, message: { key: 'applicationDueSoon', values: { trackingNo: c.tracking_no, dueOn: c.due_on ?? '' } } } });
      } else if (step === 'overdue_urge') {
        pending.notices.push({ userIds: r.office, notice: { kind: 'application.overdue_urge', title: `系统催办：政府信息公开申请 ${c.tracking_no} 已超过答复期限（${c.due_on}）`, link, message: { key: 'applicationOverdueUrge', values: { trackingNo: c.tracking_no, dueOn: c.due_on ?? '' } } } });
      } else {
        pending.notices.push({ userIds: [...r.office, Number(c.supervision_by)], notice: { kind: 'application.supervision_overdue', title: `督办逾期：政府信息公开申请 ${c.tracking_no} 未在督办期限 ${c.target_date} 前答复`, link, message: { key: 'applicationSupervisionOverdue', values: { trackingNo: c.tracking_no, targetDate: c.target_date ?? '' } } } });
      }
    }
  }
}

/**
 * A 督办 ends when its case is answered after it was made, or leaves the open states without an answer (refused,
 * merged, withdrawn). Marked here too, so an answered case's supervision never counts as overdue.
 */
async function resolveSupervisions(tx: Tx, now: Date): Promise<void> {
  await tx.execute(sql`
    update case_supervisions s set resolved_at = coalesce(case when l.answered_at >= s.created_at then l.answered_at end, ${now.toISOString()}::timestamptz)
    from letters l
    where s.case_kind = 'letter' and s.case_id = l.id and s.resolved_at is null
      and ((l.answered_at is not null and l.answered_at >= s.created_at) or l.status in ('not_accepted', 'merged'))`);
  await tx.execute(sql`
    update case_supervisions s set resolved_at = coalesce(a.answered_at, ${now.toISOString()}::timestamptz)
    from disclosure_applications a
    where s.case_kind = 'application' and s.case_id = a.id and s.resolved_at is null and a.status in ('answered', 'withdrawn')`);
}

async function flush(tx: Tx, pending: Pending): Promise<string[]> {
  if (pending.letterEvents.length) await tx.insert(letterEvents).values(pending.letterEvents);
  if (pending.applicationEvents.length) await tx.insert(disclosureApplicationEvents).values(pending.applicationEvents);
  const pinged: string[] = [];
  for (const n of pending.notices) pinged.push(...(await notifyUsers(tx, n.userIds, n.notice)));
  return pinged;
}

/**
 * Cases per transaction. A backlog (an upgrade, a job paused for days, a bureau migrating its open letters) is worked
 * through in batches of this size, each its own transaction: at 1,000,000 letters one statement for ~60,000 overdue
 * letters overflowed the query builder's stack, and the job failed every five minutes without firing anything.
 */
export const LADDER_BATCH = 500;

const toFired = (c: Candidate): FiredStep => ({ kind: c.case_kind, caseId: Number(c.case_id), trackingNo: c.tracking_no, step: c.step, round: Number(c.round) });

/** The working-day steps of one run, in one transaction per group (closing; rating reminders; clock notices). */
async function runSteps(now: Date, today: string, rules: CalendarRules, settings: AccountabilitySettings, batch: number): Promise<FiredStep[]> {
  const fired: FiredStep[] = [];
  const nowIso = now.toISOString();

  // 1. Unrated answers close first: a reminder and a closing never go out together after a pause of the ladder.
  const closeBefore = answeredBefore(today, settings.autoClose, rules).toISOString();
  for (let more = true; more;) {
    const closed = await db().transaction(async (tx) => {
      // The case engine's order: the working-day rules lock before any case row (lib/cases/runner.ts).
      await shareWorkingDayRules(tx);
      const locked = rowsOf<{ id: string | number; tracking_no: string; round: number }>(await tx.execute(sql`
        select l.id, l.tracking_no, ${LETTER_ROUND} as round
        from letters l
        where l.status = 'answered' and l.rating is null and l.answered_at < ${closeBefore}::timestamptz
        order by l.id
        limit ${batch}
        for update of l skip locked`));
      if (!locked.length) return { done: [] as Array<{ id: number; tracking_no: string; round: number; afterCommit: () => void }>, full: false };
      const claimed = await claim(tx, sql`select 'letter'::case_kind as case_kind, x.id::bigint as case_id, 'closed_unrated'::text as step, x.round::int as round,
          x.tracking_no, null::bigint as department_id, null::text as title, null::text as due_on, ${EMPTY}
        from (values ${sql.join(locked.map((l) => sql`(${Number(l.id)}, ${l.round}, ${l.tracking_no})`), sql`, `)}) as x(id, round, tracking_no)`, now);
      const claimedIds = new Set(claimed.map((c) => Number(c.case_id)));
      const toClose = locked.filter((l) => claimedIds.has(Number(l.id)));
      // A full batch of which none could be claimed would come back every time: stop there.
      if (!toClose.length) return { done: [], full: false };
      // Each closing goes through the case engine (version, event, audit as the system, notice, broadcast).
      const done = [];
      for (const l of toClose) {
        const closing = await closeUnrated(tx, l.tracking_no, now, { round: Number(l.round), workingDays: settings.autoClose });
        // Rows are locked and were selected answered and unrated: anything else would be a bug — refuse the run.
        if (!closing) throw new Error('ladder: a locked letter changed while being closed');
        done.push({ id: Number(l.id), tracking_no: l.tracking_no, round: Number(l.round), afterCommit: closing.afterCommit });
      }
      return { done, full: locked.length === batch };
    });
    for (const l of closed.done) {
      l.afterCommit();
      fired.push({ kind: 'letter', caseId: l.id, trackingNo: l.tracking_no, step: 'closed_unrated', round: l.round });
    }
    more = closed.full;
  }

  // 2. Rating reminders to the writer (in-app and e-mail, the link is the writer's letter page).
  const remindBefore = answeredBefore(today, settings.ratingReminder, rules).toISOString();
  for (let more = true; more;) {
    const reminded = await db().transaction(async (tx) => {
      const claimed = await claim(tx, sql`select 'letter'::case_kind as case_kind, l.id as case_id, 'rating_reminder'::text as step, ${LETTER_ROUND} as round,
          l.tracking_no, l.department_id, l.title, null::text as due_on, l.writer_id::text as writer_id,
          null::bigint as supervision_id, null::bigint as supervision_by, null::text as target_date
        from letters l
        where l.status = 'answered' and l.rating is null and l.answered_at < ${remindBefore}::timestamptz
          and ${notClaimed('letter', sql`l.id`, sql`'rating_reminder'::text`, LETTER_ROUND)}
        order by l.id limit ${batch}`, now);
      const pending: Pending = { letterEvents: [], applicationEvents: [], notices: [] };
      for (const c of claimed) {
        pending.letterEvents.push({ letterId: Number(c.case_id), type: 'rating_reminder', actorId: null, actorRole: 'system', at: now, public: true, data: { round: c.round } });
        pending.notices.push({
          userIds: [Number(c.writer_id)],
          notice: {
            kind: 'letter.rating_reminder',
            title: `请评价来信 ${c.tracking_no} 的答复`,
            body: `您的来信“${c.title}”已答复，请评价办理结果。答复后 ${settings.autoClose} 个工作日内未评价的，来信将办结并记为“未评价”。`,
            link: letterLink(c.tracking_no),
            message: { key: 'letterRatingReminder', values: { trackingNo: c.tracking_no, title: c.title ?? '', days: settings.autoClose }, user: ['title'] },
          },
        });
      }
      const pinged = await flush(tx, pending);
      if (claimed.length) await recordAudit(tx, 'system', { action: 'ladder.rating_reminder', entityType: 'letters', entityId: claimed.length, details: { letters: claimed.map((c) => c.tracking_no) } });
      return { claimed, pinged };
    });
    pingUsers(reminded.pinged);
    fired.push(...reminded.claimed.map(toFired));
    more = reminded.claimed.length === batch;
  }

  // 3. The clock notices: due soon, overdue (系统催办), supervision overdue.
  const soonBefore = addWorkingDays(today, settings.dueSoon + 1, rules);
  for (let more = true; more;) {
    const clocked = await db().transaction(async (tx) => {
      await resolveSupervisions(tx, now);
      const r = await loadRecipients(tx);
      const dueSoon = (t: 'l' | 'a') => sql`${sql.raw(t)}.due_on >= ${today}::date and ${sql.raw(t)}.due_on < ${soonBefore}::date`;
      const overdue = (t: 'l' | 'a') => sql`${sql.raw(t)}.due_on < ${today}::date`;
      // One statement for the six kinds of notice: letters and applications, due soon, overdue, supervision overdue.
      const claimed = await claim(tx, sql`select * from (${sql.join([
        letterCandidates('due_soon_notice', dueSoon('l')),
        applicationCandidates('due_soon_notice', dueSoon('a')),
        letterCandidates('overdue_urge', overdue('l')),
        applicationCandidates('overdue_urge', overdue('a')),
        sql`select 'letter'::case_kind as case_kind, l.id as case_id, 'supervision_overdue:' || s.id as step, ${LETTER_ROUND} as round,
            l.tracking_no, l.department_id, l.title, null::text as due_on, null::text as writer_id, s.id as supervision_id, s.created_by as supervision_by, s.target_date::text as target_date
          from case_supervisions s join letters l on s.case_kind = 'letter' and l.id = s.case_id
          where s.resolved_at is null and s.target_date < ${today}::date and ${LETTER_RUNNING}
            and ${notClaimed('letter', sql`l.id`, sql`'supervision_overdue:' || s.id`, LETTER_ROUND)}`,
        sql`select 'application'::case_kind as case_kind, a.id as case_id, 'supervision_overdue:' || s.id as step, 1::int as round,
            a.tracking_no, null::bigint as department_id, null::text as title, null::text as due_on, null::text as writer_id, s.id as supervision_id, s.created_by as supervision_by, s.target_date::text as target_date
          from case_supervisions s join disclosure_applications a on s.case_kind = 'application' and a.id = s.case_id
          where s.resolved_at is null and s.target_date < ${today}::date and ${APPLICATION_RUNNING}
            and ${notClaimed('application', sql`a.id`, sql`'supervision_overdue:' || s.id`, sql`1`)}`,
      ].map((part) => sql`(${part})`), sql` union all `)}) u order by case_kind, case_id, step limit ${batch}`, now);
      const pending: Pending = { letterEvents: [], applicationEvents: [], notices: [] };
      noticeSteps(claimed, r, now, pending);
      const pinged = await flush(tx, pending);
      if (claimed.length) {
        const byStep: Record<string, string[]> = {};
        for (const c of claimed) (byStep[c.step.split(':')[0]!] ??= []).push(c.tracking_no);
        await recordAudit(tx, 'system', { action: 'ladder.notices', entityType: 'cases', entityId: claimed.length, details: { today, ...byStep } });
      }
      return { claimed, pinged };
    });
    pingUsers(clocked.pinged);
    fired.push(...clocked.claimed.map(toFired));
    more = clocked.claimed.length === batch;
  }
  return fired;
}

/**
 * One pass of the ladder at `now` (the jobs runner calls it every few minutes; tests pass a fake clock). Safe to
 * run in several processes at once and as often as wanted: each step fires once. On a day that is not a working
 * day only the monthly 通报 may go out.
 */
export async function runLadder(now: Date = new Date(), options: { batch?: number } = {}): Promise<LadderRun> {
  const today = chinaDate(now);
  const [rules, settings] = await Promise.all([loadCalendarRules(db()), loadAccountabilitySettings(db())]);
  const bulletins = await sendMonthlyBulletins(now);
  const workingDay = isWorkingDay(today, rules);
  const fired = workingDay ? await runSteps(now, today, rules, settings, options.batch ?? LADDER_BATCH) : [];
  return { today, workingDay, fired, bulletins };
}
