import type { Locale } from '../i18n/config';
import { aliasedTable, and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { AppError, notFound, parseInput, unauthenticated } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, assertScope, type Actor, type ActorUser, type Permission } from '../auth/permissions';
import { users } from '../accounts/schema';
import { addWorkingDays, chinaDate, loadCalendarRules, type CalendarRules } from '../calendar';
import { shareWorkingDayRules } from '../calendar/lock';
import { notifyUsers, pingUsers, type Notice } from '../notifications';
import type { RateLimitRule } from '../ratelimit';
import { publishApplicationChange } from './realtime';
import { nextTrackingNo, submitOnce } from '../cases/tracking';
import { runTransition, type Applied as EngineApplied, type CaseDomain } from '../cases/runner';
import { applyCaseAction, caseActionsView, STAFF_ONLY_EVENT_DATA, type CaseActionsView, type CaseFacts } from '../accountability/actions';
import type { CaseActionName } from '../accountability/validation';
import { DUE_SOON_WORKING_DAYS } from '../letters/queries';
import { moderators } from '../letters/staff';
import type { LetterChannel } from '../letters/schema';
import { idempotencyKey as idempotencyKeySchema, type QueueSort } from '../cases/validation';
import {
  correctionClock,
  correctionDueOn,
  correctionWindowEnd,
  extendedClock,
  loadApplicationReplyDays,
  pausedClock,
  receiptClock,
  resumedClock,
  stoppedClock,
  type Clock,
} from './application-clock';
import { APPLICATION_OPEN_STATUSES, APPLICATION_PAUSED_STATUSES, APPLICATION_TRANSITIONS, applicationRolesFor, checkApplicationTransition, type ApplicationFacts, type ApplicationWho } from './application-transitions';
import {
  APPLICATION_ACTIONS,
  applicationAction,
  applicationInput,
  applicationListQuery,
  applicationQueueExportQuery,
  applicationTrackingNo,
  type ApplicationAction,
} from './application-validation';
import { fileUrl, storeUploadedFile, type UploadedFile } from './files';
import { unclaimedApplicationNotices } from './intake';
import {
  disclosureApplicationEvents,
  disclosureApplications,
  disclosureFiles,
  type ApplicantType,
  type ApplicationOutcome,
  type ApplicationReasonCode,
  type ApplicationStatus,
} from './schema';

/**
 * 依申请公开: applications for government information (DESIGN.md §6, API.md "Archive and disclosure"), on the
 * letters' case machinery — the transition table and check (application-transitions.ts), one transaction per
 * action with the row locked and an optimistic version, the working-day clock (application-clock.ts on
 * lib/calendar), the shared tracking-number counter, notifications and the audit log.
 */

export const APPLICATION_PAGE_SIZE = 20;
export const TRACKING_PREFIX = 'GK';
const NOT_FOUND = '没有这件申请，或您无权查看';

export const OUTCOME_LABEL: Record<ApplicationOutcome, string> = {
  disclosed: '予以公开',
  partly_disclosed: '部分公开',
  withheld: '不予公开',
  unavailable: '无法提供',
  not_handled: '不予处理',
  other: '其他处理',
};

const applicantLink = (no: string) => `/disclosure/applications/${no}`;
const staffLink = (no: string) => `/workspace/moderator/applications/${no}`;

export interface SubmittedApplication {
  trackingNo: string;
  status: ApplicationStatus;
  receivedOn: string;
  dueOn: string | null;
}

async function existingSubmission(applicantId: number, key: string): Promise<SubmittedApplication | null> {
  const [row] = await db()
    .select({ trackingNo: disclosureApplications.trackingNo, status: disclosureApplications.status, receivedOn: disclosureApplications.receivedOn, dueOn: disclosureApplications.dueOn })
    .from(disclosureApplications)
    .where(and(eq(disclosureApplications.applicantId, applicantId), eq(disclosureApplications.idempotencyKey, key)));
  return row ?? null;
}

/**
 * A signed-in citizen applies (as a person or for an organisation). The application is received the day it is
 * submitted (Beijing date) and the 20-working-day clock starts then. A retried submission with the same
 * idempotency key returns the first application.
 */
export async function submitApplication(actor: Actor, input: unknown, options: { idempotencyKey?: string | null; now?: Date; locale?: Locale } = {}): Promise<SubmittedApplication> {
  assertCan(actor, 'disclosure.apply');
  const key = options.idempotencyKey ? parseInput(idempotencyKeySchema, options.idempotencyKey) : null;
  const application = parseInput(applicationInput, input);
  const applicant = actor.user;
  const now = options.now ?? new Date();
  return submitOnce(key, () => existingSubmission(applicant.id, key!), async () => {
    const result = await db().transaction(async (tx) => {
      await shareWorkingDayRules(tx);
      const rules = await loadCalendarRules(tx);
      const receivedOn = chinaDate(now);
      const limit = await loadApplicationReplyDays(tx);
      const clock = receiptClock(receivedOn, rules, limit);
      const trackingNo = await nextTrackingNo(tx, now, TRACKING_PREFIX);
      const [row] = await tx
        .insert(disclosureApplications)
        .values({ trackingNo, applicantId: applicant.id, ...application, receivedOn, ...clock, submittedAt: now, idempotencyKey: key, locale: options.locale ?? 'zh-CN' })
        .returning({ id: disclosureApplications.id });
      await tx.insert(disclosureApplicationEvents).values({
        applicationId: row!.id, type: 'submitted', actorId: applicant.id, actorRole: applicant.role, at: now,
        data: { applicantType: application.applicantType, form: application.form, dueOn: clock.dueOn },
      });
      await recordAudit(tx, actor, {
        action: 'application.submit', entityType: 'disclosure_application', entityId: trackingNo,
        details: { applicantType: application.applicantType, dueOn: clock.dueOn },
      });
      const pinged = [
        ...(await notifyUsers(tx, [applicant.id], {
          kind: 'application.submitted',
          title: `您的政府信息公开申请已提交：${trackingNo}`,
          body: `申请编号 ${trackingNo}，收到申请日期 ${receivedOn}。我们将在 ${clock.dueOn} 前答复（${limit} 个工作日，法定节假日除外）。`,
          link: applicantLink(trackingNo),
          message: { key: 'applicationSubmitted', values: { trackingNo, receivedOn, dueOn: String(clock.dueOn), limit } },
        })),
        ...(await notifyUsers(tx, await moderators(tx), {
          kind: 'application.new',
          title: `新的政府信息公开申请：${trackingNo}`,
          link: staffLink(trackingNo),
          message: { key: 'applicationNew', values: { trackingNo } },
        })),
      ];
      return { submitted: { trackingNo, status: 'submitted' as const, receivedOn, dueOn: clock.dueOn }, pinged };
    });
    pingUsers(result.pinged);
    publishApplicationChange({ trackingNo: result.submitted.trackingNo, status: 'submitted', version: 1, applicantId: applicant.id });
    return result.submitted;
  });
}

interface Locked extends ApplicationFacts, Clock {
  id: number;
  trackingNo: string;
  version: number;
  handlerId: number | null;
  description: string;
  /** Staff-entered and not yet claimed: the applicant's notices go by e-mail (lib/disclosure/intake.ts). */
  enteredById: number | null;
  claimedAt: Date | null;
  contactEmail: string | null;
  /** The applicant's language (e-mails to contactEmail). */
  locale: string;
}

type Change = Partial<typeof disclosureApplications.$inferInsert>;

interface Applied {
  change: Change;
  event: string;
  eventData: Record<string, unknown>;
  auditData?: Record<string, unknown>;
  notify: Array<{ userIds: number[]; notice: Notice }>;
}

/** The applications' part of the case engine (lib/cases/runner.ts); a reply may carry a PDF document. */
function applicationDomain(document: UploadedFile | null): CaseDomain<Locked, ApplicationAction, ApplicationWho, Change, { applicantId: number }> {
  return {
    kind: 'application',
    auditPrefix: 'application',
    entityType: 'disclosure_application',
    notFoundMessage: NOT_FOUND,
    openStatuses: APPLICATION_OPEN_STATUSES,
    async lock(tx, trackingNo) {
      const [application] = (await tx
        .select({
          id: disclosureApplications.id, trackingNo: disclosureApplications.trackingNo, status: disclosureApplications.status,
          applicantId: disclosureApplications.applicantId, receivedOn: disclosureApplications.receivedOn,
          clockStart: disclosureApplications.clockStart, remainingDays: disclosureApplications.remainingDays, dueOn: disclosureApplications.dueOn,
          extensionDays: disclosureApplications.extensionDays, correctionRequested: disclosureApplications.correctionRequested,
          correctionDueOn: disclosureApplications.correctionDueOn, version: disclosureApplications.version, handlerId: disclosureApplications.handlerId,
          description: disclosureApplications.description, enteredById: disclosureApplications.enteredById,
          claimedAt: disclosureApplications.claimedAt, contactEmail: disclosureApplications.contactEmail, locale: disclosureApplications.locale,
        })
        .from(disclosureApplications)
        .where(eq(disclosureApplications.trackingNo, trackingNo))
        .for('update')) as Locked[];
      return application;
    },
    rolesFor: applicationRolesFor,
    check: (user, application, action, { today, rules }) =>
      checkApplicationTransition(user, application, action.action, { today, correctionWindowEnd: correctionWindowEnd(application.receivedOn, rules) }),
    assertScope(actor, action, as) {
      // An API token also needs the permission of the part it plays among its scopes.
      const caseAction = CASE_ACTION_PERMISSION[action.action as CaseActionName];
      assertScope(actor, caseAction ?? (as === 'staff' ? 'disclosure.handle' : 'disclosure.apply'));
    },
    async apply({ tx, row, action, as, user, rules, today, now }) {
      const applied = await applyAction(tx, { application: row, action, as, user, rules, today, now, document });
      const notify = await unclaimedApplicationNotices(tx, row, applied.notify);
      if ('events' in applied) return { ...applied, notify };
      return { change: applied.change, events: [{ type: applied.event, data: applied.eventData }], auditData: applied.auditData, notify };
    },
    async update(tx, application, change, { as, user }) {
      const [updated] = await tx
        .update(disclosureApplications)
        .set({ ...change, ...(as === 'staff' && user && application.handlerId === null ? { handlerId: user.id } : {}), version: application.version + 1 })
        .where(and(eq(disclosureApplications.id, application.id), eq(disclosureApplications.version, application.version)))
        .returning({ status: disclosureApplications.status, version: disclosureApplications.version });
      return updated ?? null;
    },
    // Live updates of the supervision boards and of the application's pages (lib/disclosure/realtime.ts): who may
    // read it after the change is checked against its applicant.
    published: async (_tx, row) => ({ applicantId: row.applicantId }),
    publish(published, trackingNo, after) {
      publishApplicationChange({ trackingNo, ...after, applicantId: published.applicantId });
    },
    async insertEvents(tx, application, events, { user, now }) {
      await tx.insert(disclosureApplicationEvents).values(events.map((e) => ({
        applicationId: application.id, type: e.type, actorId: user?.id ?? null, actorRole: user?.role ?? 'system', at: now, public: e.public, data: e.data,
      })));
    },
  };
}

/** The permission each accountability action stands for (an API token's scopes must include it). */
const CASE_ACTION_PERMISSION: Record<CaseActionName, Permission> = { urge: 'cases.urge', supervise: 'cases.supervise', callback: 'cases.callback' };

/**
 * Staff and applicants act on an application, through the case engine's runner: one transaction with the
 * working-day rules lock (shared, taken first so a calendar edit never waits on the row while holding it), the row
 * locked, the transition checked, the change written under the version the form saw (409 when it moved on), the
 * timeline events, the audit row and the notifications. A reply may carry a PDF document, stored in the same
 * transaction.
 */
export async function actOnApplication(
  actor: Actor,
  trackingNoInput: string,
  input: unknown,
  options: { now?: Date; document?: UploadedFile | null } = {},
): Promise<{ trackingNo: string; status: ApplicationStatus; version: number }> {
  if (!actor.user) throw unauthenticated();
  const trackingNo = parseInput(applicationTrackingNo, trackingNoInput);
  const action = parseInput(applicationAction, input);
  if (options.document && action.action !== 'reply') {
    throw new AppError('invalid_input', '只有答复可以附带文件', { document: '只有答复可以附带文件' });
  }
  const done = await runTransition(applicationDomain(options.document ?? null), actor, trackingNo, action, options.now ?? new Date());
  return { trackingNo, status: done.status as ApplicationStatus, version: done.version };
}

async function staffIds(tx: Tx, handlerId: number | null): Promise<number[]> {
  const ids = await moderators(tx);
  return handlerId !== null && !ids.includes(handlerId) ? [...ids, handlerId] : ids;
}

async function applyAction(tx: Tx, ctx: {
  application: Locked;
  action: ApplicationAction;
  as: ApplicationWho;
  user: ActorUser;
  rules: CalendarRules;
  today: string;
  now: Date;
  document: UploadedFile | null;
}): Promise<Applied | EngineApplied<Change>> {
  const { application: a, action, rules, today, now } = ctx;
  const no = a.trackingNo;
  const applicant = [a.applicantId];
  const link = applicantLink(no);

  switch (action.action) {
    case 'urge':
    case 'supervise':
    case 'callback': {
      const facts: CaseFacts = {
        kind: 'application', id: a.id, trackingNo: no, title: a.description.slice(0, 50),
        open: APPLICATION_OPEN_STATUSES.includes(a.status), paused: APPLICATION_PAUSED_STATUSES.includes(a.status), dueOn: a.dueOn,
        // The disclosure office works applications; the staff page is where a 催办 or 督办 leads them.
        link: staffLink(no), handlers: await staffIds(tx, a.handlerId),
      };
      return applyCaseAction(tx, { facts, action, userId: ctx.user.id, today, now, rules });
    }
    case 'register':
      return {
        change: { status: 'registered', handlerId: ctx.user.id },
        event: 'registered',
        eventData: { dueOn: a.dueOn },
        notify: [{ userIds: applicant, notice: { kind: 'application.registered', title: `您的政府信息公开申请 ${no} 已登记办理`, body: `答复期限：${a.dueOn}`, link, ...(a.dueOn ? { message: { key: 'applicationRegistered', values: { trackingNo: no, dueOn: a.dueOn } } } : {}) } }],
      };
    case 'request_correction': {
      const due = correctionDueOn(today, rules);
      return {
        change: { status: 'needs_correction', correctionRequested: true, correctionNote: action.note, correctionDueOn: due, ...stoppedClock },
        event: 'correction_requested',
        eventData: { note: action.note, correctionDueOn: due },
        notify: [{
          userIds: applicant,
          notice: { kind: 'application.needs_correction', title: `您的政府信息公开申请 ${no} 需要补正`, body: `${action.note}\n\n请于 ${due} 前补正；逾期未补正的，视为放弃申请。`, link, message: { key: 'applicationNeedsCorrection', values: { trackingNo: no, note: action.note, dueOn: String(due) }, user: ['note'] } },
        }],
      };
    }
    case 'provide_correction': {
      // The limit counts again in full from the day the corrected application arrives (art. 30).
      const clock = correctionClock(today, a.extensionDays, rules, await loadApplicationReplyDays(tx));
      return {
        change: { status: 'registered', ...clock },
        event: 'correction_provided',
        eventData: { message: action.message, dueOn: clock.dueOn },
        notify: [
          { userIds: await staffIds(tx, a.handlerId), notice: { kind: 'application.corrected', title: `政府信息公开申请 ${no} 已补正`, link: staffLink(no), message: { key: 'applicationCorrectedStaff', values: { trackingNo: no } } } },
          { userIds: applicant, notice: { kind: 'application.corrected', title: `您的政府信息公开申请 ${no} 已补正，答复期限 ${clock.dueOn}`, link, message: { key: 'applicationCorrected', values: { trackingNo: no, dueOn: String(clock.dueOn) } } } },
        ],
      };
    }
    case 'extend': {
      const clock = extendedClock(a, action.workingDays, today, rules);
      return {
        change: { extensionDays: action.workingDays, extensionReason: action.reason, ...clock },
        event: 'extended',
        eventData: { workingDays: action.workingDays, reason: action.reason, dueOn: clock.dueOn, previousDueOn: a.dueOn },
        notify: [{
          userIds: applicant,
          notice: { kind: 'application.extended', title: `您的政府信息公开申请 ${no} 答复期限延长 ${action.workingDays} 个工作日`, body: `${action.reason}\n\n新的答复期限：${clock.dueOn}`, link, message: { key: 'applicationExtended', values: { trackingNo: no, days: action.workingDays, reason: action.reason, dueOn: String(clock.dueOn) }, user: ['reason'] } },
        }],
      };
    }
    case 'consult': {
      const clock = pausedClock(a, today, rules);
      return {
        change: { status: 'consulting', consultationNote: action.note, ...clock },
        event: 'consultation_started',
        eventData: { note: action.note, remainingDays: clock.remainingDays },
        notify: [{
          userIds: applicant,
          notice: { kind: 'application.consulting', title: `您的政府信息公开申请 ${no} 正在征求第三方意见`, body: '征求意见所需时间不计入答复期限（《政府信息公开条例》第三十三条）。', link, message: { key: 'applicationConsulting', values: { trackingNo: no } } },
        }],
      };
    }
    case 'consulted': {
      const clock = resumedClock(a, today, rules);
      return {
        change: { status: 'registered', ...clock },
        event: 'consultation_finished',
        eventData: { note: action.note, dueOn: clock.dueOn, remainingDays: clock.remainingDays },
        notify: [{ userIds: applicant, notice: { kind: 'application.consulted', title: `您的政府信息公开申请 ${no} 征求意见结束，答复期限 ${clock.dueOn}`, link, message: { key: 'applicationConsulted', values: { trackingNo: no, dueOn: String(clock.dueOn) } } } }],
      };
    }
    case 'reply': {
      // 申请人无正当理由逾期不补正: the template's 其他处理, sub-row 1 (the regulation's art. 30 deems it withdrawn).
      if (a.status === 'needs_correction' && (action.outcome !== 'other' || action.reasonCode !== 'no_correction')) {
        throw new AppError('invalid_input', '逾期未补正的申请视为放弃，只能作其他处理（申请人逾期不补正）', {
          [action.outcome === 'other' ? 'reasonCode' : 'outcome']: '逾期未补正的申请只能选择“其他处理”中的“申请人无正当理由逾期不补正”',
        });
      }
      const file = ctx.document ? await storeUploadedFile(tx, ctx.document, ctx.user.id, 'document') : null;
      // The due date stays on the row: it is the deadline this answer met or missed (statistics, annual report).
      const dueOnAtReply = a.status === 'needs_correction' ? null : a.dueOn;
      return {
        change: {
          status: 'answered', outcome: action.outcome, reasonCode: action.reasonCode, outcomeReason: action.reason, replyBody: action.body, replyFileId: file?.id ?? null,
          answeredAt: now, clockStart: null, remainingDays: null, dueOn: dueOnAtReply,
        },
        event: 'answered',
        eventData: { outcome: action.outcome, reasonCode: action.reasonCode, dueOn: dueOnAtReply, onTime: dueOnAtReply ? today <= dueOnAtReply : null, document: file?.fileName ?? null },
        auditData: { outcome: action.outcome, reasonCode: action.reasonCode, file: file ? { publicId: file.publicId, sha256: file.sha256, sizeBytes: file.sizeBytes } : null },
        notify: [{
          userIds: applicant,
          notice: { kind: 'application.answered', title: `您的政府信息公开申请 ${no} 已答复：${OUTCOME_LABEL[action.outcome]}`, link, message: { key: 'applicationAnswered', values: { trackingNo: no, outcome: action.outcome } } },
        }],
      };
    }
    case 'record_fee': {
      if (action.notifiedOn < a.receivedOn || action.notifiedOn > today || (action.paidOn && action.paidOn > today)) {
        throw new AppError('invalid_input', '提交的内容有误，请检查标出的项目', action.notifiedOn < a.receivedOn || action.notifiedOn > today
          ? { notifiedOn: `收费通知日期应在收到申请（${a.receivedOn}）与今天之间` }
          : { paidOn: '缴费日期不能晚于今天' });
      }
      const amountFen = Math.round(Number(action.amountYuan) * 100);
      const yuan = (amountFen / 100).toFixed(2);
      return {
        change: { feeAmountFen: amountFen, feeNotifiedOn: action.notifiedOn, feePaidOn: action.paidOn },
        event: 'fee_recorded',
        eventData: { amountYuan: yuan, notifiedOn: action.notifiedOn, paidOn: action.paidOn },
        auditData: { amountFen, notifiedOn: action.notifiedOn, paidOn: action.paidOn },
        notify: [{
          userIds: applicant,
          notice: action.paidOn
            ? { kind: 'application.fee', title: `您的政府信息公开申请 ${no} 信息处理费 ${yuan} 元已缴纳`, link, message: { key: 'applicationFeePaid', values: { trackingNo: no, yuan } } }
            : { kind: 'application.fee', title: `您的政府信息公开申请 ${no} 需缴纳信息处理费 ${yuan} 元`, body: `收费通知日期：${action.notifiedOn}。请按收费通知的要求缴纳；逾期未缴纳的，不再处理该申请。`, link, message: { key: 'applicationFeeDue', values: { trackingNo: no, yuan, notifiedOn: action.notifiedOn } } },
        }],
      };
    }
    case 'withdraw':
      return {
        change: { status: 'withdrawn', ...stoppedClock },
        event: 'withdrawn',
        eventData: { reason: action.reason },
        notify: [{ userIds: await staffIds(tx, a.handlerId), notice: { kind: 'application.withdrawn', title: `政府信息公开申请 ${no} 已由申请人撤回`, body: action.reason ?? undefined, link: staffLink(no), message: { key: 'applicationWithdrawnStaff', values: { trackingNo: no, reason: action.reason ?? '' }, user: ['reason'] } } }],
      };
  }
}

// ---- Reads ----

export type ApplicationBadge = 'overdue' | 'due_soon' | 'correction_expired';

export interface ApplicationSummary {
  trackingNo: string;
  status: ApplicationStatus;
  applicantType: ApplicantType;
  /** The person, or the organisation's name. */
  applicant: string;
  description: string;
  receivedOn: string;
  dueOn: string | null;
  correctionDueOn: string | null;
  outcome: ApplicationOutcome | null;
  version: number;
  badges: ApplicationBadge[];
}

export interface ApplicationView extends ApplicationSummary {
  /** How it came in (issue 17): web, or entered by staff for the applicant (phone, paper, …). */
  channel: LetterChannel;
  applicantName: string;
  organisationName: string | null;
  creditCode: string | null;
  contactPhone: string | null;
  contactAddress: string | null;
  purpose: string | null;
  form: 'electronic' | 'paper';
  submittedAt: Date;
  remainingDays: number | null;
  extensionDays: number;
  extensionReason: string | null;
  correctionRequested: boolean;
  correctionNote: string | null;
  /** Staff only: what is being asked of whom. */
  consultationNote: string | null;
  outcomeReason: string | null;
  /** The template's sub-row of the reply (withheld / unavailable / not_handled / other). */
  reasonCode: ApplicationReasonCode | null;
  /** 信息处理费: amount in yuan (two decimals), the notice's date and the payment's. */
  fee: { amountYuan: string; notifiedOn: string; paidOn: string | null } | null;
  replyBody: string | null;
  replyDocument: { id: string; fileName: string; sizeBytes: number; url: string } | null;
  answeredAt: Date | null;
  handler: string | null;
  events: Array<{ type: string; at: Date; actor: string; data: Record<string, unknown> }>;
  viewer: ApplicationWho;
  actions: Array<(typeof APPLICATION_ACTIONS)[number]>;
  /** The accountability loop on this application for this viewer (催办, 督办, 回访); not part of `actions`. */
  accountability: CaseActionsView;
}


function badgesFor(row: { status: ApplicationStatus; dueOn: string | null; correctionDueOn: string | null }, today: string, soon: string): ApplicationBadge[] {
  const badges: ApplicationBadge[] = [];
  const running = row.status === 'submitted' || row.status === 'registered';
  if (running && row.dueOn && row.dueOn < today) badges.push('overdue');
  else if (running && row.dueOn && row.dueOn <= soon) badges.push('due_soon');
  if (row.status === 'needs_correction' && row.correctionDueOn && row.correctionDueOn < today) badges.push('correction_expired');
  return badges;
}

const summaryColumns = {
  trackingNo: disclosureApplications.trackingNo,
  status: disclosureApplications.status,
  applicantType: disclosureApplications.applicantType,
  applicantName: disclosureApplications.applicantName,
  organisationName: disclosureApplications.organisationName,
  description: disclosureApplications.description,
  receivedOn: disclosureApplications.receivedOn,
  dueOn: disclosureApplications.dueOn,
  correctionDueOn: disclosureApplications.correctionDueOn,
  outcome: disclosureApplications.outcome,
  version: disclosureApplications.version,
};

type SummaryRow = { trackingNo: string; status: ApplicationStatus; applicantType: ApplicantType; applicantName: string; organisationName: string | null; description: string; receivedOn: string; dueOn: string | null; correctionDueOn: string | null; outcome: ApplicationOutcome | null; version: number };

function toSummary(r: SummaryRow, today: string, soon: string): ApplicationSummary {
  return {
    trackingNo: r.trackingNo, status: r.status, applicantType: r.applicantType, applicant: r.organisationName ?? r.applicantName,
    description: r.description, receivedOn: r.receivedOn, dueOn: r.dueOn, correctionDueOn: r.correctionDueOn, outcome: r.outcome,
    version: r.version, badges: badgesFor(r, today, soon),
  };
}

export interface ApplicationList {
  items: ApplicationSummary[];
  total: number;
  page: number;
  pageSize: number;
  counts: { open: number; overdue: number; due_soon: number; needs_correction: number; consulting: number; correction_expired: number };
}

/** The disclosure office's queue (disclosure.handle): open applications or one status; overdue first, or newest first. */
function queueScope(actor: Actor, query: { status?: ApplicationStatus; sort: QueueSort }): { filters: SQL[]; order: SQL[] } {
  assertCan(actor, 'disclosure.handle');
  const { status, sort } = query;
  return {
    filters: [status ? eq(disclosureApplications.status, status) : inArray(disclosureApplications.status, [...APPLICATION_OPEN_STATUSES])],
    order: sort === 'newest'
      ? [desc(disclosureApplications.submittedAt), desc(disclosureApplications.id)]
      : [sql`${disclosureApplications.dueOn} asc nulls last`, asc(disclosureApplications.correctionDueOn), asc(disclosureApplications.id)],
  };
}

/** The queue's CSV (GET /api/v1/disclosure/applications/export.csv): at most this many rows, in the queue's order. */
export const APPLICATION_QUEUE_CSV_MAX = 10_000;

/**
 * The disclosure office's queue as its page shows it — the same readers (disclosure.handle), the same status filter
 * and order (`sort=newest`) — every page up to APPLICATION_QUEUE_CSV_MAX, for the CSV; `total` counts them all.
 */
export async function listApplicationQueueForExport(actor: Actor, input: unknown, now = new Date()): Promise<{ items: ApplicationSummary[]; total: number }> {
  const query = parseInput(applicationQueueExportQuery, input);
  if (!actor.user) throw unauthenticated();
  const { filters, order } = queueScope(actor, query);
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db().select(summaryColumns).from(disclosureApplications).where(where).orderBy(...order).limit(APPLICATION_QUEUE_CSV_MAX),
    db().select({ n: count() }).from(disclosureApplications).where(where),
  ]);
  const rules = await loadCalendarRules(db());
  const today = chinaDate(now);
  const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS, rules);
  return { items: (rows as SummaryRow[]).map((r) => toSummary(r, today, soon)), total: total?.n ?? 0 };
}

/**
 * mine: the citizen's own applications, newest first. queue (moderators, admins): open applications, overdue
 * first, then by due date; those waiting for 补正 or a consultation (no due date) last; or with `sort=newest` the
 * latest submitted first. `status` narrows either.
 * Counts cover the whole queue, not the page.
 */
export async function listApplications(actor: Actor, input: unknown, now = new Date()): Promise<ApplicationList> {
  const { scope, status, page, sort } = parseInput(applicationListQuery, input);
  if (!actor.user) throw unauthenticated();
  let filters: SQL[] = [];
  let order: SQL[];
  if (scope === 'mine') {
    assertCan(actor, 'disclosure.apply');
    filters.push(eq(disclosureApplications.applicantId, actor.user.id));
    if (status) filters.push(eq(disclosureApplications.status, status));
    order = [desc(disclosureApplications.submittedAt), desc(disclosureApplications.id)];
  } else {
    ({ filters, order } = queueScope(actor, { status, sort }));
  }
  const where = and(...filters);
  const rules = await loadCalendarRules(db());
  const today = chinaDate(now);
  const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS, rules);
  const [rows, [total]] = await Promise.all([
    db().select(summaryColumns).from(disclosureApplications).where(where).orderBy(...order).limit(APPLICATION_PAGE_SIZE).offset((page - 1) * APPLICATION_PAGE_SIZE),
    db().select({ n: count() }).from(disclosureApplications).where(where),
  ]);
  let counts: ApplicationList['counts'] = { open: 0, overdue: 0, due_soon: 0, needs_correction: 0, consulting: 0, correction_expired: 0 };
  if (scope === 'queue') {
    const a = disclosureApplications;
    const running = sql`${a.status} in ('submitted', 'registered')`;
    const [row] = await db()
      .select({
        open: sql<number>`count(*)::int`,
        overdue: sql<number>`(count(*) filter (where ${running} and ${a.dueOn} < ${today}))::int`,
        due_soon: sql<number>`(count(*) filter (where ${running} and ${a.dueOn} >= ${today} and ${a.dueOn} <= ${soon}))::int`,
        needs_correction: sql<number>`(count(*) filter (where ${a.status} = 'needs_correction'))::int`,
        consulting: sql<number>`(count(*) filter (where ${a.status} = 'consulting'))::int`,
        correction_expired: sql<number>`(count(*) filter (where ${a.status} = 'needs_correction' and ${a.correctionDueOn} < ${today}))::int`,
      })
      .from(a)
      .where(inArray(a.status, [...APPLICATION_OPEN_STATUSES]));
    if (row) counts = row;
  }
  return { items: (rows as SummaryRow[]).map((r) => toSummary(r, today, soon)), total: total?.n ?? 0, page, pageSize: APPLICATION_PAGE_SIZE, counts };
}

const ROLE_LABEL: Record<string, string> = { citizen: '申请人', moderator: '政府信息公开工作机构', admin: '政府信息公开工作机构', system: '系统' };
/** Events whose notes are internal (who is consulted, on what): the applicant sees that it happened, not the note. */
const STAFF_ONLY_DATA = new Set(['consultation_started', 'consultation_finished']);

/**
 * getApplication's rule without reading the application: 401 for a visitor, 404 (as if it did not exist) for anyone
 * who is neither its applicant nor the disclosure office. The live pages' subscription (lib/disclosure/socket.ts).
 */
export async function assertMayReadApplication(actor: Actor, trackingNoInput: string): Promise<void> {
  if (!actor.user) throw unauthenticated();
  const trackingNo = parseInput(applicationTrackingNo, trackingNoInput);
  const [row] = await db().select({ applicantId: disclosureApplications.applicantId }).from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo));
  if (!row || applicationRolesFor(actor.user, row).length === 0) throw notFound(NOT_FOUND);
}

/**
 * Reading one application (its page and GET /api/v1/disclosure/applications/{no}) counts against the lookup budget:
 * anyone else's number is a 404, so probing numbers is limited. Citizens only: the disclosure office reads the whole
 * queue anyway, and a bureau's staff often share one address (a NAT), where their reading would spend the budget.
 */
export const APPLICATION_READ_LIMIT = { action: 'lookup', publicOnly: true } as const satisfies RateLimitRule;

/** One application, for its applicant or the disclosure staff; anyone else gets 404 as if it did not exist. */
export async function getApplication(actor: Actor, trackingNoInput: string, now = new Date()): Promise<ApplicationView> {
  if (!actor.user) throw unauthenticated();
  const user = actor.user;
  const trackingNo = parseInput(applicationTrackingNo, trackingNoInput);
  const handler = aliasedTable(users, 'handler');
  const [row] = await db()
    .select({
      ...summaryColumns,
      id: disclosureApplications.id, applicantId: disclosureApplications.applicantId, creditCode: disclosureApplications.creditCode,
      contactPhone: disclosureApplications.contactPhone, contactAddress: disclosureApplications.contactAddress, purpose: disclosureApplications.purpose,
      form: disclosureApplications.form, submittedAt: disclosureApplications.submittedAt, clockStart: disclosureApplications.clockStart,
      remainingDays: disclosureApplications.remainingDays, extensionDays: disclosureApplications.extensionDays,
      extensionReason: disclosureApplications.extensionReason, correctionRequested: disclosureApplications.correctionRequested,
      correctionNote: disclosureApplications.correctionNote, consultationNote: disclosureApplications.consultationNote,
      outcomeReason: disclosureApplications.outcomeReason, reasonCode: disclosureApplications.reasonCode,
      feeAmountFen: disclosureApplications.feeAmountFen, feeNotifiedOn: disclosureApplications.feeNotifiedOn, feePaidOn: disclosureApplications.feePaidOn,
      replyBody: disclosureApplications.replyBody, answeredAt: disclosureApplications.answeredAt,
      channel: disclosureApplications.channel,
      handler: handler.name,
      fileId: disclosureFiles.publicId, fileName: disclosureFiles.fileName, fileSize: disclosureFiles.sizeBytes,
    })
    .from(disclosureApplications)
    .leftJoin(handler, eq(disclosureApplications.handlerId, handler.id))
    .leftJoin(disclosureFiles, eq(disclosureApplications.replyFileId, disclosureFiles.id))
    .where(eq(disclosureApplications.trackingNo, trackingNo));
  const roles = row ? applicationRolesFor(user, row) : [];
  if (!row || roles.length === 0) throw notFound(NOT_FOUND);
  const viewer: ApplicationWho = roles.includes('applicant') ? 'applicant' : 'staff';
  const staffView = viewer === 'staff';

  const author = aliasedTable(users, 'author');
  const events = await db()
    .select({ type: disclosureApplicationEvents.type, at: disclosureApplicationEvents.at, actorRole: disclosureApplicationEvents.actorRole, actorName: author.name, data: disclosureApplicationEvents.data, public: disclosureApplicationEvents.public })
    .from(disclosureApplicationEvents)
    .leftJoin(author, eq(disclosureApplicationEvents.actorId, author.id))
    .where(eq(disclosureApplicationEvents.applicationId, row.id))
    .orderBy(asc(disclosureApplicationEvents.id));

  const rules = await loadCalendarRules(db());
  const today = chinaDate(now);
  const context = { today, correctionWindowEnd: correctionWindowEnd(row.receivedOn, rules) };
  return {
    ...toSummary(row as SummaryRow, today, addWorkingDays(today, DUE_SOON_WORKING_DAYS, rules)),
    channel: row.channel,
    applicantName: row.applicantName,
    organisationName: row.organisationName,
    creditCode: row.creditCode,
    contactPhone: row.contactPhone,
    contactAddress: row.contactAddress,
    purpose: row.purpose,
    form: row.form,
    submittedAt: row.submittedAt,
    remainingDays: row.remainingDays,
    extensionDays: row.extensionDays,
    extensionReason: row.extensionReason,
    correctionRequested: row.correctionRequested,
    correctionNote: row.correctionNote,
    consultationNote: staffView ? row.consultationNote : null,
    outcomeReason: row.outcomeReason,
    reasonCode: row.reasonCode,
    fee: row.feeAmountFen !== null && row.feeNotifiedOn ? { amountYuan: (row.feeAmountFen / 100).toFixed(2), notifiedOn: row.feeNotifiedOn, paidOn: row.feePaidOn } : null,
    replyBody: row.replyBody,
    replyDocument: row.fileId ? { id: row.fileId, fileName: row.fileName!, sizeBytes: row.fileSize!, url: fileUrl(row.fileId) } : null,
    answeredAt: row.answeredAt,
    handler: staffView ? row.handler : null,
    events: events
      .filter((e) => staffView || e.public)
      .map((e) => ({
        type: e.type,
        at: e.at,
        actor: staffView && e.actorName ? `${e.actorName}（${ROLE_LABEL[e.actorRole] ?? e.actorRole}）` : (ROLE_LABEL[e.actorRole] ?? e.actorRole),
        data: staffView || !(STAFF_ONLY_DATA.has(e.type) || STAFF_ONLY_EVENT_DATA.has(e.type)) ? e.data : {},
      })),
    viewer,
    actions: APPLICATION_ACTIONS.filter((name) => {
      const check = checkApplicationTransition(user, row, name, context);
      return check.ok && check.as === viewer && APPLICATION_TRANSITIONS[name].who.includes(viewer);
    }),
    accountability: await caseActionsView(
      db(),
      { kind: 'application', id: row.id, open: APPLICATION_OPEN_STATUSES.includes(row.status), paused: APPLICATION_PAUSED_STATUSES.includes(row.status), dueOn: row.dueOn },
      {
        urge: viewer === 'applicant' && checkApplicationTransition(user, row, 'urge', context).ok,
        supervise: viewer === 'staff' && checkApplicationTransition(user, row, 'supervise', context).ok,
        callback: viewer === 'staff' && checkApplicationTransition(user, row, 'callback', context).ok,
      },
      today, rules,
    ),
  };
}
