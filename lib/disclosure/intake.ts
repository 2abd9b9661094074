import { z } from 'zod';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { actsAsModerator, assertCan, type Actor } from '../auth/permissions';
import { chinaDate, loadCalendarRules } from '../calendar';
import { shareWorkingDayRules } from '../calendar/lock';
import { unclaimed } from '../cases/intake';
import { newQueryCode, nextTrackingNo, submitOnce } from '../cases/tracking';
import { idempotencyKey as idempotencyKeySchema } from '../cases/validation';
import { siteUrl } from '../env';
import { mailNoticeTo, notifyUsers, pingUsers, queueEmail, type Notice } from '../notifications';
import { translator } from '../notifications/texts';
import { publishApplicationChange } from './realtime';
import { attemptLookup } from '../ratelimit/lookup';
import { safeEqual } from '../letters/queries';
import { moderators } from '../letters/staff';
import { STAFF_CHANNELS } from '../letters/schema';
import { queryCode as queryCodeSchema } from '../letters/validation';
import { loadApplicationReplyDays, receiptClock } from './application-clock';
import { applicationIntakeInput, applicationTrackingNo } from './application-validation';
export { applicationIntakeFields } from './application-validation';
import { disclosureApplicationEvents, disclosureApplications, type ApplicationStatus } from './schema';

/**
 * Staff-entered 依申请公开 applications (issue 17 item 1, API.md "Intake"), on the letters' intake rules
 * (lib/cases/intake.ts): a handler or moderator enters an application received by phone, on paper, in person, by
 * e-mail or from 12345 for the applicant (a person or an organisation, as on the public form). The reply clock starts
 * on the day it was received (2019 regulation art. 31; the working-day calendar); the applicant gets the tracking
 * number and a query code on a printed receipt (and by e-mail, if they gave an address) and may later claim the
 * application into a citizen account. Until then the staff member who entered it holds it (`applicantId`), never
 * plays the applicant's part (applicationRolesFor gives it to citizens only), and what the applicant would be told
 * goes to `contactEmail` (unclaimedApplicationNotices).
 */

export interface EnteredApplication {
  trackingNo: string;
  queryCode: string;
  status: ApplicationStatus;
  channel: (typeof STAFF_CHANNELS)[number];
  receivedOn: string;
  dueOn: string | null;
}

async function enteredBefore(staffId: number, key: string): Promise<EnteredApplication | null> {
  const a = disclosureApplications;
  const [row] = await db()
    .select({ trackingNo: a.trackingNo, queryCode: a.queryCode, status: a.status, channel: a.channel, receivedOn: a.receivedOn, dueOn: a.dueOn })
    .from(a)
    .where(and(eq(a.applicantId, staffId), eq(a.idempotencyKey, key), isNotNull(a.enteredById)));
  return row ? { ...row, queryCode: row.queryCode ?? '', channel: row.channel as EnteredApplication['channel'] } : null;
}

/**
 * A handler, moderator or admin enters an application (permission disclosure.intake). It waits in the disclosure
 * office's queue (submitted) with the reply limit counted from `receivedOn`. One transaction with its event, audit
 * row, the office's notices and the receipt e-mail; a retried entry with the same Idempotency-Key returns the first.
 */
export async function enterApplication(actor: Actor, input: unknown, options: { now?: Date; idempotencyKey?: string | null } = {}): Promise<EnteredApplication> {
  assertCan(actor, 'disclosure.intake');
  const now = options.now ?? new Date();
  const key = options.idempotencyKey ? parseInput(idempotencyKeySchema, options.idempotencyKey) : null;
  const { channel, receivedOn, contactEmail: email, locale, ...application } = parseInput(applicationIntakeInput(chinaDate(now)), input);
  const user = actor.user;
  return submitOnce(key, () => enteredBefore(user.id, key!), async () => {
    const result = await db().transaction(async (tx) => {
      await shareWorkingDayRules(tx);
      const rules = await loadCalendarRules(tx);
      const limit = await loadApplicationReplyDays(tx);
      const clock = receiptClock(receivedOn, rules, limit);
      const trackingNo = await nextTrackingNo(tx, now, 'GK');
      const code = newQueryCode();
      const [row] = await tx
        .insert(disclosureApplications)
        .values({
          trackingNo, applicantId: user.id, ...application, receivedOn, ...clock, submittedAt: now, idempotencyKey: key,
          channel, enteredById: user.id, queryCode: code, contactEmail: email, locale,
        })
        .returning({ id: disclosureApplications.id });
      await tx.insert(disclosureApplicationEvents).values({
        applicationId: row!.id, type: 'submitted', actorId: user.id, actorRole: user.role, at: now,
        data: { applicantType: application.applicantType, form: application.form, dueOn: clock.dueOn, channel, receivedOn },
      });
      await recordAudit(tx, actor, {
        action: 'application.intake', entityType: 'disclosure_application', entityId: trackingNo,
        details: { applicantType: application.applicantType, channel, receivedOn, dueOn: clock.dueOn },
      });
      if (email) {
        // In the language recorded for the applicant (the intake form's choice).
        const t = await translator(locale);
        await queueEmail(tx, email, t('mailTexts.applicationReceiptSubject', { trackingNo }),
          `${t('mailTexts.greeting', { name: application.applicantName })}\n\n${t('mailTexts.applicationReceipt', {
            receivedOn, trackingNo, queryCode: code, dueOn: clock.dueOn ?? '', limit, claimUrl: siteUrl('/workspace/citizen/claim'),
          })}`, locale);
      }
      const office = (await moderators(tx)).filter((id) => id !== user.id);
      const pinged = await notifyUsers(tx, office, {
        kind: 'application.new', title: `新的政府信息公开申请（代为登记）：${trackingNo}`, link: `/workspace/moderator/applications/${trackingNo}`,
        message: { key: 'applicationNewEntered', values: { trackingNo } },
      });
      return { entered: { trackingNo, queryCode: code, status: 'submitted' as const, channel, receivedOn, dueOn: clock.dueOn }, pinged };
    });
    pingUsers(result.pinged);
    publishApplicationChange({ trackingNo: result.entered.trackingNo, status: 'submitted', version: 1, applicantId: user.id });
    return result.entered;
  });
}

/** What the office tells the applicant of an unclaimed application: by e-mail to the address given, not to the staff member. */
export async function unclaimedApplicationNotices<N extends { userIds: number[]; notice: Notice }>(
  tx: Tx,
  row: { trackingNo: string; applicantId: number; enteredById: number | null; claimedAt: Date | null; contactEmail: string | null; locale: string },
  notify: N[],
): Promise<N[]> {
  if (!unclaimed(row)) return notify;
  const kept: N[] = [];
  for (const n of notify) {
    if (!n.userIds.includes(row.applicantId)) {
      kept.push(n);
      continue;
    }
    const others = n.userIds.filter((id) => id !== row.applicantId);
    if (others.length) kept.push({ ...n, userIds: others });
    if (row.contactEmail) {
      const t = await translator(row.locale === 'en' ? 'en' : 'zh-CN');
      await mailNoticeTo(tx, row.contactEmail, row.locale, n.notice, t('mailTexts.unclaimedApplicationFooter', { trackingNo: row.trackingNo, claimUrl: siteUrl('/workspace/citizen/claim') }));
    }
  }
  return kept;
}

export const applicationClaimInput = z.object({
  trackingNo: z.string({ error: '请填写申请编号' }).trim().pipe(applicationTrackingNo),
  queryCode: z.string({ error: '请填写查询码' }).trim().pipe(queryCodeSchema),
});

/**
 * A signed-in citizen claims a staff-entered application with its tracking number and query code (as a letter:
 * lib/letters/intake#claimLetter): it becomes theirs. Wrong codes count as a lookup (404, then 429); an application
 * already claimed, or submitted on the web, cannot be claimed (409, with the right code only).
 */
export async function claimApplication(actor: Actor, input: unknown, now = new Date()): Promise<{ trackingNo: string }> {
  assertCan(actor, 'disclosure.apply');
  const claim = parseInput(applicationClaimInput, input);
  const user = actor.user;
  const a = disclosureApplications;
  const [found] = await db().select({ queryCode: a.queryCode }).from(a).where(eq(a.trackingNo, claim.trackingNo));
  await attemptLookup(db(), { trackingNo: claim.trackingNo, ip: actor.ip, correct: Boolean(found?.queryCode && safeEqual(found.queryCode, claim.queryCode)), now });
  let claimed: { status: string; version: number } | undefined;
  const pinged = await db().transaction(async (tx) => {
    const [row] = await tx
      .update(a)
      .set({ applicantId: user.id, claimedAt: now })
      .where(and(eq(a.trackingNo, claim.trackingNo), isNotNull(a.enteredById), isNull(a.claimedAt)))
      .returning({ id: a.id, channel: a.channel, status: a.status, version: a.version });
    if (!row) throw new AppError('conflict', '这件申请已被认领，或是在网上提交的，不能认领');
    await tx.insert(disclosureApplicationEvents).values({ applicationId: row.id, type: 'claimed', actorId: user.id, actorRole: user.role, at: now, public: false, data: { channel: row.channel } });
    await recordAudit(tx, actor, { action: 'application.claim', entityType: 'disclosure_application', entityId: claim.trackingNo, details: { channel: row.channel } });
    claimed = { status: row.status, version: row.version };
    return notifyUsers(tx, [user.id], {
      kind: 'application.submitted',
      title: `政府信息公开申请 ${claim.trackingNo} 已加入您的账号`,
      body: '办理进度和答复会通知您。',
      link: `/disclosure/applications/${claim.trackingNo}`,
      message: { key: 'applicationClaimed', values: { trackingNo: claim.trackingNo } },
    });
  });
  pingUsers(pinged);
  // The office's open page shows who it belongs to now; the staff member who entered it no longer hears of it.
  if (claimed) publishApplicationChange({ trackingNo: claim.trackingNo, ...claimed, applicantId: user.id });
  return { trackingNo: claim.trackingNo };
}

export interface ApplicationReceipt {
  trackingNo: string;
  queryCode: string;
  status: ApplicationStatus;
  channel: string;
  receivedOn: string;
  dueOn: string | null;
  workingDays: number | null;
  applicant: string;
  description: string;
}

/**
 * The printable receipt (app/workspace/disclosure/intake/[trackingNo]): for the staff member who entered it and the
 * disclosure office (moderators, admins), while nobody has claimed it; 404 for anyone else (another handler
 * included) and for a web application.
 */
export async function getApplicationReceipt(actor: Actor, trackingNoInput: string): Promise<ApplicationReceipt> {
  assertCan(actor, 'disclosure.intake');
  const trackingNo = parseInput(applicationTrackingNo, trackingNoInput);
  const user = actor.user;
  const a = disclosureApplications;
  const [row] = await db()
    .select({
      trackingNo: a.trackingNo, queryCode: a.queryCode, status: a.status, channel: a.channel, receivedOn: a.receivedOn, dueOn: a.dueOn,
      remainingDays: a.remainingDays, enteredById: a.enteredById, claimedAt: a.claimedAt, applicantName: a.applicantName,
      organisationName: a.organisationName, description: a.description,
    })
    .from(a)
    .where(eq(a.trackingNo, trackingNo));
  const mayRead = row && row.queryCode !== null && unclaimed(row) && (row.enteredById === user.id || actsAsModerator(user.role));
  if (!row || !mayRead) throw notFound('没有这件代为登记的申请，或它已被认领');
  return {
    trackingNo: row.trackingNo, queryCode: row.queryCode!, status: row.status, channel: row.channel, receivedOn: row.receivedOn,
    dueOn: row.dueOn, workingDays: row.remainingDays,
    applicant: row.organisationName ? `${row.organisationName}（${row.applicantName}）` : row.applicantName, description: row.description,
  };
}
