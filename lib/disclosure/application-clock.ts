import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { addWorkingDays, workingDaysBetween, type CalendarRules } from '../calendar';
import { dueOn, recomputeDueDates } from '../cases/tracking';
import { letterDeadlines } from '../letters/schema';
import { disclosureApplications, type ApplicationStatus } from './schema';

/**
 * The clock of an application (2019 regulation arts. 30–33), kept like a letter's: `clockStart` (a Beijing date)
 * + `remainingDays`; `dueOn` is derived from the working-day calendar (lib/cases/tracking#dueOn) and stored for
 * sorting. 补正 stops it (the applicant's answer restarts the full limit from that day); a third-party consultation
 * pauses it (the days left are kept); one extension adds up to 20 working days.
 */
export const APPLICATION_LIMIT_DAYS = 20;
/** The bureau's own reply limit (≤ the regulation's 20 working days; the seed bureau promises 15), kept in letter_deadlines. */
export const APPLICATION_REPLY_KEY = 'application_reply';

/** The reply limit in working days: the admin setting, else the regulation's 20. */
export async function loadApplicationReplyDays(tx: Db | Tx): Promise<number> {
  const [row] = await tx.select({ workingDays: letterDeadlines.workingDays }).from(letterDeadlines).where(eq(letterDeadlines.key, APPLICATION_REPLY_KEY as never));
  return row ? Math.min(row.workingDays, APPLICATION_LIMIT_DAYS) : APPLICATION_LIMIT_DAYS;
}
export const EXTENSION_MAX_DAYS = 20;
/** The office asks for 补正 within 7 working days of receipt; the applicant then has 7 working days to answer. */
export const CORRECTION_DAYS = 7;

/** Statuses whose clock runs; the others have no due date (needs_correction, consulting) or are done. */
export const APPLICATION_CLOCK_RUNNING: readonly ApplicationStatus[] = ['submitted', 'registered'];

export interface Clock {
  clockStart: string | null;
  remainingDays: number | null;
  dueOn: string | null;
}

/** A clock running from `day` with `days` working days. */
export function startClock(day: string, days: number, rules: CalendarRules): Clock {
  return { clockStart: day, remainingDays: days, dueOn: dueOn(day, days, rules) };
}

/** A new application: the reply limit (20 working days unless the bureau promises fewer) from the receipt date. */
export const receiptClock = (receivedOn: string, rules: CalendarRules, limit = APPLICATION_LIMIT_DAYS) => startClock(receivedOn, limit, rules);

/** 补正 requested: the clock stops and nothing is kept — the applicant's answer restarts it in full. */
export const stoppedClock: Clock = { clockStart: null, remainingDays: null, dueOn: null };

/** The applicant's 补正 arrives on `today`: the full limit (plus any extension) from that day (art. 30). */
export const correctionClock = (today: string, extensionDays: number, rules: CalendarRules, limit = APPLICATION_LIMIT_DAYS) =>
  startClock(today, limit + extensionDays, rules);

/** Consultation starts on `today`: the working days used since the clock started are spent, the rest kept. */
export function pausedClock(clock: Clock, today: string, rules: CalendarRules): Clock {
  const used = clock.clockStart ? workingDaysBetween(clock.clockStart, today, rules) : 0;
  return { clockStart: null, dueOn: null, remainingDays: Math.max(0, (clock.remainingDays ?? 0) - used) };
}

/** Consultation ends on `today`: the kept days run again from that day. */
export const resumedClock = (clock: Clock, today: string, rules: CalendarRules) => startClock(today, clock.remainingDays ?? 0, rules);

/** One extension of `days` working days, counted onto the running clock. */
export function extendedClock(clock: Clock, days: number, today: string, rules: CalendarRules): Clock {
  return startClock(clock.clockStart ?? today, (clock.remainingDays ?? 0) + days, rules);
}

/** The last day the office may ask for 补正: the 7th working day after receipt. */
export const correctionWindowEnd = (receivedOn: string, rules: CalendarRules) => addWorkingDays(receivedOn, CORRECTION_DAYS, rules);

/** The applicant's 补正 deadline when it is asked for on `today`. */
export const correctionDueOn = (today: string, rules: CalendarRules) => addWorkingDays(today, CORRECTION_DAYS, rules);

/**
 * After an admin edits the working-day calendar: every application whose clock runs gets its due date recomputed
 * from its start and days (a 补正 deadline already told to the applicant stays as told). Runs in the calendar edit's transaction (which
 * holds the working-day rules lock exclusively). Returns how many applications changed.
 */
export async function recomputeApplicationDueDates(tx: Db | Tx): Promise<number> {
  const open = await tx
    .select({ id: disclosureApplications.id, clockStart: disclosureApplications.clockStart, remainingDays: disclosureApplications.remainingDays, dueOn: disclosureApplications.dueOn })
    .from(disclosureApplications)
    .where(and(inArray(disclosureApplications.status, [...APPLICATION_CLOCK_RUNNING]), isNotNull(disclosureApplications.clockStart), isNotNull(disclosureApplications.remainingDays)));
  return recomputeDueDates(tx, open, (id, next) => tx.update(disclosureApplications).set({ dueOn: next }).where(eq(disclosureApplications.id, id)));
}

/**
 * After an admin changes the reply limit by `delta` working days: every open application with a clock (running, or
 * paused in a consultation) gets `delta` more or fewer remaining days (never below 0), and running clocks' due
 * dates are recomputed — as a calendar edit moves them. A 补正 in progress restarts with the new limit later.
 */
export async function shiftApplicationLimits(tx: Db | Tx, delta: number): Promise<{ adjusted: number; dueDatesChanged: number }> {
  const adjusted = await tx
    .update(disclosureApplications)
    .set({ remainingDays: sql`greatest(0, ${disclosureApplications.remainingDays} + ${delta}::integer)` })
    .where(and(inArray(disclosureApplications.status, [...APPLICATION_CLOCK_RUNNING, 'consulting']), isNotNull(disclosureApplications.remainingDays)))
    .returning({ id: disclosureApplications.id });
  return { adjusted: adjusted.length, dueDatesChanged: await recomputeApplicationDueDates(tx) };
}
