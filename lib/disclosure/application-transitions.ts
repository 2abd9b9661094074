import type { ActorUser } from '../auth/permissions';
import type { ApplicationStatus } from './schema';
import type { ApplicationActionName } from './application-validation';

/**
 * The lifecycle of an application for government information (依申请公开, DESIGN.md §6) as data, like the letters'
 * transitions: which states an action leaves from and who may take it. `staff` = moderators and admins (the
 * disclosure office); `applicant` = the citizen who applied.
 */
export type ApplicationWho = 'staff' | 'applicant';

/** Statuses in which an application is open (its 督办 stay open); 补正 and 征求意见 pause its clock. */
export const APPLICATION_OPEN_STATUSES: readonly ApplicationStatus[] = ['submitted', 'registered', 'needs_correction', 'consulting'];
export const APPLICATION_PAUSED_STATUSES: readonly ApplicationStatus[] = ['needs_correction', 'consulting'];

export const APPLICATION_TRANSITIONS: Record<ApplicationActionName, { from: readonly ApplicationStatus[]; who: readonly ApplicationWho[] }> = {
  register: { from: ['submitted'], who: ['staff'] },
  // 补正: asked for once, within 7 working days of receipt (art. 30), before any extension.
  request_correction: { from: ['submitted', 'registered'], who: ['staff'] },
  provide_correction: { from: ['needs_correction'], who: ['applicant'] },
  extend: { from: ['registered'], who: ['staff'] },
  consult: { from: ['registered'], who: ['staff'] },
  consulted: { from: ['consulting'], who: ['staff'] },
  // From needs_correction only once the applicant's 补正 period has passed (deemed withdrawn: 不予处理).
  reply: { from: ['registered', 'needs_correction'], who: ['staff'] },
  withdraw: { from: ['submitted', 'registered', 'needs_correction', 'consulting'], who: ['applicant'] },
  // 信息处理费: the notice while the application is worked on; its payment may be recorded after the reply too.
  record_fee: { from: ['registered', 'consulting', 'answered'], who: ['staff'] },
  // The accountability loop (issue 14): the applicant's 催办 (after the due date: lib/accountability/actions), the
  // supervisors' 督办 on an open application, a 回访 by phone after the answer.
  urge: { from: ['submitted', 'registered', 'needs_correction', 'consulting'], who: ['applicant'] },
  supervise: { from: ['submitted', 'registered', 'needs_correction', 'consulting'], who: ['staff'] },
  callback: { from: ['answered'], who: ['staff'] },
};

/** What the check needs to know about an application. Dates are Beijing dates (YYYY-MM-DD). */
export interface ApplicationFacts {
  status: ApplicationStatus;
  applicantId: number;
  receivedOn: string;
  dueOn: string | null;
  extensionDays: number;
  correctionRequested: boolean;
  correctionDueOn: string | null;
}

export function applicationRolesFor(user: ActorUser, application: Pick<ApplicationFacts, 'applicantId'>): ApplicationWho[] {
  const roles: ApplicationWho[] = [];
  if (user.role === 'moderator' || user.role === 'admin') roles.push('staff');
  if (user.role === 'citizen' && user.id === application.applicantId) roles.push('applicant');
  return roles;
}

export type ApplicationCheck = { ok: true; as: ApplicationWho } | { ok: false; status: 403 | 409; message: string };

/**
 * Whether `user` may take `action` now. 403: no part in it; 409: the state or a one-time rule forbids it.
 * `context.today` and `context.correctionWindowEnd` (the 7th working day after receipt) come from the calendar.
 */
export function checkApplicationTransition(
  user: ActorUser,
  application: ApplicationFacts,
  action: ApplicationActionName,
  context: { today: string; correctionWindowEnd: string },
): ApplicationCheck {
  const rule = APPLICATION_TRANSITIONS[action];
  const as = applicationRolesFor(user, application).find((r) => rule.who.includes(r));
  if (!as) return { ok: false, status: 403, message: '您无权对这件申请进行此操作' };
  if (!rule.from.includes(application.status)) return { ok: false, status: 409, message: '已被他人处理或当前状态不允许此操作，请刷新后重试' };
  const { today } = context;
  switch (action) {
    case 'request_correction':
      if (application.correctionRequested) return { ok: false, status: 409, message: '补正只能要求一次' };
      if (application.extensionDays > 0) return { ok: false, status: 409, message: '已延期的申请不能再要求补正' };
      if (today > context.correctionWindowEnd) return { ok: false, status: 409, message: `补正须在收到申请之日起 7 个工作日内（${context.correctionWindowEnd} 前）一次性告知` };
      break;
    case 'provide_correction':
      if (application.correctionDueOn && today > application.correctionDueOn) {
        return { ok: false, status: 409, message: `补正期限（${application.correctionDueOn}）已过，视为放弃申请；如仍需要，请重新提交申请` };
      }
      break;
    case 'extend':
      if (application.extensionDays > 0) return { ok: false, status: 409, message: '每件申请只能延期一次' };
      if (application.dueOn && today > application.dueOn) return { ok: false, status: 409, message: '已超过答复期限，不能再延期' };
      break;
    case 'reply':
      if (application.status === 'needs_correction' && (!application.correctionDueOn || today <= application.correctionDueOn)) {
        return { ok: false, status: 409, message: '申请人补正期限未满，暂不能答复' };
      }
      break;
  }
  return { ok: true, as };
}
