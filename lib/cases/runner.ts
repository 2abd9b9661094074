import { and, eq, isNull } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import { recordAudit } from '../audit';
import type { Actor, ActorUser } from '../auth/permissions';
import { chinaDate, loadCalendarRules, type CalendarRules } from '../calendar';
import { shareWorkingDayRules } from '../calendar/lock';
import { notifyUsers, pingUsers, type Notice } from '../notifications';
import { caseSupervisions, type CaseKind } from '../accountability/schema';

/**
 * THE CASE ENGINE's transition runner, shared by letters and applications (DESIGN.md §9). One transaction: the
 * working-day rules lock (shared, taken first so a calendar edit — which holds it exclusively and then updates
 * case rows — never deadlocks with an action holding a row), the row locked, the domain's transition check, the
 * permission of the part played among a token's scopes, the version the form saw, the domain's change written
 * under that version, the timeline events, the audit row, the notifications; realtime after commit.
 *
 * Each domain supplies its transition table (through `check`) and its action handler (`apply`); everything else
 * is here. The runner also keeps what the accountability loop reads from every case: each event's `dueOnBefore`
 * (the due date in force before the transition) and the resolution of open 督办 when the case leaves its open
 * states.
 */

/** The facts of a locked case row the runner itself needs. */
export interface CaseRow {
  id: number;
  trackingNo: string;
  status: string;
  version: number;
  dueOn: string | null;
}

export interface CaseEvent {
  type: string;
  data: Record<string, unknown>;
  /** Shown on the citizen's timeline (default true); internal events (a phone 回访) are false. */
  public?: boolean;
}

export interface Applied<Change> {
  /** The row's change; null for actions that only record (催办, 督办, 回访): no version bump, no conflict. */
  change: Change | null;
  events: CaseEvent[];
  auditData?: Record<string, unknown>;
  notify: Array<{ userIds: number[]; notice: Notice }>;
  /** More writes of the domain in the same transaction, after the row's change (a letter's message). */
  also?: (tx: Tx) => Promise<void>;
}

export interface ActionContext<Row, Action, Who> {
  tx: Tx;
  actor: Actor;
  row: Row;
  action: Action;
  as: Who;
  user: ActorUser;
  rules: CalendarRules;
  today: string;
  now: Date;
}

export type Check<Who> = { ok: true; as: Who } | { ok: false; status: 403 | 409; message: string };

export interface CaseDomain<Row extends CaseRow, Action extends { action: string; version?: number }, Who extends string, Change, Published> {
  kind: CaseKind;
  /** Audit action prefix ("letter" → "letter.accept") and entity type. */
  auditPrefix: string;
  entityType: string;
  notFoundMessage: string;
  /** Statuses in which the case is open (its 督办 stay open). */
  openStatuses: readonly string[];
  /** Locks (select … for update) and returns the row; may lock other rows first, in a fixed order. */
  lock(tx: Tx, trackingNo: string, action: Action): Promise<Row | undefined>;
  rolesFor(user: ActorUser, row: Row): readonly Who[];
  check(user: ActorUser, row: Row, action: Action, context: { today: string; rules: CalendarRules }): Check<Who>;
  /** An API token's scopes must name the permission of the part played; throws 403. */
  assertScope(actor: Actor, action: Action, as: Who): void;
  apply(ctx: ActionContext<Row, Action, Who>): Promise<Applied<Change>>;
  /** Writes the change under the row's version; returns the new status and version, or null when it moved on. */
  /** `as` and `user` are null for a system step (the ladder). */
  update(tx: Tx, row: Row, change: Change, ctx: { as: Who | null; user: ActorUser | null }): Promise<{ status: string; version: number } | null>;
  /** A null user is the system: no actor id, role `system`. */
  insertEvents(tx: Tx, row: Row, events: Array<Required<CaseEvent>>, ctx: { user: ActorUser | null; now: Date }): Promise<void>;
  /** What to broadcast after commit (read in the transaction), and the broadcast. */
  published?(tx: Tx, row: Row, after: { status: string; version: number }, applied: Applied<Change>): Promise<Published>;
  publish?(published: Published, trackingNo: string, after: { status: string; version: number }): void;
}

const CONFLICT = '已被他人处理，请刷新后重试';

/** A case leaving its open states: its open 督办 are resolved. */
async function resolveSupervisions(tx: Tx, kind: CaseKind, caseId: number, now: Date): Promise<void> {
  await tx.update(caseSupervisions).set({ resolvedAt: now })
    .where(and(eq(caseSupervisions.caseKind, kind), eq(caseSupervisions.caseId, caseId), isNull(caseSupervisions.resolvedAt)));
}

/** Who writes a transition: a signed-in actor playing a part, or the system (the escalation ladder). */
type By<Who> = { actor: Actor; user: ActorUser; as: Who } | { actor: 'system'; user: null; as: null };

/**
 * Everything after the domain's `apply`, the same for an actor's action and a system step: the change under the
 * row's version, the events with `dueOnBefore`, the domain's further writes, 督办 resolved on leaving the open
 * states, the audit row, the notifications; what to broadcast after commit.
 */
async function commitApplied<Row extends CaseRow, Action extends { action: string; version?: number }, Who extends string, Change, Published>(
  tx: Tx,
  domain: CaseDomain<Row, Action, Who, Change, Published>,
  row: Row,
  applied: Applied<Change>,
  auditAction: string,
  by: By<Who>,
  now: Date,
): Promise<{ after: { status: string; version: number }; pinged: string[]; published: Published | undefined }> {
  let after = { status: row.status, version: row.version };
  if (applied.change !== null) {
    const updated = await domain.update(tx, row, applied.change, { as: by.as, user: by.user });
    if (!updated) throw new AppError('conflict', CONFLICT);
    after = updated;
  }

  // Every event carries the due date in force before it (the 按期办结率 of the event log reads it).
  await domain.insertEvents(
    tx, row,
    applied.events.map((e) => ({ type: e.type, public: e.public ?? true, data: { ...e.data, dueOnBefore: row.dueOn } })),
    { user: by.user, now },
  );
  if (applied.also) await applied.also(tx);
  if (domain.openStatuses.includes(row.status) && !domain.openStatuses.includes(after.status)) {
    await resolveSupervisions(tx, domain.kind, row.id, now);
  }
  await recordAudit(tx, by.actor, {
    action: `${domain.auditPrefix}.${auditAction}`, entityType: domain.entityType, entityId: row.trackingNo,
    details: { from: row.status, to: after.status, ...applied.auditData },
  });
  const pinged: string[] = [];
  for (const n of applied.notify) pinged.push(...(await notifyUsers(tx, n.userIds, n.notice)));
  const published = domain.published ? await domain.published(tx, row, after, applied) : undefined;
  return { after, pinged, published };
}

export async function runTransition<Row extends CaseRow, Action extends { action: string; version?: number }, Who extends string, Change, Published>(
  domain: CaseDomain<Row, Action, Who, Change, Published>,
  actor: Actor,
  trackingNo: string,
  action: Action,
  now: Date,
): Promise<{ trackingNo: string; status: string; version: number }> {
  if (!actor.user) throw new AppError('unauthenticated', '请先登录');
  const user: ActorUser = actor.user;

  const outcome = await db().transaction(async (tx) => {
    await shareWorkingDayRules(tx);
    const row = await domain.lock(tx, trackingNo, action);
    if (!row) throw notFound(domain.notFoundMessage);

    const rules = await loadCalendarRules(tx);
    const today = chinaDate(now);
    const check = domain.check(user, row, action, { today, rules });
    if (!check.ok) {
      // Someone with no part in the case learns nothing about it, as in the domain's read.
      if (check.status === 403 && domain.rolesFor(user, row).length === 0) throw notFound(domain.notFoundMessage);
      throw new AppError(check.status === 403 ? 'forbidden' : 'conflict', check.message);
    }
    domain.assertScope(actor, action, check.as);
    if (action.version !== undefined && action.version !== row.version) throw new AppError('conflict', CONFLICT);

    const applied = await domain.apply({ tx, actor, row, action, as: check.as, user, rules, today, now });
    return commitApplied(tx, domain, row, applied, action.action, { actor, user, as: check.as }, now);
  });

  pingUsers(outcome.pinged);
  if (domain.publish && outcome.published !== undefined) domain.publish(outcome.published as Published, trackingNo, outcome.after);
  return { trackingNo, ...outcome.after };
}

/** A step the system takes on a case (the ladder's 未评价 closing): no user, no transition table, no token. */
export interface SystemStep<Row extends CaseRow, Change> {
  /** Its audit action after the domain's prefix ("closed_unrated" → "letter.closed_unrated"). */
  name: string;
  /** The change, events and notices for the locked row; null when the step no longer applies to it. */
  apply(ctx: { tx: Tx; row: Row; now: Date }): Promise<Applied<Change> | null>;
}

/**
 * A system step on one case inside the caller's transaction (the ladder works a batch of cases in one), through
 * the same lock, version, events, audit (as the system), notifications and broadcast as an actor's action. The
 * caller takes the working-day rules lock (`shareWorkingDayRules`) before locking any case row, as the runner
 * does, and calls the returned function after its transaction commits (notification pings and the broadcast);
 * null when the case is gone or the step no longer applies.
 */
export async function runSystemStep<Row extends CaseRow, Action extends { action: string; version?: number }, Who extends string, Change, Published>(
  tx: Tx,
  domain: CaseDomain<Row, Action, Who, Change, Published>,
  trackingNo: string,
  step: SystemStep<Row, Change>,
  now: Date,
): Promise<{ status: string; version: number; afterCommit: () => void } | null> {
  const row = await domain.lock(tx, trackingNo, { action: step.name } as Action);
  if (!row) return null;
  const applied = await step.apply({ tx, row, now });
  if (!applied) return null;
  const { after, pinged, published } = await commitApplied(tx, domain, row, applied, step.name, { actor: 'system', user: null, as: null }, now);
  return {
    ...after,
    afterCommit: () => {
      pingUsers(pinged);
      if (domain.publish && published !== undefined) domain.publish(published, trackingNo, after);
    },
  };
}
