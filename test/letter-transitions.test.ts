import { describe, expect, it } from 'vitest';
import type { ActorUser } from '@/lib/auth/permissions';
import { LETTER_STATUSES, type LetterStatus } from '@/lib/letters/schema';
import { TRANSITIONS, checkTransition, type LetterFacts, type Who } from '@/lib/letters/transitions';
import type { LetterActionName } from '@/lib/letters/validation';

/**
 * lib/letters/transitions.ts on hand-built users and letters (no database). The expected results below are written
 * out by hand from DESIGN.md §4 and API.md, not derived from TRANSITIONS, so a change to the table shows up here.
 */

const DEPT = 10; // the letter's department
const OTHER_DEPT = 20;

function user(id: number, role: ActorUser['role'], departmentId: number | null = null): ActorUser {
  return { id, publicId: `user-${id}`, name: `${role}-${id}`, role, departmentId, departmentPublicId: departmentId === null ? null : `dept-${departmentId}`, title: null };
}

const ACTORS = {
  writer: user(1, 'citizen'),
  otherCitizen: user(2, 'citizen'),
  moderator: user(3, 'moderator'),
  handler: user(4, 'handler', DEPT),
  otherHandler: user(5, 'handler', OTHER_DEPT),
  leader: user(6, 'leader', DEPT),
  admin: user(7, 'admin'),
} as const;
type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

/** The part each actor plays when it is allowed. */
const AS: Partial<Record<ActorName, Who>> = { writer: 'writer', moderator: 'triage', admin: 'triage', handler: 'department', leader: 'department' };

const ACCEPTED_AT = new Date('2026-09-18T02:00:00Z');

/** A realistic letter in each status: not routed (no department) before acceptance and after a refusal. */
const LETTERS: Record<LetterStatus, LetterFacts> = {
  submitted: { status: 'submitted', writerId: 1, departmentId: null, acceptedAt: null, extensionDays: 0, reopened: false, rating: null, consentToPublish: true },
  accepted: { status: 'accepted', writerId: 1, departmentId: DEPT, acceptedAt: ACCEPTED_AT, extensionDays: 0, reopened: false, rating: null, consentToPublish: true },
  needs_info: { status: 'needs_info', writerId: 1, departmentId: DEPT, acceptedAt: ACCEPTED_AT, extensionDays: 0, reopened: false, rating: null, consentToPublish: true },
  answered: { status: 'answered', writerId: 1, departmentId: DEPT, acceptedAt: ACCEPTED_AT, extensionDays: 0, reopened: false, rating: null, consentToPublish: true },
  closed: { status: 'closed', writerId: 1, departmentId: DEPT, acceptedAt: ACCEPTED_AT, extensionDays: 0, reopened: false, rating: 'unsatisfied', consentToPublish: true },
  not_accepted: { status: 'not_accepted', writerId: 1, departmentId: null, acceptedAt: null, extensionDays: 0, reopened: false, rating: null, consentToPublish: true },
  // A duplicate the moderator joined to another letter before routing it.
  merged: { status: 'merged', writerId: 1, departmentId: null, acceptedAt: null, extensionDays: 0, reopened: false, rating: null, consentToPublish: true },
};

type Expected = 'ok' | 403 | 409;
type Row = Record<ActorName, Expected>;

// Shorthands for the rows that repeat.
const nobody: Row = { writer: 403, otherCitizen: 403, moderator: 403, handler: 403, otherHandler: 403, leader: 403, admin: 403 };
// One role hierarchy (issue 13): an admin does whatever a moderator does (the triage desk), nothing more.
const row = (changes: Partial<Row>): Row => ({ ...nobody, ...changes, admin: changes.moderator ?? 403 });

/** action → status → actor → expected result. */
const TABLE: Record<LetterActionName, Record<LetterStatus, Row>> = {
  // 催办: the writer, on an open letter (the due date and the spacing are checked by lib/accountability/actions).
  urge: {
    submitted: row({ writer: 'ok' }),
    accepted: row({ writer: 'ok' }),
    needs_info: row({ writer: 'ok' }),
    answered: row({ writer: 409 }),
    closed: row({ writer: 409 }),
    not_accepted: row({ writer: 409 }),
    merged: row({ writer: 409 }),
  },
  // 督办: moderators and admins, on an open letter.
  supervise: {
    submitted: row({ moderator: 'ok' }),
    accepted: row({ moderator: 'ok' }),
    needs_info: row({ moderator: 'ok' }),
    answered: row({ moderator: 409 }),
    closed: row({ moderator: 409 }),
    not_accepted: row({ moderator: 409 }),
    merged: row({ moderator: 409 }),
  },
  // 回访: moderators and admins, after the answer.
  callback: {
    submitted: row({ moderator: 409 }),
    accepted: row({ moderator: 409 }),
    needs_info: row({ moderator: 409 }),
    answered: row({ moderator: 'ok' }),
    closed: row({ moderator: 'ok' }),
    not_accepted: row({ moderator: 409 }),
    merged: row({ moderator: 409 }),
  },
  accept: {
    submitted: row({ moderator: 'ok' }),
    accepted: row({ moderator: 409 }),
    needs_info: row({ moderator: 409 }),
    answered: row({ moderator: 409 }),
    closed: row({ moderator: 409 }),
    not_accepted: row({ moderator: 409 }),
    merged: row({ moderator: 409 }),
  },
  merge: {
    submitted: row({ moderator: 'ok' }),
    accepted: row({ moderator: 409 }),
    needs_info: row({ moderator: 409 }),
    answered: row({ moderator: 409 }),
    closed: row({ moderator: 409 }),
    not_accepted: row({ moderator: 409 }),
    merged: row({ moderator: 409 }),
  },
  reject: {
    submitted: row({ moderator: 'ok' }),
    accepted: row({ moderator: 409 }),
    needs_info: row({ moderator: 409 }),
    answered: row({ moderator: 409 }),
    closed: row({ moderator: 409 }),
    not_accepted: row({ moderator: 409 }),
    merged: row({ moderator: 409 }),
  },
  request_info: {
    // Before routing only the moderator asks; the department has no part yet.
    submitted: row({ moderator: 'ok' }),
    // After routing only the department asks (the moderator is refused with 403).
    accepted: row({ handler: 'ok', leader: 'ok' }),
    needs_info: row({ moderator: 409, handler: 409, leader: 409 }),
    answered: row({ moderator: 409, handler: 409, leader: 409 }),
    closed: row({ moderator: 409, handler: 409, leader: 409 }),
    not_accepted: row({ moderator: 409 }),
    merged: row({ moderator: 409 }),
  },
  provide_info: {
    submitted: row({ writer: 409 }),
    accepted: row({ writer: 409 }),
    needs_info: row({ writer: 'ok' }),
    answered: row({ writer: 409 }),
    closed: row({ writer: 409 }),
    not_accepted: row({ writer: 409 }),
    merged: row({ writer: 409 }),
  },
  transfer: {
    submitted: row({ moderator: 409 }),
    accepted: row({ moderator: 'ok', handler: 'ok', leader: 'ok' }),
    needs_info: row({ moderator: 409, handler: 409, leader: 409 }),
    answered: row({ moderator: 409, handler: 409, leader: 409 }),
    closed: row({ moderator: 409, handler: 409, leader: 409 }),
    not_accepted: row({ moderator: 409 }),
    merged: row({ moderator: 409 }),
  },
  extend: {
    submitted: nobody,
    accepted: row({ handler: 'ok', leader: 'ok' }),
    needs_info: row({ handler: 409, leader: 409 }),
    answered: row({ handler: 409, leader: 409 }),
    closed: row({ handler: 409, leader: 409 }),
    not_accepted: nobody,
    merged: nobody,
  },
  reply: {
    submitted: nobody,
    accepted: row({ handler: 'ok', leader: 'ok' }),
    needs_info: row({ handler: 409, leader: 409 }),
    answered: row({ handler: 409, leader: 409 }),
    closed: row({ handler: 409, leader: 409 }),
    not_accepted: nobody,
    merged: nobody,
  },
  rate: {
    submitted: row({ writer: 409 }),
    accepted: row({ writer: 409 }),
    needs_info: row({ writer: 409 }),
    answered: row({ writer: 'ok' }),
    closed: row({ writer: 409 }),
    not_accepted: row({ writer: 409 }),
    merged: row({ writer: 409 }),
  },
  reopen: {
    submitted: row({ writer: 409 }),
    accepted: row({ writer: 409 }),
    needs_info: row({ writer: 409 }),
    answered: row({ writer: 409 }),
    // The closed letter of LETTERS was rated 'unsatisfied' and never reopened.
    closed: row({ writer: 'ok' }),
    not_accepted: row({ writer: 409 }),
    merged: row({ writer: 409 }),
  },
  // Consent to publication (PIPL art. 15): only the writer, in any state; these letters all have consent, so
  // withdrawing works and giving it again is a 409 (both the other way round below).
  withdraw_consent: {
    submitted: row({ writer: 'ok' }),
    accepted: row({ writer: 'ok' }),
    needs_info: row({ writer: 'ok' }),
    answered: row({ writer: 'ok' }),
    closed: row({ writer: 'ok' }),
    not_accepted: row({ writer: 'ok' }),
    merged: row({ writer: 'ok' }),
  },
  give_consent: {
    submitted: row({ writer: 409 }),
    accepted: row({ writer: 409 }),
    needs_info: row({ writer: 409 }),
    answered: row({ writer: 409 }),
    closed: row({ writer: 409 }),
    not_accepted: row({ writer: 409 }),
    merged: row({ writer: 409 }),
  },
  // 诉求分类: the moderators, and the letter's department once it has one, in any state.
  set_topic: {
    submitted: row({ moderator: 'ok' }),
    accepted: row({ moderator: 'ok', handler: 'ok', leader: 'ok' }),
    needs_info: row({ moderator: 'ok', handler: 'ok', leader: 'ok' }),
    answered: row({ moderator: 'ok', handler: 'ok', leader: 'ok' }),
    closed: row({ moderator: 'ok', handler: 'ok', leader: 'ok' }),
    not_accepted: row({ moderator: 'ok' }),
    merged: row({ moderator: 'ok' }),
  },
};

const CASES = (Object.keys(TABLE) as LetterActionName[]).flatMap((action) =>
  LETTER_STATUSES.flatMap((status) => ACTOR_NAMES.map((actor) => [action, status, actor, TABLE[action][status][actor]] as const)),
);

describe('checkTransition: every action × status × actor', () => {
  it('the table covers every action, every status and every actor', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(TRANSITIONS).sort());
    for (const action of Object.keys(TABLE) as LetterActionName[]) expect(Object.keys(TABLE[action]).sort()).toEqual([...LETTER_STATUSES].sort());
    expect(CASES).toHaveLength(16 * 7 * 7);
  });

  it.each(CASES)('%s on a %s letter by %s → %s', (action, status, actor, expected) => {
    const result = checkTransition(ACTORS[actor], LETTERS[status], action);
    if (expected === 'ok') {
      expect(result).toEqual({ ok: true, as: AS[actor] });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.status).toBe(expected);
        expect(result.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});

describe('checkTransition: one-time and role-specific rules', () => {
  it('consent: withdrawn only while given, given only while withdrawn, by the writer alone', () => {
    for (const status of LETTER_STATUSES) {
      const withdrawn = { ...LETTERS[status], consentToPublish: false };
      expect(checkTransition(ACTORS.writer, withdrawn, 'give_consent')).toEqual({ ok: true, as: 'writer' });
      expect(checkTransition(ACTORS.writer, withdrawn, 'withdraw_consent')).toMatchObject({ ok: false, status: 409 });
      expect(checkTransition(ACTORS.moderator, withdrawn, 'give_consent')).toMatchObject({ ok: false, status: 403 });
    }
  });

  const accepted = LETTERS.accepted;
  const closed = LETTERS.closed;

  it('a second extension is refused with 409', () => {
    expect(checkTransition(ACTORS.handler, accepted, 'extend')).toEqual({ ok: true, as: 'department' });
    const extended = { ...accepted, extensionDays: 5 };
    for (const actor of [ACTORS.handler, ACTORS.leader]) {
      expect(checkTransition(actor, extended, 'extend')).toEqual({ ok: false, status: 409, message: '每封来信只能延期一次' });
    }
    // The one extension does not stop anything else.
    expect(checkTransition(ACTORS.handler, extended, 'reply')).toEqual({ ok: true, as: 'department' });
    // Still 403 for those with no part in the letter.
    expect(checkTransition(ACTORS.otherHandler, extended, 'extend')).toMatchObject({ ok: false, status: 403 });
  });

  it('reopen only after an unsatisfied rating', () => {
    expect(checkTransition(ACTORS.writer, closed, 'reopen')).toEqual({ ok: true, as: 'writer' });
    for (const rating of ['satisfied', 'basically_satisfied', null]) {
      expect(checkTransition(ACTORS.writer, { ...closed, rating }, 'reopen')).toEqual({
        ok: false,
        status: 409,
        message: '只有评价为不满意的来信可以申请重新办理',
      });
    }
  });

  it('reopen only once', () => {
    const reopenedAndClosedAgain = { ...closed, reopened: true, rating: 'unsatisfied' };
    expect(checkTransition(ACTORS.writer, reopenedAndClosedAgain, 'reopen')).toEqual({ ok: false, status: 409, message: '每封来信只能申请一次重新办理' });
    // Another citizen still learns nothing (403, not the 409 of the one-time rule).
    expect(checkTransition(ACTORS.otherCitizen, reopenedAndClosedAgain, 'reopen')).toMatchObject({ ok: false, status: 403 });
  });

  it('a reopened letter may still be extended once, and an extended one reopened', () => {
    expect(checkTransition(ACTORS.handler, { ...accepted, reopened: true }, 'extend')).toEqual({ ok: true, as: 'department' });
    expect(checkTransition(ACTORS.writer, { ...closed, extensionDays: 3 }, 'reopen')).toEqual({ ok: true, as: 'writer' });
  });

  it('the moderator asks for information only while the letter is submitted', () => {
    expect(checkTransition(ACTORS.moderator, LETTERS.submitted, 'request_info')).toEqual({ ok: true, as: 'triage' });
    expect(checkTransition(ACTORS.moderator, accepted, 'request_info')).toEqual({ ok: false, status: 403, message: '已分办的来信由承办部门要求补正' });
  });

  it('the department asks for information only while the letter is accepted', () => {
    expect(checkTransition(ACTORS.handler, accepted, 'request_info')).toEqual({ ok: true, as: 'department' });
    expect(checkTransition(ACTORS.leader, accepted, 'request_info')).toEqual({ ok: true, as: 'department' });
    // Even if a submitted letter carried a department, its staff could not ask before routing.
    expect(checkTransition(ACTORS.handler, { ...LETTERS.submitted, departmentId: DEPT }, 'request_info')).toMatchObject({ ok: false, status: 403 });
    expect(checkTransition(ACTORS.handler, LETTERS.needs_info, 'request_info')).toMatchObject({ ok: false, status: 409 });
  });

  it('a needs_info letter from triage (not routed) is answered by the writer only', () => {
    const fromTriage: LetterFacts = { ...LETTERS.needs_info, departmentId: null, acceptedAt: null };
    expect(checkTransition(ACTORS.writer, fromTriage, 'provide_info')).toEqual({ ok: true, as: 'writer' });
    expect(checkTransition(ACTORS.handler, fromTriage, 'reply')).toMatchObject({ ok: false, status: 403 });
    expect(checkTransition(ACTORS.moderator, fromTriage, 'provide_info')).toMatchObject({ ok: false, status: 403 });
  });

  it('staff of the letter\'s department follow the letter: after a transfer the old department has no part', () => {
    const transferred = { ...accepted, departmentId: OTHER_DEPT };
    expect(checkTransition(ACTORS.otherHandler, transferred, 'reply')).toEqual({ ok: true, as: 'department' });
    expect(checkTransition(ACTORS.handler, transferred, 'reply')).toMatchObject({ ok: false, status: 403 });
    expect(checkTransition(ACTORS.leader, transferred, 'reply')).toMatchObject({ ok: false, status: 403 });
  });

  it('a citizen who is not the writer never takes part; an admin takes the moderator\'s part', () => {
    for (const action of Object.keys(TRANSITIONS) as LetterActionName[]) {
      for (const status of LETTER_STATUSES) {
        expect(checkTransition(ACTORS.otherCitizen, LETTERS[status], action)).toMatchObject({ ok: false, status: 403 });
        expect(checkTransition(ACTORS.admin, LETTERS[status], action)).toEqual(checkTransition(ACTORS.moderator, LETTERS[status], action));
      }
    }
  });
});
