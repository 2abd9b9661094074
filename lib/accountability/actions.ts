import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { AppError } from '../errors';
import { users } from '../accounts/schema';
import { addWorkingDays, type CalendarRules } from '../calendar';
import type { Applied, CaseEvent } from '../cases/runner';
import type { Notice } from '../notifications';
import { caseCallbacks, caseSupervisions, caseUrges, type CaseKind } from './schema';
import { loadAccountabilitySettings } from './settings';
import { CALLBACK_RESULT_LABEL, type CaseAction } from './validation';

/**
 * 催办, 督办 and 回访 (issue 14 items 4–5), written once for letters and applications: each domain wires them into
 * its action union and its transition table (who, from which states), and hands the runner (lib/cases/runner.ts)
 * what they return. They record without changing the case row (no version bump: a citizen's 催办 never makes a
 * handler's open form stale).
 */

/** What a case action needs to know about the case, in the domain's words turned into the loop's. */
export interface CaseFacts {
  kind: CaseKind;
  id: number;
  trackingNo: string;
  title: string;
  /** The case is in an open state (not answered, closed, refused, withdrawn or merged). */
  open: boolean;
  /** Its clock is paused (a letter's 补充材料; an application's 补正 or 征求意见). */
  paused: boolean;
  dueOn: string | null;
  link: string;
  /** Who works it: a letter's department staff (or the moderators before routing), the disclosure office. */
  handlers: number[];
}

const NOUN: Record<CaseKind, string> = { letter: '来信', application: '政府信息公开申请' };

/** Active moderators and admins: the supervisors, who hear of every 催办. */
export async function supervisors(tx: Db | Tx): Promise<number[]> {
  const rows = await tx.select({ id: users.id }).from(users).where(and(inArray(users.role, ['moderator', 'admin']), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}

const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

export type UrgeAvailability = { allowed: true } | { allowed: false; from: string | null; message: string };

/**
 * Whether the writer or applicant may press 催办 today: the case open, its clock running, its due date passed
 * (dueOn < today), and the last 催办 at least `urgeInterval` working days ago. Otherwise why, and from which
 * Beijing date it becomes possible (null when no date can be told: a paused clock, a closed case).
 */
export async function urgeAvailability(database: Db | Tx, facts: Pick<CaseFacts, 'kind' | 'id' | 'open' | 'paused' | 'dueOn'>, today: string, rules: CalendarRules): Promise<UrgeAvailability> {
  if (!facts.open) return { allowed: false, from: null, message: '已办结的事项不能催办' };
  if (facts.paused || !facts.dueOn) return { allowed: false, from: null, message: '办理期限暂停期间（补充材料、补正或征求意见）不计时，暂不能催办' };
  if (facts.dueOn >= today) {
    const from = nextDay(facts.dueOn);
    return { allowed: false, from, message: `办理期限为 ${facts.dueOn}，逾期未答复的可于 ${from} 起催办` };
  }
  const [last] = await database.select({ urgedOn: caseUrges.urgedOn }).from(caseUrges)
    .where(and(eq(caseUrges.caseKind, facts.kind), eq(caseUrges.caseId, facts.id)))
    .orderBy(desc(caseUrges.urgedOn)).limit(1);
  if (last) {
    const { urgeInterval } = await loadAccountabilitySettings(database);
    const from = addWorkingDays(last.urgedOn, urgeInterval, rules);
    if (today < from) return { allowed: false, from, message: `您已于 ${last.urgedOn} 催办，每 ${urgeInterval} 个工作日可催办一次，${from} 起可再次催办` };
  }
  return { allowed: true };
}

/** A Beijing date `years` later (29 February → 28 February). */
function yearAhead(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + 1, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** Applies 催办, 督办 or 回访 on a case; the runner writes the events, the audit row and the notifications. */
export async function applyCaseAction(tx: Tx, ctx: {
  facts: CaseFacts;
  action: CaseAction;
  userId: number;
  today: string;
  now: Date;
  rules: CalendarRules;
}): Promise<Applied<never>> {
  const { facts, action, userId, today, now, rules } = ctx;
  const noun = NOUN[facts.kind];
  const events: CaseEvent[] = [];
  switch (action.action) {
    case 'urge': {
      const availability = await urgeAvailability(tx, facts, today, rules);
      if (!availability.allowed) throw new AppError('conflict', availability.message);
      await tx.insert(caseUrges).values({ caseKind: facts.kind, caseId: facts.id, userId, urgedOn: today, at: now });
      events.push({ type: 'urged', data: { urgedOn: today, dueOn: facts.dueOn } });
      const notice: Notice = { kind: 'case.urged', title: `${noun} ${facts.trackingNo} 已超过办理期限，${facts.kind === 'letter' ? '来信人' : '申请人'}催办`, body: `${facts.title}\n办理期限：${facts.dueOn}`, link: facts.link, message: { key: 'caseUrged', values: { kind: facts.kind, trackingNo: facts.trackingNo, title: facts.title, dueOn: facts.dueOn ?? '' }, user: ['title'] } };
      const others = (await supervisors(tx)).filter((id) => !facts.handlers.includes(id));
      return { change: null, events, auditData: { dueOn: facts.dueOn }, notify: [{ userIds: facts.handlers, notice }, { userIds: others, notice }] };
    }
    case 'supervise': {
      if (!facts.open) throw new AppError('conflict', '已办结的事项不能督办');
      if (action.targetDate < today) throw new AppError('invalid_input', '督办期限不能早于今天', { targetDate: '督办期限不能早于今天' });
      if (action.targetDate > yearAhead(today)) throw new AppError('invalid_input', '督办期限不能超过一年', { targetDate: '督办期限不能超过一年' });
      await tx.insert(caseSupervisions).values({ caseKind: facts.kind, caseId: facts.id, note: action.note, targetDate: action.targetDate, createdBy: userId, createdAt: now });
      events.push({ type: 'supervised', data: { note: action.note, targetDate: action.targetDate } });
      return {
        change: null, events, auditData: { targetDate: action.targetDate },
        notify: [{ userIds: facts.handlers, notice: { kind: 'case.supervised', title: `${noun} ${facts.trackingNo} 被督办，请于 ${action.targetDate} 前办结`, body: action.note, link: facts.link, message: { key: 'caseSupervised', values: { kind: facts.kind, trackingNo: facts.trackingNo, targetDate: action.targetDate, note: action.note }, user: ['note'] } } }],
      };
    }
    case 'callback': {
      await tx.insert(caseCallbacks).values({ caseKind: facts.kind, caseId: facts.id, result: action.result, note: action.note, createdBy: userId, at: now });
      events.push({ type: 'callback', public: false, data: { result: action.result, resultLabel: CALLBACK_RESULT_LABEL[action.result], note: action.note } });
      return { change: null, events, auditData: { result: action.result }, notify: [] };
    }
  }
}

/** What a case's page offers of the loop to its viewer: 催办 (and when), 督办, 回访. */
export interface CaseActionsView {
  /** For the writer or applicant of an open case: whether 催办 is possible now, else why and from when. */
  urge: UrgeAvailability | null;
  supervise: boolean;
  callback: boolean;
}

/** `allowed`: which of the three the domain's transition table lets this viewer take in the case's state. */
export async function caseActionsView(
  database: Db | Tx,
  facts: Pick<CaseFacts, 'kind' | 'id' | 'open' | 'paused' | 'dueOn'>,
  allowed: Record<'urge' | 'supervise' | 'callback', boolean>,
  today: string,
  rules: CalendarRules,
): Promise<CaseActionsView> {
  return {
    urge: allowed.urge ? await urgeAvailability(database, facts, today, rules) : null,
    supervise: allowed.supervise,
    callback: allowed.callback,
  };
}

/** Timeline events whose data only staff read (a 督办's note is internal; citizens see that it happened). */
export const STAFF_ONLY_EVENT_DATA: ReadonlySet<string> = new Set(['supervised', 'callback']);
