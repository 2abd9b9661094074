import { and, eq, like, or } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments, users } from '@/lib/accounts/schema';
import { findActiveUser } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { enterLetter } from '@/lib/letters/intake';
import { dueOn, loadDeadlines } from '@/lib/letters/deadlines';
import { loadCalendarRules } from '@/lib/calendar';
import { auditLog } from '@/lib/audit/schema';
import { getLetter } from '@/lib/letters/queries';
import { directDuplicateCount, PRIVATE_ANSWER_MESSAGE } from '@/lib/letters/merge';
import { letterEvents, letters } from '@/lib/letters/schema';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { seedReferenceData } from '@/lib/seed/reference';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';

/**
 * Merging duplicates (issue 12 items 2 and 5) on a real database. A merge group is a tree: a letter merged into a
 * letter that is itself merged later. The answer of the tree's root must reach every letter in it — on its page
 * and as a notification — and nobody may receive an answer they may not read: another citizen's answer only if that
 * citizen consented to publication, and then masked; with a query code, masked; strangers, nothing.
 */

type Citizen = Actor & { user: ActorUser };
const bj = (local: string) => new Date(`${local}:00+08:00`);

let moderator: Citizen;
let handler: Citizen;
let market: string;
/** Two citizens with names the masking recognises; the stranger has no part in any letter. */
let qian: Citizen;
let sun: Citizen;
let stranger: Citizen;

async function citizenNamed(name: string, phone: string, ip: string): Promise<Citizen> {
  const publicId = await insertUser({ name, email: uniqueEmail('merge') });
  const user = await findActiveUser(db(), publicId);
  await db().update(users).set({ phone }).where(eq(users.publicId, publicId));
  return { user: user!, ip };
}

beforeAll(async () => {
  await seedReferenceData(db(), bj('2026-06-01T09:00'));
  moderator = await actorFor('moderator@example.com');
  handler = await actorFor('handler@example.com');
  const [row] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  market = row!.publicId;
  qian = await citizenNamed('钱多多', '13912345678', '192.0.2.31');
  sun = await citizenNamed('孙小美', '13787654321', '192.0.2.32');
  stranger = await citizenNamed('周路人', '13600001111', '192.0.2.33');
});

let serial = 0;
async function write(writer: Citizen, consentToPublish: boolean, now = bj('2026-11-16T09:00')) {
  serial++;
  return submitLetter(writer, {
    kind: 'complaint', departmentId: market, consentToPublish,
    title: `网吧接纳未成年人问题 ${serial}`,
    body: `同一家网吧多次接纳未成年人上网，请依法查处。第 ${serial} 封。`,
  }, { now });
}

/** An answer written to its own writer: it names them and their telephone number, as real answers do. */
const answerTo = (name: string, phone: string) => `${name}您好：经查，该网吧已被依法处罚并责令整改。如有疑问，经办人会打您留下的电话 ${phone} 回访。`;
const ANSWER_CORE = '该网吧已被依法处罚并责令整改';

async function answer(trackingNo: string, body: string) {
  await actOnLetter(moderator, trackingNo, { action: 'accept', departmentId: market }, bj('2026-11-16T10:00'));
  await actOnLetter(handler, trackingNo, { action: 'reply', body }, bj('2026-11-17T10:00'));
}

const answersOf = (view: { replies: Array<{ kind: string; body: string }> }) => view.replies.filter((r) => r.kind === 'answer').map((r) => r.body);

/** The writer's `letter.answered` notifications that point at this letter. */
async function answeredNotices(writer: Citizen, trackingNo: string) {
  return db().select().from(notifications)
    .where(and(eq(notifications.userId, writer.user.id), eq(notifications.kind, 'letter.answered'), eq(notifications.link, `/letters/${trackingNo}`)));
}

let ipCounter = 0;
const freshVisitor = () => visitor(`198.18.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`);

describe('merge chains (item 2)', () => {
  it('A→B, then B→C, answer C: A and B show the answer and are told, like C', async () => {
    const a = await write(qian, true);
    const b = await write(qian, true);
    const c = await write(qian, true);
    await actOnLetter(moderator, a.trackingNo, { action: 'merge', intoTrackingNo: b.trackingNo });
    await actOnLetter(moderator, b.trackingNo, { action: 'merge', intoTrackingNo: c.trackingNo });
    await answer(c.trackingNo, '经查，该网吧已被依法处罚并责令整改。');
    for (const letter of [a, b]) {
      const view = await getLetter(qian, letter.trackingNo);
      expect(answersOf(view), letter.trackingNo).toEqual(['经查，该网吧已被依法处罚并责令整改。']);
      expect(await answeredNotices(qian, letter.trackingNo), letter.trackingNo).toHaveLength(1);
      expect(view.mergedInto, letter.trackingNo).toBe(c.trackingNo);
    }
    // A merge into a merged letter is refused and names the letter to merge into instead.
    const d = await write(qian, true);
    const intoMerged = await appErrorOf(actOnLetter(moderator, d.trackingNo, { action: 'merge', intoTrackingNo: a.trackingNo }));
    expect(intoMerged.fields).toEqual({ intoTrackingNo: `该来信已并入来信 ${c.trackingNo}，请并入 ${c.trackingNo}` });
  });

  it('two merges in opposite directions at once: exactly one wins, no cycle', async () => {
    const x = await write(qian, true);
    const y = await write(qian, true);
    const results = await Promise.allSettled([
      actOnLetter(moderator, x.trackingNo, { action: 'merge', intoTrackingNo: y.trackingNo }),
      actOnLetter(moderator, y.trackingNo, { action: 'merge', intoTrackingNo: x.trackingNo }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rows = await db().select({ status: letters.status }).from(letters).where(or(eq(letters.trackingNo, x.trackingNo), eq(letters.trackingNo, y.trackingNo)));
    expect(rows.map((r) => r.status).sort()).toEqual(['merged', 'submitted']);
  });
});

describe('private answers (item 5)', () => {
  it('a duplicate of another citizen is not merged into an answered letter whose writer did not consent', async () => {
    const primary = await write(qian, false);
    await answer(primary.trackingNo, answerTo('钱多多', '13912345678'));
    const duplicate = await write(sun, true);
    const refused = await appErrorOf(actOnLetter(moderator, duplicate.trackingNo, { action: 'merge', intoTrackingNo: primary.trackingNo }));
    expect(refused.status).toBe(422);
    expect(refused.fields).toEqual({ intoTrackingNo: PRIVATE_ANSWER_MESSAGE });
    const view = await getLetter(sun, duplicate.trackingNo);
    expect(view).toMatchObject({ status: 'submitted', mergedInto: null });
    expect(JSON.stringify(view)).not.toContain(ANSWER_CORE);
    // The same writer's own duplicate may join it, and reads the answer in full.
    const own = await write(qian, false);
    await actOnLetter(moderator, own.trackingNo, { action: 'merge', intoTrackingNo: primary.trackingNo });
    expect(answersOf(await getLetter(qian, own.trackingNo))).toEqual([answerTo('钱多多', '13912345678')]);
    expect(await answeredNotices(qian, own.trackingNo)).toHaveLength(1);
  });

  it('into a consenting letter, another citizen\'s duplicate reads the answer masked, as it would be published', async () => {
    const primary = await write(qian, true);
    await answer(primary.trackingNo, answerTo('钱多多', '13912345678'));
    const duplicate = await write(sun, false);
    await actOnLetter(moderator, duplicate.trackingNo, { action: 'merge', intoTrackingNo: primary.trackingNo });
    const view = await getLetter(sun, duplicate.trackingNo);
    const [shown] = answersOf(view);
    expect(shown).toContain(ANSWER_CORE);
    expect(shown).not.toContain('钱多多');
    expect(shown).not.toContain('13912345678');
    expect(shown).toContain('钱某');
    expect(view.mergedAnswer).toBe('masked');
    // Staff working the letters read it as written.
    expect(answersOf(await getLetter(moderator, duplicate.trackingNo))).toEqual([answerTo('钱多多', '13912345678')]);
  });

  it('a group merged before the rule existed (legacy rows): another citizen\'s private answer is withheld, not shown', async () => {
    const primary = await write(qian, false);
    const duplicate = await write(sun, true);
    const [p] = await db().select({ id: letters.id }).from(letters).where(eq(letters.trackingNo, primary.trackingNo));
    await db().update(letters).set({ status: 'merged', mergedIntoId: p!.id }).where(eq(letters.trackingNo, duplicate.trackingNo));
    await answer(primary.trackingNo, answerTo('钱多多', '13912345678'));
    const view = await getLetter(sun, duplicate.trackingNo);
    expect(view).toMatchObject({ mergedInto: primary.trackingNo, mergedAnswer: 'withheld', replies: [] });
    expect(JSON.stringify(view)).not.toContain(ANSWER_CORE);
  });
});

// ---- Every topology ----

/** Rooted trees as parent arrays (node 0 is the root, parent[i] < i): every one with 2–4 letters, and three of 5. */
function shapes(): number[][] {
  const out: number[][] = [];
  const grow = (parents: number[], n: number) => {
    if (parents.length === n) return void out.push(parents);
    for (let p = 0; p < parents.length; p++) grow([...parents, p], n);
  };
  for (let n = 2; n <= 4; n++) grow([-1], n);
  out.push([-1, 0, 1, 2, 3], [-1, 0, 0, 0, 0], [-1, 0, 1, 1, 0]); // chain, star, a broom
  return out;
}

interface Scenario {
  parents: number[];
  /** Whether the root's writer consented to publication (every other letter's writer did). */
  rootConsent: boolean;
  /** alternate: letters 0, 2, 4 by 钱多多 and 1, 3 by 孙小美; same: all by 钱多多. */
  writers: 'alternate' | 'same';
  /** Answer the root before the merges (duplicates join an answered letter) or after them. */
  answerFirst: boolean;
}

/**
 * Builds the tree through the operations (each letter merged after the letters below it, as a moderator must),
 * expecting each merge refused exactly when it would give a citizen an answer they may not read, then checks what
 * every party receives.
 */
async function runScenario(s: Scenario) {
  const n = s.parents.length;
  const writerOf = (i: number) => (s.writers === 'same' || i % 2 === 0 ? qian : sun);
  const consentOf = (i: number) => (i === 0 ? s.rootConsent : true);
  const nodes = [];
  for (let i = 0; i < n; i++) nodes.push(await write(writerOf(i), consentOf(i)));
  const body = answerTo('钱多多', '13912345678');
  if (s.answerFirst) await answer(nodes[0]!.trackingNo, body);

  const parent: number[] = Array(n).fill(-1);
  const subtree = (v: number): number[] => [v, ...parent.flatMap((p, i) => (p === v ? subtree(i) : []))];
  for (let v = n - 1; v >= 1; v--) {
    const p = s.parents[v]!;
    const readers = subtree(v).map(writerOf);
    const mayNotRead = !consentOf(p) && readers.some((w) => w !== writerOf(p));
    const merging = actOnLetter(moderator, nodes[v]!.trackingNo, { action: 'merge', intoTrackingNo: nodes[p]!.trackingNo });
    if (mayNotRead) {
      expect((await appErrorOf(merging)).fields, `merge ${v}→${p}`).toEqual({ intoTrackingNo: PRIVATE_ANSWER_MESSAGE });
    } else {
      expect((await merging).status, `merge ${v}→${p}`).toBe('merged');
      parent[v] = p;
    }
  }
  if (!s.answerFirst) await answer(nodes[0]!.trackingNo, body);

  const rootOf = (i: number): number => (parent[i] === -1 ? i : rootOf(parent[i]!));
  for (let i = 0; i < n; i++) {
    const label = `letter ${i} of ${JSON.stringify(s)}`;
    const { trackingNo, queryCode } = nodes[i]!;
    const writer = writerOf(i);
    const own = await getLetter(writer, trackingNo);
    const code = await getLetter(freshVisitor(), trackingNo, { code: queryCode });
    if (rootOf(i) !== 0) {
      // Refused, so not in the group: no answer anywhere, no notice.
      expect(answersOf(own), label).toEqual([]);
      expect(answersOf(code), label).toEqual([]);
      expect(await answeredNotices(writer, trackingNo), label).toHaveLength(0);
    } else {
      const full = i === 0 || writer === writerOf(0);
      const [shown] = answersOf(own);
      expect(answersOf(own), label).toHaveLength(1);
      expect(shown, label).toContain(ANSWER_CORE);
      if (full) expect(shown, label).toBe(body);
      else for (const hidden of ['钱多多', '13912345678']) expect(shown, label).not.toContain(hidden);
      // With the query code: masked, whoever wrote it.
      const [byCode] = answersOf(code);
      expect(byCode, label).toContain(ANSWER_CORE);
      for (const hidden of ['钱多多', '13912345678']) expect(byCode, label).not.toContain(hidden);
      // Told exactly once that this letter has an answer.
      expect(await answeredNotices(writer, trackingNo), label).toHaveLength(1);
      expect(own.mergedInto, label).toBe(i === 0 ? null : nodes[0]!.trackingNo);
      expect(own.mergedAnswer, label).toBe(i === 0 ? null : full ? 'full' : 'masked');
    }
    // Strangers and visitors without the code learn nothing.
    expect((await appErrorOf(getLetter(stranger, trackingNo))).status, label).toBe(404);
  }
}

describe('every merge topology (chains, stars, trees; answered before or after; consent or not)', () => {
  const scenarios: Scenario[] = [];
  for (const parents of shapes()) {
    scenarios.push({ parents, rootConsent: true, writers: 'alternate', answerFirst: false });
    scenarios.push({ parents, rootConsent: true, writers: 'alternate', answerFirst: true });
    scenarios.push({ parents, rootConsent: false, writers: 'alternate', answerFirst: false });
    scenarios.push({ parents, rootConsent: false, writers: 'same', answerFirst: true });
  }

  it(`the root's answer reaches every letter in the group and nobody reads more than they may (${scenarios.length} scenarios)`, async () => {
    for (const s of scenarios) await runScenario(s);
    // Answers travel in pages only: no notification or e-mail carries their text.
    const leaked = await db().select({ id: notifications.id }).from(notifications).where(like(notifications.body, `%${ANSWER_CORE}%`));
    const mailed = await db().select({ id: emailOutbox.id }).from(emailOutbox).where(like(emailOutbox.body, `%${ANSWER_CORE}%`));
    expect([...leaked, ...mailed]).toEqual([]);
  }, 600_000);
});

/** A phone call on the same matter entered by the moderator for a person with an e-mail address, not yet claimed. */
const phonedIn = (name: string, phone: string, email: string) => enterLetter(moderator, {
  kind: 'complaint', departmentId: null, title: `电话反映网吧问题 ${++serial}`, body: '来电人反映同一家网吧多次接纳未成年人上网。',
  consentToPublish: true, channel: 'phone', receivedOn: '2026-11-16', onBehalfOf: { name, phone, email },
}, { now: bj('2026-11-16T11:00') });

describe('a refused letter\'s duplicates (不予受理 is decided per letter)', () => {
  it('each duplicate merged into it awaits routing again with its own clock, its followers stay with it, its writer is told', async () => {
    const refusedOn = bj('2026-11-18T10:00');
    const root = await write(qian, true);
    const a = await write(sun, true);
    const aFollower = await write(sun, true);
    const b = await write(qian, true);
    const phoned = await phonedIn('吴先生', '13900001111', 'wu.merge@example.com');
    await actOnLetter(moderator, aFollower.trackingNo, { action: 'merge', intoTrackingNo: a.trackingNo });
    for (const d of [a, b, phoned]) await actOnLetter(moderator, d.trackingNo, { action: 'merge', intoTrackingNo: root.trackingNo });
    const versionsBefore = new Map((await db().select({ trackingNo: letters.trackingNo, version: letters.version }).from(letters)
      .where(or(eq(letters.trackingNo, a.trackingNo), eq(letters.trackingNo, b.trackingNo)))).map((r) => [r.trackingNo, r.version]));

    // The refusal form says how many letters go back (the follower goes with its own letter, not counted).
    expect(await directDuplicateCount(db(), root.trackingNo)).toBe(3);
    await actOnLetter(moderator, root.trackingNo, { action: 'reject', reason: '该事项不属于本机关职责范围' }, refusedOn);
    expect(await directDuplicateCount(db(), root.trackingNo)).toBe(0);

    const rules = await loadCalendarRules(db());
    const { triage } = await loadDeadlines(db());
    const rows = new Map((await db().select().from(letters)
      .where(or(...[root, a, aFollower, b, phoned].map((l) => eq(letters.trackingNo, l.trackingNo))))).map((r) => [r.trackingNo, r]));
    expect(rows.get(root.trackingNo)!.status).toBe('not_accepted');
    for (const d of [a, b, phoned]) {
      const row = rows.get(d.trackingNo)!;
      expect({ status: row.status, mergedIntoId: row.mergedIntoId, closedAt: row.closedAt, dueOn: row.dueOn }, d.trackingNo)
        .toEqual({ status: 'submitted', mergedIntoId: null, closedAt: null, dueOn: dueOn('2026-11-18', triage, rules) });
      const events = await db().select({ type: letterEvents.type, data: letterEvents.data, actorId: letterEvents.actorId }).from(letterEvents)
        .where(and(eq(letterEvents.letterId, row.id), eq(letterEvents.type, 'unmerged')));
      expect(events, d.trackingNo).toEqual([{ type: 'unmerged', data: { from: root.trackingNo, dueOnBefore: null }, actorId: moderator.user.id }]);
      const audit = await db().select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog)
        .where(and(eq(auditLog.entityType, 'letter'), eq(auditLog.entityId, d.trackingNo), eq(auditLog.action, 'letter.unmerge')));
      expect(audit, d.trackingNo).toEqual([{ action: 'letter.unmerge', actorId: moderator.user.id }]);
    }
    // The follower stays merged into the duplicate it joined, which now leads its own group.
    expect(rows.get(aFollower.trackingNo)!.mergedIntoId).toBe(rows.get(a.trackingNo)!.id);
    // A form opened before the refusal is stale.
    expect((await appErrorOf(actOnLetter(moderator, b.trackingNo, { action: 'accept', departmentId: market, version: versionsBefore.get(b.trackingNo)! }))).status).toBe(409);

    // Each released letter's writer is told once; the follower's writer learns nothing new (its group goes on); the
    // phoned letter's person by e-mail, not the moderator who holds it.
    const told = async (userId: number, trackingNo: string) => db().select({ title: notifications.title }).from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'letter.merged'), eq(notifications.link, `/letters/${trackingNo}`), like(notifications.title, '%单独办理%')));
    expect(await told(sun.user.id, a.trackingNo)).toHaveLength(1);
    expect(await told(qian.user.id, b.trackingNo)).toHaveLength(1);
    expect(await told(sun.user.id, aFollower.trackingNo)).toHaveLength(0);
    expect(await told(moderator.user.id, phoned.trackingNo)).toHaveLength(0);
    const mails = await db().select({ subject: emailOutbox.subject }).from(emailOutbox).where(and(eq(emailOutbox.to, 'wu.merge@example.com'), like(emailOutbox.subject, '%单独办理%')));
    expect(mails).toHaveLength(1);

    // Each is decided on its own: the duplicate is accepted and answered, and its follower gets that answer.
    await answer(a.trackingNo, '经查，该网吧已被依法处罚并责令整改。');
    expect(answersOf(await getLetter(sun, aFollower.trackingNo))).toEqual(['经查，该网吧已被依法处罚并责令整改。']);
    expect(await answeredNotices(sun, aFollower.trackingNo)).toHaveLength(1);
    // The writer's page says what happened, in the timeline.
    const view = await getLetter(qian, b.trackingNo);
    expect(view.mergedInto).toBeNull();
    expect(view.status).toBe('submitted');
  });

  it('an unclaimed phoned duplicate\'s person hears of the group\'s answer by e-mail, not the staff member holding it', async () => {
    const root = await write(qian, true);
    const phoned = await phonedIn('郑先生', '13900002222', 'zheng.merge@example.com');
    await actOnLetter(moderator, phoned.trackingNo, { action: 'merge', intoTrackingNo: root.trackingNo });
    await answer(root.trackingNo, '经查，该网吧已被依法处罚并责令整改。');
    const staffTold = await db().select({ id: notifications.id }).from(notifications)
      .where(and(eq(notifications.userId, moderator.user.id), eq(notifications.kind, 'letter.answered'), eq(notifications.link, `/letters/${phoned.trackingNo}`)));
    expect(staffTold).toEqual([]);
    const mails = await db().select({ subject: emailOutbox.subject }).from(emailOutbox).where(eq(emailOutbox.to, 'zheng.merge@example.com'));
    expect(mails.map((m) => m.subject)).toContainEqual(expect.stringContaining(`已随来信 ${root.trackingNo} 答复`));
  });
});
