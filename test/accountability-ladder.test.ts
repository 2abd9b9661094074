import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { auditLog } from '@/lib/audit/schema';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { letterEvents, letters } from '@/lib/letters/schema';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { getLetter } from '@/lib/letters/queries';
import { disclosureApplicationEvents, disclosureApplications } from '@/lib/disclosure/schema';
import { actOnApplication, submitApplication } from '@/lib/disclosure/applications';
import { caseLadderSteps, caseSupervisions, departmentBulletins } from '@/lib/accountability/schema';
import { runLadder } from '@/lib/accountability/ladder';
import { listBulletins } from '@/lib/accountability/bulletins';
import { actorFor } from './support/users';

/**
 * The escalation ladder (lib/accountability/ladder.ts) on a real database with explicit clocks. The 2026 calendar:
 * 春节 02-15..23 with make-up Saturdays 02-14 and 02-28; 中秋 09-25..27, 国庆 10-01..07, make-up Sunday 09-20 and
 * Saturday 10-10. Default limits: due-soon 3, rating reminder 3, auto-close 7 working days; 咨询 5 working days.
 */

type Signed = Actor & { user: ActorUser };
const bj = (local: string) => new Date(`${local}:00+08:00`);

let citizen: Signed;
let handler: Signed;
let leader: Signed;
let moderator: Signed;
let marketPublicId: string;

const letterInput = { kind: 'inquiry', title: '关于图书馆开放时间的咨询', body: '请问市图书馆在法定节假日期间的开放时间如何安排，是否提供预约服务？', consentToPublish: false };
const applicationInput = { applicantType: 'person', applicantName: '陈市民', contactPhone: '13912345678', description: '请公开 2025 年度本市公共文化服务专项资金的分配结果及使用情况。', form: 'electronic' };

beforeAll(async () => {
  citizen = await actorFor('citizen@example.com');
  handler = await actorFor('handler@example.com');
  leader = await actorFor('leader@example.com');
  moderator = await actorFor('moderator@example.com');
  const [market] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.id, handler.user.departmentId!));
  marketPublicId = market!.publicId;
});

/** A letter submitted and accepted into the handler's department at `acceptAt`. */
async function acceptedLetter(acceptAt: Date): Promise<{ trackingNo: string; id: number }> {
  const submitted = await submitLetter(citizen, letterInput, { now: new Date(acceptAt.getTime() - 3600_000) });
  await actOnLetter(moderator, submitted.trackingNo, { action: 'accept', departmentId: marketPublicId }, acceptAt);
  const [row] = await db().select({ id: letters.id }).from(letters).where(eq(letters.trackingNo, submitted.trackingNo));
  return { trackingNo: submitted.trackingNo, id: row!.id };
}

async function stepsOf(kind: 'letter' | 'application', id: number) {
  const rows = await db().select().from(caseLadderSteps).where(and(eq(caseLadderSteps.caseKind, kind), eq(caseLadderSteps.caseId, id)));
  return rows.map((r) => ({ step: r.step, round: r.round, day: new Date(r.firedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10) })).sort((a, b) => a.day.localeCompare(b.day) || a.step.localeCompare(b.step));
}

/** Runs the ladder once a day at 08:30 Beijing over [from, to]. */
async function runDaily(from: string, to: string): Promise<void> {
  for (let day = from; day <= to;) {
    await runLadder(bj(`${day}T08:30`));
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    day = d.toISOString().slice(0, 10);
  }
}

describe('the clock notices', () => {
  it('due soon and 系统催办 across 国庆, the urge on the 调休 Saturday', async () => {
    // 咨询 accepted Thu 09-24: due 10-09 (09-28, 29, 30, 10-08, 09). Due soon: 3 working days left on 09-29.
    // Overdue from 10-10, the make-up Saturday.
    const a = await acceptedLetter(bj('2026-09-24T10:00'));
    const [row] = await db().select({ dueOn: letters.dueOn }).from(letters).where(eq(letters.id, a.id));
    expect(row!.dueOn).toBe('2026-10-09');
    await runDaily('2026-09-24', '2026-10-13');
    expect(await stepsOf('letter', a.id)).toEqual([
      { step: 'due_soon_notice', round: 1, day: '2026-09-29' },
      { step: 'overdue_urge', round: 1, day: '2026-10-10' },
    ]);
    // Internal events on the timeline, one each; the handler was told of both, the leader (another department) of none.
    const events = await db().select().from(letterEvents).where(and(eq(letterEvents.letterId, a.id), inArray(letterEvents.type, ['due_soon_notice', 'overdue_urge'])));
    expect(events.map((e) => [e.type, e.public, e.actorRole])).toEqual([['due_soon_notice', false, 'system'], ['overdue_urge', false, 'system']]);
    const told = await db().select({ userId: notifications.userId, kind: notifications.kind, link: notifications.link }).from(notifications)
      .where(inArray(notifications.kind, ['letter.due_soon', 'letter.overdue_urge']));
    const mine = told.filter((n) => n.link === `/letters/${a.trackingNo}`);
    expect(mine.filter((n) => n.userId === handler.user.id).map((n) => n.kind).sort()).toEqual(['letter.due_soon', 'letter.overdue_urge']);
    expect(mine.some((n) => n.userId === leader.user.id)).toBe(false);
    // The handler (as staff) sees them on the timeline, the writer does not.
    const staffView = await getLetter(handler, a.trackingNo, {}, bj('2026-10-13T09:00'));
    expect(staffView.events.map((e) => e.type)).toContain('overdue_urge');
    const writerView = await getLetter(citizen, a.trackingNo, {}, bj('2026-10-13T09:00'));
    expect(writerView.events.map((e) => e.type)).not.toContain('overdue_urge');
  });

  it('across 春节: due soon before it, the urge on the first working day after it', async () => {
    // Accepted Mon 02-09: due Sat 02-14 (a make-up workday). Due soon on 02-11; overdue on 02-24 after 春节.
    const a = await acceptedLetter(bj('2026-02-09T10:00'));
    const [row] = await db().select({ dueOn: letters.dueOn }).from(letters).where(eq(letters.id, a.id));
    expect(row!.dueOn).toBe('2026-02-14');
    await runDaily('2026-02-09', '2026-02-26');
    expect(await stepsOf('letter', a.id)).toEqual([
      { step: 'due_soon_notice', round: 1, day: '2026-02-11' },
      { step: 'overdue_urge', round: 1, day: '2026-02-24' },
    ]);
  });

  it('the department leader gets the 系统催办', async () => {
    // A letter of the leader's own department (办公室).
    const submitted = await submitLetter(citizen, letterInput, { now: bj('2026-03-02T09:00') });
    const [office] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.id, leader.user.departmentId!));
    await actOnLetter(moderator, submitted.trackingNo, { action: 'accept', departmentId: office!.publicId }, bj('2026-03-02T10:00'));
    await runDaily('2026-03-02', '2026-03-10');
    const told = await db().select({ kind: notifications.kind }).from(notifications)
      .where(and(eq(notifications.userId, leader.user.id), eq(notifications.link, `/letters/${submitted.trackingNo}`), eq(notifications.kind, 'letter.overdue_urge')));
    expect(told).toHaveLength(1);
  });

  it('nothing for a paused clock; an extended one counts from the extended date only', async () => {
    const paused = await acceptedLetter(bj('2026-11-02T10:00')); // due 11-09
    const extended = await acceptedLetter(bj('2026-11-02T10:05')); // due 11-09, extended by 5 → 11-16
    await actOnLetter(handler, paused.trackingNo, { action: 'request_info', message: '请补充具体的馆名' }, bj('2026-11-03T10:00'));
    await actOnLetter(handler, extended.trackingNo, { action: 'extend', workingDays: 5, reason: '需要协调多个场馆' }, bj('2026-11-03T10:00'));
    const [row] = await db().select({ dueOn: letters.dueOn }).from(letters).where(eq(letters.id, extended.id));
    expect(row!.dueOn).toBe('2026-11-16');
    await runDaily('2026-11-02', '2026-11-16');
    expect(await stepsOf('letter', paused.id)).toEqual([]);
    expect(await stepsOf('letter', extended.id)).toEqual([{ step: 'due_soon_notice', round: 1, day: '2026-11-11' }]);
    await runDaily('2026-11-17', '2026-11-25');
    expect(await stepsOf('letter', extended.id)).toEqual([
      { step: 'due_soon_notice', round: 1, day: '2026-11-11' },
      { step: 'overdue_urge', round: 1, day: '2026-11-17' },
    ]);
    expect(await stepsOf('letter', paused.id)).toEqual([]);
    // The writer answers: the clock runs again with the days left (5 − 1 used), and the ladder follows it.
    await actOnLetter(citizen, paused.trackingNo, { action: 'provide_info', message: '是市图书馆总馆' }, bj('2026-11-25T10:00'));
    const [resumed] = await db().select({ dueOn: letters.dueOn }).from(letters).where(eq(letters.id, paused.id));
    expect(resumed!.dueOn).toBe('2026-12-01');
    await runDaily('2026-11-26', '2026-12-03');
    expect(await stepsOf('letter', paused.id)).toEqual([
      { step: 'due_soon_notice', round: 1, day: '2026-11-26' },
      { step: 'overdue_urge', round: 1, day: '2026-12-02' },
    ]);
  });

  it('applications: the office is told; nothing while consulting or waiting for 补正', async () => {
    const running = await submitApplication(citizen, applicationInput, { now: bj('2026-04-01T09:00') });
    const consulting = await submitApplication(citizen, applicationInput, { now: bj('2026-04-01T09:10') });
    await actOnApplication(moderator, consulting.trackingNo, { action: 'register' }, { now: bj('2026-04-02T09:00') });
    await actOnApplication(moderator, consulting.trackingNo, { action: 'consult', note: '征求第三方企业意见' }, { now: bj('2026-04-03T09:00') });
    expect(running.dueOn).toBe('2026-04-30');
    await runDaily('2026-04-01', '2026-05-08');
    const ids = await db().select({ id: disclosureApplications.id, no: disclosureApplications.trackingNo }).from(disclosureApplications)
      .where(inArray(disclosureApplications.trackingNo, [running.trackingNo, consulting.trackingNo]));
    const id = (no: string) => ids.find((r) => r.no === no)!.id;
    // 04-30 due: 3 working days left on 04-27; overdue from 05-01 — 劳动节 05-01..05 — so on 05-06.
    expect(await stepsOf('application', id(running.trackingNo))).toEqual([
      { step: 'due_soon_notice', round: 1, day: '2026-04-27' },
      { step: 'overdue_urge', round: 1, day: '2026-05-06' },
    ]);
    expect(await stepsOf('application', id(consulting.trackingNo))).toEqual([]);
    const events = await db().select({ type: disclosureApplicationEvents.type, public: disclosureApplicationEvents.public }).from(disclosureApplicationEvents)
      .where(and(eq(disclosureApplicationEvents.applicationId, id(running.trackingNo)), eq(disclosureApplicationEvents.actorRole, 'system')));
    expect(events).toEqual([{ type: 'due_soon_notice', public: false }, { type: 'overdue_urge', public: false }]);
    const told = await db().select({ userId: notifications.userId }).from(notifications)
      .where(and(eq(notifications.kind, 'application.overdue_urge'), eq(notifications.link, `/workspace/moderator/applications/${running.trackingNo}`)));
    expect(told.map((n) => n.userId)).toContain(moderator.user.id);
  });

  it('a 督办 past its target date: the department and the moderator who made it, once', async () => {
    const a = await acceptedLetter(bj('2026-12-01T10:00')); // due 12-08
    await db().insert(caseSupervisions).values({ caseKind: 'letter', caseId: a.id, note: '请加快办理', targetDate: '2026-12-03', createdBy: moderator.user.id, createdAt: bj('2026-12-01T11:00') });
    await runDaily('2026-12-01', '2026-12-07');
    const steps = await stepsOf('letter', a.id);
    expect(steps.filter((s) => s.step.startsWith('supervision_overdue:'))).toEqual([expect.objectContaining({ day: '2026-12-04', round: 1 })]);
    const told = await db().select({ userId: notifications.userId }).from(notifications)
      .where(and(eq(notifications.kind, 'letter.supervision_overdue'), eq(notifications.link, `/letters/${a.trackingNo}`)));
    expect(told.map((n) => n.userId).sort()).toEqual([handler.user.id, moderator.user.id].sort());
    // Answered: the supervision is resolved and never fires again.
    await actOnLetter(handler, a.trackingNo, { action: 'reply', body: '图书馆节假日开放时间已在官网公布，可网上预约。' }, bj('2026-12-07T10:00'));
    await runDaily('2026-12-08', '2026-12-09');
    const [sup] = await db().select().from(caseSupervisions).where(eq(caseSupervisions.caseId, a.id));
    expect(sup!.resolvedAt).not.toBeNull();
  });

  it('two runs at once fire each step once', async () => {
    const a = await acceptedLetter(bj('2026-06-01T10:00')); // due 06-08
    const b = await acceptedLetter(bj('2026-06-01T10:10'));
    await actOnLetter(handler, b.trackingNo, { action: 'reply', body: '图书馆节假日开放时间已在官网公布，可网上预约。' }, bj('2026-06-01T15:00'));
    await Promise.all([runLadder(bj('2026-06-03T08:30')), runLadder(bj('2026-06-03T08:30')), runLadder(bj('2026-06-03T08:31'))]);
    await Promise.all([runLadder(bj('2026-06-09T08:30')), runLadder(bj('2026-06-09T08:30'))]);
    // b: answered 06-01, 7 working days on 06-10: two processes close it, once.
    await Promise.all([runLadder(bj('2026-06-10T08:30')), runLadder(bj('2026-06-10T08:30')), runLadder(bj('2026-06-10T08:30'))]);
    expect(await stepsOf('letter', a.id)).toEqual([
      { step: 'due_soon_notice', round: 1, day: '2026-06-03' },
      { step: 'overdue_urge', round: 1, day: '2026-06-09' },
    ]);
    const events = await db().select({ type: letterEvents.type }).from(letterEvents).where(and(eq(letterEvents.letterId, a.id), eq(letterEvents.actorRole, 'system')));
    expect(events.map((e) => e.type)).toEqual(['due_soon_notice', 'overdue_urge']);
    expect(await stepsOf('letter', b.id)).toEqual([
      { step: 'rating_reminder', round: 1, day: '2026-06-09' },
      { step: 'closed_unrated', round: 1, day: '2026-06-10' },
    ]);
    const closings = await db().select().from(letterEvents).where(and(eq(letterEvents.letterId, b.id), eq(letterEvents.type, 'closed_unrated')));
    expect(closings).toHaveLength(1);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.closed_unrated'), eq(auditLog.entityId, b.trackingNo)));
    expect(audits).toHaveLength(1);
    const [row] = await db().select({ status: letters.status, version: letters.version }).from(letters).where(eq(letters.id, b.id));
    // submitted 1 → accepted 2 → answered 3 → closed 4: one bump for the closing.
    expect(row).toEqual({ status: 'closed', version: 4 });
  });
});

describe('a backlog larger than a batch', () => {
  // At 1,000,000 letters the first run after an upgrade met ~60,000 overdue letters in one statement and failed
  // (the query builder's stack) every five minutes. Each step now works in bounded batches until none is left.
  it('one run works through every batch: each step once per case, the same as in one batch', async () => {
    const open: Array<{ trackingNo: string; id: number }> = [];
    for (let i = 0; i < 12; i++) open.push(await acceptedLetter(bj(`2026-11-02T09:${String(10 + i).padStart(2, '0')}`))); // due 11-09
    const answered: Array<{ trackingNo: string; id: number }> = [];
    for (let i = 0; i < 7; i++) {
      const l = await acceptedLetter(bj(`2026-11-02T10:${String(10 + i).padStart(2, '0')}`));
      await actOnLetter(handler, l.trackingNo, { action: 'reply', body: '图书馆节假日开放时间已在官网公布，可网上预约。' }, bj('2026-11-02T15:00'));
      answered.push(l);
    }
    // First run on Thu 11-12, batches of 5: 12 overdue (3 batches) and 7 past the 7-working-day limit (2 batches).
    const run = await runLadder(bj('2026-11-12T08:30'), { batch: 5 });
    const mine = (ids: number[], step: string) => run.fired.filter((f) => f.kind === 'letter' && ids.includes(f.caseId) && f.step === step);
    expect(mine(open.map((l) => l.id), 'overdue_urge').map((f) => f.caseId).sort()).toEqual(open.map((l) => l.id).sort());
    expect(mine(answered.map((l) => l.id), 'closed_unrated').map((f) => f.caseId).sort()).toEqual(answered.map((l) => l.id).sort());
    for (const l of open) expect(await stepsOf('letter', l.id)).toEqual([{ step: 'overdue_urge', round: 1, day: '2026-11-12' }]);
    for (const l of answered) expect(await stepsOf('letter', l.id)).toEqual([{ step: 'closed_unrated', round: 1, day: '2026-11-12' }]);
    const closed = await db().select({ status: letters.status }).from(letters).where(inArray(letters.id, answered.map((l) => l.id)));
    expect(closed.map((r) => r.status)).toEqual(Array(7).fill('closed'));
    // One event per step and case; a second run finds nothing left.
    const urges = await db().select({ id: letterEvents.letterId }).from(letterEvents).where(and(inArray(letterEvents.letterId, open.map((l) => l.id)), eq(letterEvents.type, 'overdue_urge')));
    expect(urges).toHaveLength(12);
    const again = await runLadder(bj('2026-11-12T09:30'), { batch: 5 });
    expect(again.fired.filter((f) => [...open, ...answered].some((l) => l.id === f.caseId && f.kind === 'letter'))).toEqual([]);
  });
});

describe('回访: reminder and closing', () => {
  it('reminds on the 调休 Saturday after 国庆 and closes as 未评价 on the 7th working day', async () => {
    const a = await acceptedLetter(bj('2026-09-28T10:00'));
    await actOnLetter(handler, a.trackingNo, { action: 'reply', body: '图书馆节假日开放时间已在官网公布，可网上预约。' }, bj('2026-09-30T15:00'));
    await runDaily('2026-09-30', '2026-10-16');
    expect((await stepsOf('letter', a.id)).filter((s) => ['rating_reminder', 'closed_unrated'].includes(s.step))).toEqual([
      { step: 'rating_reminder', round: 1, day: '2026-10-10' },
      { step: 'closed_unrated', round: 1, day: '2026-10-15' },
    ]);
    const [row] = await db().select().from(letters).where(eq(letters.id, a.id));
    expect(row).toMatchObject({ status: 'closed', rating: null });
    expect(row!.closedAt?.toISOString()).toBe(bj('2026-10-15T08:30').toISOString());
    // The writer's reminder: in-app and by e-mail, with the writer's own letter page as the link.
    const [reminder] = await db().select().from(notifications).where(and(eq(notifications.kind, 'letter.rating_reminder'), eq(notifications.link, `/letters/${a.trackingNo}`)));
    expect(reminder!.userId).toBe(citizen.user.id);
    const mails = await db().select({ subject: emailOutbox.subject, body: emailOutbox.body }).from(emailOutbox).where(eq(emailOutbox.to, 'citizen@example.com'));
    expect(mails.some((m) => m.subject.includes(`请评价来信 ${a.trackingNo}`) && m.body.includes(`/letters/${a.trackingNo}`))).toBe(true);
    await expect(getLetter(citizen, a.trackingNo, {}, bj('2026-10-16T09:00'))).resolves.toMatchObject({ status: 'closed' });
    // Public event for the writer; the audit row names the system.
    const view = await getLetter(citizen, a.trackingNo, {}, bj('2026-10-16T09:00'));
    expect(view.events.map((e) => e.type)).toEqual(expect.arrayContaining(['rating_reminder', 'closed_unrated']));
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.closed_unrated'), eq(auditLog.entityId, a.trackingNo)));
    expect(audits).toEqual([expect.objectContaining({ actorRole: 'system', actorId: null })]);
    // Closed: the writer can no longer rate.
    await expect(actOnLetter(citizen, a.trackingNo, { action: 'rate', rating: 'satisfied' }, bj('2026-10-16T09:00'))).rejects.toThrow();
  });

  it('the 未评价 closing goes through the case engine: version, event, audit row, notice', async () => {
    const a = await acceptedLetter(bj('2026-09-28T10:05'));
    await actOnLetter(handler, a.trackingNo, { action: 'reply', body: '图书馆节假日开放时间已在官网公布，可网上预约。' }, bj('2026-09-30T15:05'));
    const [before] = await db().select({ version: letters.version }).from(letters).where(eq(letters.id, a.id));
    const closeAt = bj('2026-10-15T08:31');
    const run = await runLadder(closeAt);
    expect(run.fired).toContainEqual({ kind: 'letter', caseId: a.id, trackingNo: a.trackingNo, step: 'closed_unrated', round: 1 });
    const [row] = await db().select({ status: letters.status, version: letters.version, closedAt: letters.closedAt }).from(letters).where(eq(letters.id, a.id));
    expect(row).toEqual({ status: 'closed', version: before!.version + 1, closedAt: closeAt });
    // The runner's event: by the system, public, with the due date in force before it (none: the clock stopped).
    const events = await db().select().from(letterEvents).where(and(eq(letterEvents.letterId, a.id), eq(letterEvents.type, 'closed_unrated')));
    expect(events).toEqual([expect.objectContaining({ actorId: null, actorRole: 'system', public: true, at: closeAt, data: { round: 1, workingDays: 7, dueOnBefore: null } })]);
    // The runner's audit row: the system, from answered to closed, with the step's details.
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.closed_unrated'), eq(auditLog.entityId, a.trackingNo)));
    expect(audits).toEqual([expect.objectContaining({ actorRole: 'system', actorId: null, entityType: 'letter', details: { from: 'answered', to: 'closed', round: 1, workingDays: 7 } })]);
    const notices = await db().select().from(notifications).where(and(eq(notifications.kind, 'letter.closed_unrated'), eq(notifications.link, `/letters/${a.trackingNo}`)));
    expect(notices.map((n) => n.userId)).toEqual([citizen.user.id]);
    // Once: a second run the same day closes nothing more.
    expect((await runLadder(closeAt)).fired.filter((f) => f.caseId === a.id && f.kind === 'letter')).toEqual([]);
  });

  it('across 春节; a rating before the limit stops it; a 重办 is round 2', async () => {
    const unrated = await acceptedLetter(bj('2026-02-09T10:00'));
    const rated = await acceptedLetter(bj('2026-02-09T10:01'));
    const reopened = await acceptedLetter(bj('2026-02-09T10:02'));
    for (const l of [unrated, rated, reopened]) {
      await actOnLetter(handler, l.trackingNo, { action: 'reply', body: '图书馆节假日开放时间已在官网公布，可网上预约。' }, bj('2026-02-13T15:00'));
    }
    await runDaily('2026-02-13', '2026-02-25');
    await actOnLetter(citizen, rated.trackingNo, { action: 'rate', rating: 'basically_satisfied' }, bj('2026-02-26T09:00'));
    await actOnLetter(citizen, reopened.trackingNo, { action: 'rate', rating: 'unsatisfied', comment: '没有回答预约问题' }, bj('2026-02-26T09:00'));
    // 不满意 with a reason is a 重办 at once (no separate reopening): the letter is open again, round 2.
    await runDaily('2026-02-26', '2026-03-02');
    await actOnLetter(handler, reopened.trackingNo, { action: 'reply', body: '可通过图书馆公众号预约，节假日照常开放。' }, bj('2026-03-02T15:00'));
    await runDaily('2026-03-03', '2026-03-12');
    const pick = (steps: Awaited<ReturnType<typeof stepsOf>>) => steps.filter((s) => ['rating_reminder', 'closed_unrated'].includes(s.step));
    // Answered Fri 02-13: +3 → 02-14 (Sat, make-up), 02-24, 02-25; +7 → 02-26, 02-27, 02-28 (Sat, make-up), 03-02.
    expect(pick(await stepsOf('letter', unrated.id))).toEqual([
      { step: 'rating_reminder', round: 1, day: '2026-02-25' },
      { step: 'closed_unrated', round: 1, day: '2026-03-02' },
    ]);
    expect(pick(await stepsOf('letter', rated.id))).toEqual([{ step: 'rating_reminder', round: 1, day: '2026-02-25' }]);
    // Round 2 answered Mon 03-02: reminder 03-05, closed 03-11.
    expect(pick(await stepsOf('letter', reopened.id))).toEqual([
      { step: 'rating_reminder', round: 1, day: '2026-02-25' },
      { step: 'rating_reminder', round: 2, day: '2026-03-05' },
      { step: 'closed_unrated', round: 2, day: '2026-03-11' },
    ]);
    const [r] = await db().select({ status: letters.status, rating: letters.rating }).from(letters).where(eq(letters.id, rated.id));
    expect(r).toEqual({ status: 'closed', rating: 'basically_satisfied' });
  });
});

describe('the monthly 通报', () => {
  it('one row per department for the month before, on the first run of the month; leaders see their own', async () => {
    await runLadder(bj('2027-01-01T00:10'));
    await runLadder(bj('2027-01-01T00:20'));
    const rows = await db().select().from(departmentBulletins).where(eq(departmentBulletins.month, '2026-12'));
    const active = await db().select({ id: departments.id }).from(departments).where(eq(departments.active, true));
    expect(rows).toHaveLength(active.length);
    const market = rows.find((r) => r.departmentId === handler.user.departmentId)!;
    expect(market.figures).toMatchObject({ answered: expect.any(Number), answeredOnTime: expect.any(Number), supervised: 1 });
    const forLeader = await listBulletins(leader, { month: '2026-12' });
    expect(forLeader.items).toHaveLength(1);
    const forModerator = await listBulletins(moderator, { month: '2026-12' });
    expect(forModerator.items).toHaveLength(active.length);
    await expect(listBulletins(handler, {})).rejects.toThrow();
    const told = await db().select().from(notifications).where(and(eq(notifications.kind, 'letter.bulletin'), eq(notifications.userId, leader.user.id)));
    expect(told.filter((n) => n.title.startsWith('2026-12'))).toHaveLength(1);
  });
});
