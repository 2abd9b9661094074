import { describe, expect, it } from 'vitest';
import { officialYear } from '@/lib/calendar/official';
import type { CalendarRules } from '@/lib/calendar/workdays';
import type { ActorUser } from '@/lib/auth/permissions';
import {
  correctionClock,
  correctionDueOn,
  correctionWindowEnd,
  extendedClock,
  pausedClock,
  receiptClock,
  resumedClock,
  startClock,
} from '@/lib/disclosure/application-clock';
import { checkApplicationTransition, type ApplicationFacts } from '@/lib/disclosure/application-transitions';
import { creditCodeWithCheck, isValidCreditCode } from '@/lib/disclosure/application-validation';

/**
 * The application clock (2019 regulation arts. 30–33) on the State Council's 2026 calendar: 中秋 2026-09-25 (Fri)
 * to 09-27, 国庆 10-01 to 10-07, make-up workdays Sunday 09-20 and Saturday 10-10. Pure functions, no database.
 */

function rulesOf(...years: number[]): CalendarRules {
  const days = years.flatMap((y) => officialYear(y).days);
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
  };
}

const rules = rulesOf(2026);
const plain: CalendarRules = { holidays: new Set(), workdays: new Set() };

describe('20 working days from receipt', () => {
  it('across 中秋 and 国庆, counting the make-up workdays 09-20 and 10-10', () => {
    expect(rules.holidays.has('2026-09-25')).toBe(true);
    expect(rules.workdays.has('2026-09-20')).toBe(true);
    expect(rules.workdays.has('2026-10-10')).toBe(true);
    // Received Friday 09-18: 09-20 (Sun, make-up) is day 1, 10-01..07 do not count, 10-10 (Sat, make-up) does.
    expect(receiptClock('2026-09-18', rules)).toEqual({ clockStart: '2026-09-18', remainingDays: 20, dueOn: '2026-10-22' });
    // Without the calendar's exceptions it would be four weeks.
    expect(receiptClock('2026-09-18', plain).dueOn).toBe('2026-10-16');
  });

  it('an application received on a holiday counts from the next working day', () => {
    expect(receiptClock('2026-10-03', rules).dueOn).toBe(startClock('2026-10-07', 20, rules).dueOn);
    expect(receiptClock('2026-10-03', rules).dueOn).toBe('2026-11-03');
  });
});

describe('补正 (correction)', () => {
  it('may be asked for within 7 working days of receipt; the applicant has 7 working days', () => {
    expect(correctionWindowEnd('2026-09-18', rules)).toBe('2026-09-29');
    // Asked on Tuesday 09-22: 09-23, 09-24, 09-28, 09-29, 09-30, 10-08, 10-09.
    expect(correctionDueOn('2026-09-22', rules)).toBe('2026-10-09');
  });

  it('the answer restarts the full 20 working days from the day it arrives', () => {
    // Whatever had been used before: received 09-18, corrected 10-09 → 20 working days from 10-09 (10-10 counts).
    expect(correctionClock('2026-10-09', 0, rules)).toEqual({ clockStart: '2026-10-09', remainingDays: 20, dueOn: '2026-11-05' });
  });
});

describe('extension', () => {
  it('adds its working days to the running clock, from the same start', () => {
    const clock = receiptClock('2026-09-18', rules);
    expect(extendedClock(clock, 10, '2026-10-20', rules)).toEqual({ clockStart: '2026-09-18', remainingDays: 30, dueOn: '2026-11-05' });
    expect(extendedClock(clock, 20, '2026-10-20', rules).dueOn).toBe('2026-11-19');
  });
});

describe('third-party consultation', () => {
  it('pauses the clock keeping the days left, and resumes them from the day it ends', () => {
    const clock = receiptClock('2026-09-18', rules);
    // Paused Thursday 09-24: 09-20, 21, 22, 23, 24 used → 15 left, no due date meanwhile.
    const paused = pausedClock(clock, '2026-09-24', rules);
    expect(paused).toEqual({ clockStart: null, remainingDays: 15, dueOn: null });
    // Resumed Friday 10-09: the weeks in between (and the holidays) cost nothing.
    expect(resumedClock(paused, '2026-10-09', rules)).toEqual({ clockStart: '2026-10-09', remainingDays: 15, dueOn: '2026-10-29' });
  });

  it('a pause and a resumption on the same day change nothing', () => {
    const clock = receiptClock('2026-09-18', rules);
    const paused = pausedClock(clock, '2026-09-18', rules);
    expect(resumedClock(paused, '2026-09-18', rules)).toEqual(clock);
  });

  it('never leaves fewer than 0 days', () => {
    expect(pausedClock(startClock('2026-09-01', 3, rules), '2026-09-30', rules).remainingDays).toBe(0);
  });
});

describe('checkApplicationTransition', () => {
  const staff: ActorUser = { id: 1, publicId: 's', name: '黄主持', role: 'moderator', departmentId: null, departmentPublicId: null, title: null };
  const applicant: ActorUser = { ...staff, id: 2, publicId: 'a', name: '陈市民', role: 'citizen' };
  const stranger: ActorUser = { ...applicant, id: 3, publicId: 'x' };
  const handler: ActorUser = { ...staff, id: 4, publicId: 'h', role: 'handler', departmentId: 9 };
  const facts = (changes: Partial<ApplicationFacts> = {}): ApplicationFacts => ({
    status: 'registered', applicantId: 2, receivedOn: '2026-09-18', dueOn: '2026-10-22', extensionDays: 0,
    correctionRequested: false, correctionDueOn: null, ...changes,
  });
  const ctx = (today: string) => ({ today, correctionWindowEnd: '2026-09-29' });

  it('staff register and answer; applicants correct and withdraw; nobody else has a part', () => {
    expect(checkApplicationTransition(staff, facts({ status: 'submitted' }), 'register', ctx('2026-09-18'))).toEqual({ ok: true, as: 'staff' });
    expect(checkApplicationTransition(applicant, facts(), 'withdraw', ctx('2026-09-18'))).toEqual({ ok: true, as: 'applicant' });
    expect(checkApplicationTransition(applicant, facts({ status: 'submitted' }), 'register', ctx('2026-09-18'))).toMatchObject({ ok: false, status: 403 });
    expect(checkApplicationTransition(stranger, facts(), 'withdraw', ctx('2026-09-18'))).toMatchObject({ ok: false, status: 403 });
    expect(checkApplicationTransition(handler, facts(), 'reply', ctx('2026-09-18'))).toMatchObject({ ok: false, status: 403 });
    expect(checkApplicationTransition(applicant, facts({ status: 'answered' }), 'withdraw', ctx('2026-09-18'))).toMatchObject({ ok: false, status: 409 });
  });

  it('补正 once, within the window, never after an extension', () => {
    expect(checkApplicationTransition(staff, facts(), 'request_correction', ctx('2026-09-29')).ok).toBe(true);
    expect(checkApplicationTransition(staff, facts(), 'request_correction', ctx('2026-09-30'))).toMatchObject({ ok: false, status: 409, message: expect.stringContaining('7 个工作日') });
    expect(checkApplicationTransition(staff, facts({ correctionRequested: true }), 'request_correction', ctx('2026-09-20'))).toMatchObject({ ok: false, status: 409, message: '补正只能要求一次' });
    expect(checkApplicationTransition(staff, facts({ extensionDays: 5 }), 'request_correction', ctx('2026-09-20'))).toMatchObject({ ok: false, status: 409 });
  });

  it('the applicant corrects until the 补正 deadline; afterwards staff may close it as 不予处理', () => {
    const waiting = facts({ status: 'needs_correction', correctionRequested: true, correctionDueOn: '2026-10-09', dueOn: null });
    expect(checkApplicationTransition(applicant, waiting, 'provide_correction', ctx('2026-10-09')).ok).toBe(true);
    expect(checkApplicationTransition(applicant, waiting, 'provide_correction', ctx('2026-10-10'))).toMatchObject({ ok: false, status: 409 });
    expect(checkApplicationTransition(staff, waiting, 'reply', ctx('2026-10-09'))).toMatchObject({ ok: false, status: 409 });
    expect(checkApplicationTransition(staff, waiting, 'reply', ctx('2026-10-10')).ok).toBe(true);
  });

  it('one extension, before the due date passes', () => {
    expect(checkApplicationTransition(staff, facts(), 'extend', ctx('2026-10-22')).ok).toBe(true);
    expect(checkApplicationTransition(staff, facts(), 'extend', ctx('2026-10-23'))).toMatchObject({ ok: false, status: 409, message: '已超过答复期限，不能再延期' });
    expect(checkApplicationTransition(staff, facts({ extensionDays: 3 }), 'extend', ctx('2026-10-01'))).toMatchObject({ ok: false, status: 409, message: '每件申请只能延期一次' });
  });
});

describe('统一社会信用代码', () => {
  it('checks the check character (GB 32100-2015)', () => {
    expect(isValidCreditCode('91350200MA2XXXXX0A')).toBe(false);
    const valid = creditCodeWithCheck('91350200MA31234567'.slice(0, 17));
    expect(isValidCreditCode(valid)).toBe(true);
    expect(isValidCreditCode('91110000600037341L')).toBe(true); // a published code
    expect(isValidCreditCode(valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0'))).toBe(false);
    expect(isValidCreditCode('91350200MA31234I67')).toBe(false); // I is not in the alphabet
  });
});
