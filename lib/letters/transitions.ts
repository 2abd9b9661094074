import { actsAsModerator, type ActorUser } from '../auth/permissions';
import { LETTER_STATUSES, type LetterStatus } from './schema';
import type { LetterActionName } from './validation';

/**
 * The lifecycle of DESIGN.md §4 as data: which states an action leaves from, where it goes, and who may take it.
 * `who`: triage = moderators; department = handlers/leaders of the letter's current department; writer = the
 * citizen who wrote it.
 */
export type Who = 'triage' | 'department' | 'writer';

/** Statuses in which a letter is open (its 督办 stay open); needs_info pauses its clock. */
export const LETTER_OPEN_STATUSES: readonly LetterStatus[] = ['submitted', 'accepted', 'needs_info'];

export const TRANSITIONS: Record<LetterActionName, { from: readonly LetterStatus[]; who: readonly Who[] }> = {
  accept: { from: ['submitted'], who: ['triage'] },
  reject: { from: ['submitted'], who: ['triage'] },
  request_info: { from: ['submitted', 'accepted'], who: ['triage', 'department'] },
  provide_info: { from: ['needs_info'], who: ['writer'] },
  transfer: { from: ['accepted'], who: ['department', 'triage'] },
  extend: { from: ['accepted'], who: ['department'] },
  reply: { from: ['accepted'], who: ['department'] },
  rate: { from: ['answered'], who: ['writer'] },
  reopen: { from: ['closed'], who: ['writer'] },
  // A duplicate joins an earlier letter on the same matter before routing; its writer then sees that answer.
  merge: { from: ['submitted'], who: ['triage'] },
  // The accountability loop (issue 14): the writer's 催办 (when the due date has passed: lib/accountability/actions),
  // a moderator's 督办 on an open letter, a moderator's record of a 回访 by phone after the answer.
  urge: { from: ['submitted', 'accepted', 'needs_info'], who: ['writer'] },
  supervise: { from: ['submitted', 'accepted', 'needs_info'], who: ['triage'] },
  callback: { from: ['answered', 'closed'], who: ['triage'] },
  // The writer's consent to publication (PIPL art. 15), in any state: withdrawn at any time; given again only while
  // no archive entry of the letter has been published (operations.ts checks that part).
  withdraw_consent: { from: LETTER_STATUSES, who: ['writer'] },
  give_consent: { from: LETTER_STATUSES, who: ['writer'] },
  // 诉求分类 (lib/topics): the moderators and the letter's department correct the topic, in any state.
  set_topic: { from: LETTER_STATUSES, who: ['triage', 'department'] },
};

export interface LetterFacts {
  status: LetterStatus;
  writerId: number;
  departmentId: number | null;
  acceptedAt: Date | null;
  extensionDays: number;
  reopened: boolean;
  rating: string | null;
  consentToPublish: boolean;
}

/** The roles this user plays for this letter. */
export function rolesFor(user: ActorUser, letter: LetterFacts): Who[] {
  const roles: Who[] = [];
  if (actsAsModerator(user.role)) roles.push('triage');
  if ((user.role === 'handler' || user.role === 'leader') && user.departmentId !== null && user.departmentId === letter.departmentId) {
    roles.push('department');
  }
  if (user.role === 'citizen' && user.id === letter.writerId) roles.push('writer');
  return roles;
}

export type TransitionCheck = { ok: true; as: Who } | { ok: false; status: 403 | 409; message: string };

/**
 * Whether `user` may take `action` on the letter now. 403 when the user has no part in it; 409 when the letter
 * is not in a state that allows it (including the one-time rules: one extension, one reopening).
 */
export function checkTransition(user: ActorUser, letter: LetterFacts, action: LetterActionName): TransitionCheck {
  const rule = TRANSITIONS[action];
  const as = rolesFor(user, letter).find((r) => rule.who.includes(r));
  if (!as) return { ok: false, status: 403, message: '您无权对这封来信进行此操作' };
  if (!rule.from.includes(letter.status)) return { ok: false, status: 409, message: '已被他人处理或当前状态不允许此操作，请刷新后重试' };
  // A moderator asks for information only before routing; afterwards the department does.
  if (action === 'request_info' && letter.status === 'accepted' && as !== 'department') {
    return { ok: false, status: 403, message: '已分办的来信由承办部门要求补正' };
  }
  if (action === 'request_info' && letter.status === 'submitted' && as !== 'triage') {
    return { ok: false, status: 403, message: '您无权对这封来信进行此操作' };
  }
  if (action === 'withdraw_consent' && !letter.consentToPublish) return { ok: false, status: 409, message: '您没有同意公开这封来信，或已撤回同意' };
  if (action === 'give_consent' && letter.consentToPublish) return { ok: false, status: 409, message: '您已同意公开这封来信' };
  if (action === 'extend' && letter.extensionDays > 0) return { ok: false, status: 409, message: '每封来信只能延期一次' };
  if (action === 'reopen' && (letter.reopened || letter.rating !== 'unsatisfied')) {
    return { ok: false, status: 409, message: letter.reopened ? '每封来信只能申请一次重新办理' : '只有评价为不满意的来信可以申请重新办理' };
  }
  return { ok: true, as };
}
