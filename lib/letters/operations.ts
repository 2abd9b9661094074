import { and, eq, inArray } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { AppError, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, assertScope, type Actor, type ActorUser, type Permission } from '../auth/permissions';
import { departments } from '../accounts/schema';
import { chinaDate, loadCalendarRules, workingDaysBetween, type CalendarRules } from '../calendar';
import { newQueryCode, nextTrackingNo, submitOnce } from '../cases/tracking';
import { runSystemStep, runTransition, type Applied, type CaseDomain, type CaseEvent } from '../cases/runner';
import { applyCaseAction, type CaseFacts } from '../accountability/actions';
import { shareWorkingDayRules } from '../calendar/lock';
import { mailNoticeTo, notifyUsers, pingUsers, queueEmail, type Notice } from '../notifications';
import { translator } from '../notifications/texts';
import type { Locale } from '../i18n/config';
import { siteUrl } from '../env';
import { dueOn, loadDeadlines } from './deadlines';
import { publishLetterChange } from './realtime';
import { letterEvents, letterMessages, letters, type LetterChannel, type LetterKind, type LetterStatus } from './schema';
import { ATTACHMENT_FIELD, storeAttachments, type PreparedAttachment } from './attachments';
import { archiveEntries } from '../archive/schema';
import { checkTransition, LETTER_OPEN_STATUSES, rolesFor, type LetterFacts, type Who } from './transitions';
import { answerAccess, mergeRoot, mergedDescendants, PRIVATE_ANSWER_MESSAGE } from './merge';
import { moderators, staffOfDepartment } from './staff';
import { entrySourceChangedNotice, letterEntryWasPublished, withdrawLetterEntry } from '../archive/curation';
import { letterAction, letterInput, type LetterAction, type LetterActionName } from './validation';
import { checkLetterTopic, topicPathNames } from '../topics';
import { idempotencyKey as idempotencyKeySchema, trackingNo as trackingNoSchema } from '../cases/validation';

export interface SubmittedLetter {
  trackingNo: string;
  queryCode: string;
  status: LetterStatus;
}

const KIND_LABEL = { inquiry: '咨询', complaint: '投诉', suggestion: '建议' } as const;

export async function departmentByPublicId(tx: Tx, publicId: string, field = 'departmentId') {
  const [dept] = await tx
    .select({ id: departments.id, publicId: departments.publicId, name: departments.name, nameEn: departments.nameEn })
    .from(departments)
    .where(and(eq(departments.publicId, publicId), eq(departments.active, true)));
  if (!dept) throw new AppError('invalid_input', '没有这个部门', { [field]: '没有这个部门' });
  return dept;
}

/** Who hears about a letter: its department's staff, or the moderators while it awaits routing. */
/**
 * The permission (lib/auth/permissions.ts) each letter action stands for, by the part the actor plays: what an API
 * token's scopes must include to take it. The transition table (transitions.ts) still decides who may act.
 */
export const LETTER_ACTION_PERMISSION: Record<LetterActionName, Partial<Record<Who, Permission>>> = {
  accept: { triage: 'letters.triage' },
  reject: { triage: 'letters.triage' },
  merge: { triage: 'letters.triage' },
  request_info: { triage: 'letters.triage', department: 'letters.reply' },
  transfer: { triage: 'letters.transfer', department: 'letters.transfer' },
  extend: { department: 'letters.extend' },
  reply: { department: 'letters.reply' },
  provide_info: { writer: 'letters.create' },
  rate: { writer: 'letters.rate' },
  reopen: { writer: 'letters.rate' },
  urge: { writer: 'cases.urge' },
  supervise: { triage: 'cases.supervise' },
  callback: { triage: 'cases.callback' },
  withdraw_consent: { writer: 'letters.create' },
  give_consent: { writer: 'letters.create' },
  set_topic: { triage: 'letters.triage', department: 'letters.reply' },
};

function staffIds(tx: Tx, departmentId: number | null): Promise<number[]> {
  return departmentId === null ? moderators(tx) : staffOfDepartment(tx, departmentId);
}

/** Tracking numbers are the case engine's (lib/cases/tracking.ts); re-exported for the letters' callers. */
export { nextTrackingNo };

async function existingSubmission(writerId: number, key: string): Promise<SubmittedLetter | null> {
  const [row] = await db()
    .select({ trackingNo: letters.trackingNo, queryCode: letters.queryCode, status: letters.status })
    .from(letters)
    .where(and(eq(letters.writerId, writerId), eq(letters.idempotencyKey, key)));
  return row ?? null;
}

/**
 * A citizen writes a letter. With an idempotency key, a retried submission returns the first letter instead of
 * creating a second one (also when both arrive at once: the unique index decides).
 */
export async function submitLetter(actor: Actor, input: unknown, options: { idempotencyKey?: string | null; now?: Date; locale?: Locale } = {}): Promise<SubmittedLetter> {
  assertCan(actor, 'letters.create');
  const key = options.idempotencyKey ? parseInput(idempotencyKeySchema, options.idempotencyKey) : null;
  const letter = parseInput(letterInput, input);
  const writer = actor.user;
  const now = options.now ?? new Date();
  return submitOnce(key, () => existingSubmission(writer.id, key!), async () => {
    const result = await db().transaction(async (tx) => {
      await shareWorkingDayRules(tx);
      const dept = letter.departmentId ? await departmentByPublicId(tx, letter.departmentId) : null;
      const topic = await checkLetterTopic(tx, letter.topicId, letter.districtId);
      return createLetter(tx, actor, {
        kind: letter.kind, title: letter.title, body: letter.body, consentToPublish: letter.consentToPublish,
        requestedDepartment: dept, channel: 'web', idempotencyKey: key, locale: options.locale,
        topic: { ...topic, place: letter.place || null },
        // similarShown: the letter was sent although the form suggested that many published answers.
        eventData: letter.similarShown ? { similarShown: letter.similarShown } : {},
      }, now);
    });
    afterCreate(result);
    const { trackingNo, queryCode, status } = result.submitted;
    return { trackingNo, queryCode, status };
  });
}

/** What createLetter writes: the letter as a citizen wrote it or as staff entered it (lib/letters/intake.ts). */
export interface NewLetter {
  kind: LetterKind;
  title: string;
  body: string;
  consentToPublish: boolean;
  /** The department the writer (or the staff member entering it) named; null for "不确定". */
  requestedDepartment: { id: number; publicId: string; name: string } | null;
  channel: LetterChannel;
  idempotencyKey?: string | null;
  /** The writer's language (letters.locale): the page's on the web, the intake form's choice when staff enter it. */
  locale?: Locale;
  /** Staff-entered: the date received (the clock starts there) and who entered it for whom. */
  intake?: {
    receivedOn: string;
    /** Routed at entry: the letter starts accepted in the requested department, its kind's clock from receivedOn. */
    acceptNow: boolean;
    onBehalf: { name: string; phone: string | null; email: string | null };
  };
  eventData?: Record<string, unknown>;
  /** 诉求分类 (lib/topics): topic and district already checked (checkLetterTopic), the place as written. */
  topic?: { topicId: number | null; districtId: number | null; place: string | null };
}

export interface CreatedLetter {
  submitted: SubmittedLetter & { dueOn: string; letterId: number };
  pinged: string[];
  departmentPublicIds: string[];
}

/**
 * The one place a letter is created, inside the caller's transaction (which holds the working-day rules shared):
 * the row with its tracking number, query code and clock, the `submitted` event, the audit row and the notices. A web
 * letter (submitLetter) starts the triage clock today; a staff-entered one (enterLetter) starts it on the day it was
 * received — routed at entry, its kind's clock in that department; otherwise the triage clock.
 */
export async function createLetter(tx: Tx, actor: Actor & { user: ActorUser }, letter: NewLetter, now: Date): Promise<CreatedLetter> {
  const [limits, rules] = await Promise.all([loadDeadlines(tx), loadCalendarRules(tx)]);
  const intake = letter.intake;
  const clockStart = intake?.receivedOn ?? chinaDate(now);
  const dept = letter.requestedDepartment;
  const accepted = Boolean(intake?.acceptNow && dept);
  const days = accepted ? limits[letter.kind] : limits.triage;
  const due = dueOn(clockStart, days, rules);
  const trackingNo = await nextTrackingNo(tx, now);
  const queryCode = newQueryCode();
  const user = actor.user;
  const [row] = await tx
    .insert(letters)
    .values({
      trackingNo,
      queryCode,
      kind: letter.kind,
      status: accepted ? 'accepted' : 'submitted',
      // Staff-entered: held by the staff member who entered it until the person claims it (schema.ts).
      writerId: user.id,
      requestedDepartmentId: dept?.id ?? null,
      departmentId: accepted ? dept!.id : null,
      acceptedAt: accepted ? now : null,
      title: letter.title,
      body: letter.body,
      consentToPublish: letter.consentToPublish,
      submittedAt: now,
      clockStart,
      remainingDays: days,
      dueOn: due,
      idempotencyKey: letter.idempotencyKey ?? null,
      channel: letter.channel,
      locale: letter.locale ?? 'zh-CN',
      ...(letter.topic ? { topicId: letter.topic.topicId, districtId: letter.topic.districtId, place: letter.topic.place } : {}),
      ...(intake
        ? {
          receivedOn: intake.receivedOn, enteredById: user.id,
          onBehalfName: intake.onBehalf.name, onBehalfPhone: intake.onBehalf.phone, onBehalfEmail: intake.onBehalf.email,
        }
        : {}),
    })
    .returning({ id: letters.id });
  const letterId = row!.id;
  await tx.insert(letterEvents).values({
    letterId,
    type: 'submitted',
    actorId: user.id,
    actorRole: user.role,
    at: now,
    data: {
      kind: letter.kind, requestedDepartment: dept?.name ?? null,
      ...(intake ? { channel: letter.channel, receivedOn: intake.receivedOn } : {}),
      ...letter.eventData,
    },
  });
  if (accepted) {
    await tx.insert(letterEvents).values({ letterId, type: 'accepted', actorId: user.id, actorRole: user.role, at: now, data: { department: dept!.name } });
  }
  await recordAudit(tx, actor, {
    action: intake ? 'letter.intake' : 'letter.submit', entityType: 'letter', entityId: trackingNo,
    details: intake
      ? { kind: letter.kind, channel: letter.channel, receivedOn: intake.receivedOn, department: dept?.publicId ?? null, accepted }
      : { kind: letter.kind, ...(letter.topic?.topicId ? { topicId: letter.topic.topicId } : {}) },
  });
  const link = `/letters/${trackingNo}`;
  const pinged: string[] = [];
  if (!intake) {
    pinged.push(...await notifyUsers(tx, [user.id], {
      kind: 'letter.submitted',
      title: `您的${KIND_LABEL[letter.kind]}已提交：${trackingNo}`,
      body: `查询编号 ${trackingNo}，查询码 ${queryCode}。我们会在法定时限内办理。`,
      link,
      message: { key: 'letterSubmitted', values: { kind: letter.kind, trackingNo, queryCode } },
    }));
  } else if (intake.onBehalf.email) {
    // The person has no account yet: the receipt goes to the address they gave (an e-mail, not a notification).
    // In the language recorded for the person (the intake form's choice).
    const locale = letter.locale ?? 'zh-CN';
    const t = await translator(locale);
    await queueEmail(tx, intake.onBehalf.email, t('mailTexts.letterReceiptSubject', { kind: letter.kind, trackingNo }),
      `${t('mailTexts.greeting', { name: intake.onBehalf.name })}\n\n${t('mailTexts.letterReceipt', {
        receivedOn: intake.receivedOn, kind: letter.kind, title: letter.title, trackingNo, queryCode, dueOn: due,
        lookupUrl: siteUrl('/letters/lookup'), claimUrl: siteUrl('/workspace/citizen/claim'),
      })}`, locale);
  }
  const staff = accepted ? await staffOfDepartment(tx, dept!.id) : await moderators(tx);
  pinged.push(...await notifyUsers(tx, staff.filter((id) => id !== user.id), accepted
    ? { kind: 'letter.assigned', title: `新分办来信：${letter.title}`, link, message: { key: 'letterAssignedStaff', values: { title: letter.title }, user: ['title'] } }
    : { kind: 'letter.triage', title: `新来信待分办：${letter.title}`, link, message: { key: 'letterTriage', values: { title: letter.title }, user: ['title'] } }));
  const status = accepted ? 'accepted' as const : 'submitted' as const;
  return {
    submitted: { trackingNo, queryCode, status, dueOn: due, letterId },
    pinged,
    departmentPublicIds: accepted ? [dept!.publicId] : [],
  };
}

/** After commit: ping the notified and broadcast the new letter to the queues that show it. */
export function afterCreate(result: CreatedLetter): void {
  pingUsers(result.pinged);
  publishLetterChange({
    trackingNo: result.submitted.trackingNo, status: result.submitted.status, version: 1,
    departmentPublicIds: result.departmentPublicIds, triage: result.submitted.status === 'submitted',
  });
}

/** The locked row: the facts the transition check needs, plus what the actions change. */
interface Locked extends LetterFacts {
  id: number;
  trackingNo: string;
  kind: keyof typeof KIND_LABEL;
  clockStart: string | null;
  remainingDays: number | null;
  dueOn: string | null;
  version: number;
  title: string;
  /** Staff-entered and not yet claimed: notices meant for the writer go to the person's e-mail (if any) instead. */
  enteredById: number | null;
  claimedAt: Date | null;
  onBehalfEmail: string | null;
  /** The writer's language (e-mails to onBehalfEmail). */
  locale: string;
}

type Change = Partial<typeof letters.$inferInsert>;


/** The letters' part of the case engine (lib/cases/runner.ts): their transition table and action handler. */
const LETTER_DOMAIN: CaseDomain<Locked, LetterAction, Who, Change, { deptPublicIds: string[]; triage: boolean; alsoChanged: string[]; released: Released[] }> = {
  kind: 'letter',
  auditPrefix: 'letter',
  entityType: 'letter',
  notFoundMessage: '没有这封来信，或您无权查看',
  openStatuses: LETTER_OPEN_STATUSES,
  async lock(tx, trackingNo, action) {
    // A merge changes two letters' groups: lock both rows in one order, so two merges in opposite directions wait
    // for each other instead of both succeeding (a cycle) or deadlocking, and a reply to the target waits too.
    if (action.action === 'merge') {
      await tx.select({ id: letters.id }).from(letters)
        .where(inArray(letters.trackingNo, [trackingNo, action.intoTrackingNo])).orderBy(letters.id).for('update');
    }
    const [letter] = (await tx
      .select({
        id: letters.id, trackingNo: letters.trackingNo, kind: letters.kind, status: letters.status, writerId: letters.writerId,
        departmentId: letters.departmentId, acceptedAt: letters.acceptedAt, extensionDays: letters.extensionDays,
        reopened: letters.reopened, rating: letters.rating, clockStart: letters.clockStart, remainingDays: letters.remainingDays,
        dueOn: letters.dueOn, version: letters.version, title: letters.title, consentToPublish: letters.consentToPublish,
        enteredById: letters.enteredById, claimedAt: letters.claimedAt, onBehalfEmail: letters.onBehalfEmail, locale: letters.locale,
      })
      .from(letters)
      .where(eq(letters.trackingNo, trackingNo))
      .for('update')) as Locked[];
    return letter;
  },
  rolesFor,
  check: (user, letter, action) => checkTransition(user, letter, action.action),
  assertScope(actor, action, as) {
    // An API token also needs the permission that names this action among its scopes.
    const needed = LETTER_ACTION_PERMISSION[action.action][as];
    if (needed) assertScope(actor, needed);
    else if (actor.token) throw new AppError('forbidden', 'API 令牌不能进行此操作');
  },
  async apply({ tx, actor, row, action, as, user, rules, today, now }) {
    const limits = await loadDeadlines(tx);
    const applied = await applyAction(tx, { letter: row, action, as, actor: actor as Actor & { user: ActorUser }, user, limits, rules, today, now });
    return unclaimedNotices(tx, row, applied);
  },
  async update(tx, letter, change) {
    const [updated] = await tx
      .update(letters)
      .set({ ...change, version: letter.version + 1 })
      .where(and(eq(letters.id, letter.id), eq(letters.version, letter.version)))
      .returning({ status: letters.status, version: letters.version });
    // The board shows the writer's rating from the archive entry (lib/archive/schema.ts#rating): keep it in step,
    // in this transaction (rate sets it; reopen and 重办 clear it).
    if (updated && 'rating' in change) {
      await tx.update(archiveEntries).set({ rating: change.rating ?? null }).where(eq(archiveEntries.letterId, letter.id));
    }
    return updated ?? null;
  },
  async insertEvents(tx, letter, events, { user, now }) {
    await tx.insert(letterEvents).values(events.map((e) => ({
      letterId: letter.id, type: e.type, actorId: user?.id ?? null, actorRole: user?.role ?? 'system', at: now, public: e.public, data: e.data,
    })));
  },
  async published(tx, letter, after, applied) {
    const [current] = await tx.select({ departmentId: letters.departmentId }).from(letters).where(eq(letters.id, letter.id));
    const deptIds = [...new Set([letter.departmentId, current?.departmentId ?? null].filter((d): d is number => d !== null))];
    const deptPublicIds = deptIds.length
      ? (await tx.select({ publicId: departments.publicId }).from(departments).where(inArray(departments.id, deptIds))).map((d) => d.publicId)
      : [];
    const { alsoChanged = [], released = [] } = applied as LetterApplied;
    return { deptPublicIds, triage: letter.status === 'submitted' || after.status === 'submitted', alsoChanged, released };
  },
  publish({ deptPublicIds, triage, alsoChanged, released }, trackingNo, after) {
    publishLetterChange({ trackingNo, status: after.status, version: after.version, departmentPublicIds: deptPublicIds, triage });
    for (const other of alsoChanged) publishLetterChange({ trackingNo: other, status: 'merged', version: 0, departmentPublicIds: [], triage: false });
    for (const r of released) publishLetterChange({ trackingNo: r.trackingNo, status: 'submitted', version: r.version, departmentPublicIds: [], triage: true });
  },
};

/**
 * Staff and writers act on a letter (API.md "actions"), through the case engine's runner: one transaction that
 * locks the row, checks the transition and the permission, changes the letter with a version check, appends the
 * events, the message and the audit row, queues notifications; broadcast after commit. Returns the new status
 * and version.
 */
export async function actOnLetter(
  actor: Actor, trackingNoInput: string, input: unknown, now = new Date(), options: { attachments?: PreparedAttachment[] } = {},
): Promise<{ trackingNo: string; status: LetterStatus; version: number }> {
  if (!actor.user) throw new AppError('unauthenticated', '请先登录');
  const trackingNo = parseInput(trackingNoSchema, trackingNoInput);
  const action = parseInput(letterAction, input);
  const attachments = options.attachments ?? [];
  // Files go with a follow-up that writes a message (a reply, a request for information, the writer's answer to it),
  // stored with it in the action's transaction.
  const domain: typeof LETTER_DOMAIN = attachments.length
    ? {
      ...LETTER_DOMAIN,
      async apply(ctx) {
        const applied = await LETTER_DOMAIN.apply(ctx) as LetterApplied;
        if (!applied.message) throw new AppError('invalid_input', '此操作不能附带附件', { [ATTACHMENT_FIELD]: '此操作不能附带附件' });
        const message = applied.message;
        return {
          ...applied,
          also: async (t) => {
            const messageId = await message(t);
            await storeAttachments(t, ctx.actor as Actor & { user: ActorUser },
              { letterId: ctx.row.id, trackingNo: ctx.row.trackingNo, writerId: ctx.row.writerId, messageId }, attachments);
          },
        };
      },
    }
    : LETTER_DOMAIN;
  const done = await runTransition(domain, actor, trackingNo, action, now);
  return { trackingNo, status: done.status as LetterStatus, version: done.version };
}

/**
 * The ladder's 未评价 closing (lib/accountability/ladder.ts) of one answered, unrated letter, inside the ladder's
 * batch transaction, through the case engine like any action: row locked, version bumped, `closed_unrated` event,
 * audit row as the system, the writer told (or an unclaimed staff-entered letter's e-mail address), broadcast by
 * `afterCommit`. Null when the letter was rated or moved on meanwhile. The caller holds the working-day rules lock.
 */
export async function closeUnrated(
  tx: Tx, trackingNo: string, now: Date, step: { round: number; workingDays: number },
): Promise<{ status: string; version: number; afterCommit: () => void } | null> {
  return runSystemStep(tx, LETTER_DOMAIN, trackingNo, {
    name: 'closed_unrated',
    async apply({ tx: t, row }) {
      if (row.status !== 'answered' || row.rating !== null) return null;
      const details = { round: step.round, workingDays: step.workingDays };
      return unclaimedNotices<LetterApplied>(t, row, {
        change: { status: 'closed', closedAt: now },
        events: [{ type: 'closed_unrated', data: details }],
        auditData: details,
        notify: [{
          userIds: [row.writerId],
          notice: {
            kind: 'letter.closed_unrated',
            title: `您的来信 ${row.trackingNo} 已办结（未评价）`,
            body: `答复后 ${step.workingDays} 个工作日内未评价，来信已办结，记为“未评价”。`,
            link: `/letters/${row.trackingNo}`,
            message: { key: 'letterClosedUnrated', values: { trackingNo: row.trackingNo, days: step.workingDays } },
          },
        }],
      });
    },
  }, now);
}

/**
 * A staff-entered letter nobody claimed yet is held by the staff member who entered it (schema.ts): what the writer
 * would be told goes by e-mail to the person's address, if they gave one (the same notice, in the same transaction);
 * the staff member is not told as if they had written it.
 */
type NoticeHolder = Pick<Locked, 'trackingNo' | 'writerId' | 'enteredById' | 'claimedAt' | 'onBehalfEmail' | 'locale'>;

async function unclaimedNotices<T extends Pick<LetterApplied, 'notify'>>(tx: Tx, row: NoticeHolder, applied: T): Promise<T> {
  if (row.enteredById === null || row.claimedAt !== null) return applied;
  const notify: LetterApplied['notify'] = [];
  for (const n of applied.notify) {
    if (!n.userIds.includes(row.writerId)) {
      notify.push(n);
      continue;
    }
    const others = n.userIds.filter((id) => id !== row.writerId);
    if (others.length) notify.push({ ...n, userIds: others });
    if (row.onBehalfEmail) {
      const t = await translator(row.locale === 'en' ? 'en' : 'zh-CN');
      await mailNoticeTo(tx, row.onBehalfEmail, row.locale, n.notice, t('mailTexts.unclaimedLetterFooter', { trackingNo: row.trackingNo, lookupUrl: siteUrl('/letters/lookup') }));
    }
  }
  return { ...applied, notify };
}

/** Notices to the writers of other letters in a merge group, each as its own writer is told (see above). */
async function membersTold(tx: Tx, members: Array<NoticeHolder & { trackingNo: string }>, notice: (m: NoticeHolder) => Notice): Promise<LetterApplied['notify']> {
  const notify: LetterApplied['notify'] = [];
  for (const m of members) notify.push(...(await unclaimedNotices(tx, m, { notify: [{ userIds: [m.writerId], notice: notice(m) }] })).notify);
  return notify;
}

/** What a letter action gives the runner: the engine's Applied, plus the merged duplicates to broadcast. */
interface LetterApplied extends Applied<Change> {
  /** Other letters whose pages show this change (duplicates merged into this one). */
  alsoChanged?: string[];
  /** Duplicates that left this letter's group and await routing again (a 不予受理: releaseDuplicates). */
  released?: Released[];
  /** Writes the action's message (also run by `also`), returning its id: follow-up attachments go with it. */
  message?: (tx: Tx) => Promise<number>;
}

/** One event, in the shape the letter actions below were written in. */
interface Step {
  change: Change | null;
  event: string;
  eventData: Record<string, unknown>;
  /** More events after the first (a 重办 after the rating that caused it). */
  more?: CaseEvent[];
  /** The events instead of event/eventData (the case actions, which bring their own). */
  events?: CaseEvent[];
  auditData?: Record<string, unknown>;
  message?: { kind: 'answer' | 'info_request' | 'info_provided'; body: string };
  alsoChanged?: string[];
  released?: Released[];
  notify: Applied<Change>['notify'];
}

interface Released { trackingNo: string; version: number }

/** The notice of a group member whose letter shows the answer of `target`, the group's root. */
const answeredWith = (trackingNo: string, target: string): Notice => ({
  kind: 'letter.answered', title: `您的来信 ${trackingNo} 已随来信 ${target} 答复`, link: `/letters/${trackingNo}`,
  message: { key: 'letterAnsweredWith', values: { trackingNo, target } },
});

/**
 * A letter refused (不予受理) does not refuse the duplicates merged into it: its reason may be its own writer's alone
 * (no way to reach them, a matter only they raised), and nobody decided on the others. Each duplicate merged
 * directly into it leaves the group and awaits routing again, with the routing limit from today; a duplicate's own
 * followers stay with it. Each gets its version bumped, a timeline event, an audit row, and its writer is told.
 * Rows are locked after the refused letter's, in id order (a merge locks its two letters the same way).
 */
async function releaseDuplicates(
  tx: Tx, root: Locked, actor: Actor, clock: { days: number; rules: CalendarRules; today: string; now: Date },
): Promise<{ letters: Released[]; notify: LetterApplied['notify'] }> {
  const direct = await tx
    .select({
      id: letters.id, trackingNo: letters.trackingNo, writerId: letters.writerId, version: letters.version,
      enteredById: letters.enteredById, claimedAt: letters.claimedAt, onBehalfEmail: letters.onBehalfEmail, locale: letters.locale,
    })
    .from(letters)
    .where(and(eq(letters.mergedIntoId, root.id), eq(letters.status, 'merged')))
    .orderBy(letters.id)
    .for('update');
  const released: Released[] = [];
  for (const d of direct) {
    const [row] = await tx.update(letters)
      .set({
        status: 'submitted', mergedIntoId: null, closedAt: null, version: d.version + 1,
        clockStart: clock.today, remainingDays: clock.days, dueOn: dueOn(clock.today, clock.days, clock.rules),
      })
      .where(eq(letters.id, d.id))
      .returning({ version: letters.version });
    await tx.insert(letterEvents).values({
      letterId: d.id, type: 'unmerged', actorId: actor.user?.id ?? null, actorRole: actor.user?.role ?? 'system', at: clock.now, public: true,
      data: { from: root.trackingNo, dueOnBefore: null },
    });
    await recordAudit(tx, actor, {
      action: 'letter.unmerge', entityType: 'letter', entityId: d.trackingNo,
      details: { from: 'merged', to: 'submitted', group: root.trackingNo, reason: 'not_accepted' },
    });
    released.push({ trackingNo: d.trackingNo, version: row!.version });
  }
  const notify = await membersTold(tx, direct, (m) => ({
    kind: 'letter.merged', title: `您的来信 ${m.trackingNo} 将单独办理`, body: `与之合并办理的来信 ${root.trackingNo} 不予受理，您的来信已退回待受理，将单独办理。`,
    link: `/letters/${m.trackingNo}`, message: { key: 'letterUnmerged', values: { trackingNo: m.trackingNo, from: root.trackingNo } },
  }));
  return { letters: released, notify };
}

async function applyAction(tx: Tx, ctx: {
  letter: Locked;
  action: LetterAction;
  as: Who;
  actor: Actor & { user: ActorUser };
  user: ActorUser;
  limits: Awaited<ReturnType<typeof loadDeadlines>>;
  rules: Awaited<ReturnType<typeof loadCalendarRules>>;
  today: string;
  now: Date;
}): Promise<LetterApplied> {
  const step = await letterStep(tx, ctx);
  const { letter, user } = ctx;
  const message = step.message
    ? async (t: Tx) => {
      const [row] = await t.insert(letterMessages).values({
        letterId: letter.id, kind: step.message!.kind, authorId: user.id, departmentId: user.departmentId, body: step.message!.body, createdAt: ctx.now,
      }).returning({ id: letterMessages.id });
      return row!.id;
    }
    : undefined;
  return {
    change: step.change,
    events: step.events ?? [{ type: step.event, data: step.eventData }, ...(step.more ?? [])],
    auditData: step.auditData,
    notify: step.notify,
    alsoChanged: step.alsoChanged,
    released: step.released,
    message,
    also: message ? async (t) => { await message(t); } : undefined,
  };
}

async function letterStep(tx: Tx, ctx: Parameters<typeof applyAction>[1]): Promise<Step> {
  const { letter, action, limits, rules, today, now } = ctx;
  const link = `/letters/${letter.trackingNo}`;
  // Staff work a letter on the same page as its writer reads it (app/letters/[trackingNo]): the page shows each viewer
  // what they may see and do. There is no separate staff letter page.
  const staffLink = link;
  const writer = [letter.writerId];
  const startClock = (days: number) => ({ clockStart: today, remainingDays: days, dueOn: dueOn(today, days, rules) });
  const stopClock = { clockStart: null, remainingDays: null, dueOn: null };

  switch (action.action) {
    case 'urge':
    case 'supervise':
    case 'callback': {
      const facts: CaseFacts = {
        kind: 'letter', id: letter.id, trackingNo: letter.trackingNo, title: letter.title,
        open: LETTER_OPEN_STATUSES.includes(letter.status), paused: letter.status === 'needs_info', dueOn: letter.dueOn, link,
        handlers: await staffIds(tx, letter.departmentId),
      };
      const applied = await applyCaseAction(tx, { facts, action, userId: ctx.user.id, today, now, rules });
      return { change: null, event: '', eventData: {}, events: applied.events, auditData: applied.auditData, notify: applied.notify };
    }
    case 'withdraw_consent': {
      // PIPL art. 15: in this one transaction the consent goes, and with it every public trace of the letter — its
      // archive entry (pages, search, feeds, sitemap, catalogue item: they all read published entries only) and its
      // Open311 record (which lists consenting letters only). Not a change of the letter's handling: no version bump,
      // so staff working the letter are not sent back by a 409.
      await tx.update(letters).set({ consentToPublish: false }).where(eq(letters.id, letter.id));
      const entry = await withdrawLetterEntry(tx, ctx.actor, letter, now);
      const reason = action.reason || null;
      return {
        change: null,
        event: 'consent_withdrawn',
        eventData: { reason },
        auditData: { reason, ...(entry ? { archiveEntry: entry.publicId, archiveStatus: entry.was } : {}) },
        notify: entry
          ? [{
            userIds: await moderators(tx),
            notice: {
              kind: 'archive.consent_withdrawn',
              title: `来信 ${letter.trackingNo} 的来信人撤回了公开同意`,
              body: entry.was === 'published' ? '其答复公开条目已自动撤下，并已从政府信息公开目录中撤回；不能再次发布。' : '其答复公开条目已移入“已撤下”，不能发布。',
              link: `/workspace/moderator/archive/${entry.publicId}`,
              message: { key: 'archiveConsentWithdrawn', values: { trackingNo: letter.trackingNo, was: entry.was === 'published' ? 'published' : 'other' } },
            },
          }]
          : [],
      };
    }
    case 'give_consent': {
      // Before publication the writer may change their mind freely; once an entry was published and taken down by a
      // withdrawal, it stays down (a new consent would have to be given to the bureau another way).
      if (await letterEntryWasPublished(tx, letter.id)) throw new AppError('conflict', '这封来信的答复曾经公开，您已撤回公开同意，不能在此重新同意');
      await tx.update(letters).set({ consentToPublish: true }).where(eq(letters.id, letter.id));
      return { change: null, event: 'consent_given', eventData: {}, notify: [] };
    }
    case 'set_topic': {
      // 诉求分类: staff correct the classification (the writer's choice, or none). Not a handling step: the letter's
      // version stays (a reply form open meanwhile stays valid); the event is staff-only, the audit row says from → to.
      const [current] = await tx.select({ topicId: letters.topicId, districtId: letters.districtId }).from(letters).where(eq(letters.id, letter.id));
      const districtId = action.districtId === undefined ? current?.districtId ?? null : action.districtId;
      await checkLetterTopic(tx, action.topicId, districtId === current?.districtId ? null : districtId);
      if (current?.topicId === action.topicId && (current?.districtId ?? null) === districtId) {
        throw new AppError('invalid_input', '诉求分类和所在区没有变化', { topicId: '诉求分类和所在区没有变化' });
      }
      await tx.update(letters).set({ topicId: action.topicId, districtId }).where(eq(letters.id, letter.id));
      const names = await topicPathNames(tx, [current?.topicId ?? null, action.topicId]);
      return {
        change: null,
        events: [{
          type: 'topic_changed', public: false,
          data: { from: names.get(current?.topicId ?? -1) ?? null, to: names.get(action.topicId) ?? null },
        }],
        event: '', eventData: {},
        auditData: { topic: { from: current?.topicId ?? null, to: action.topicId }, district: { from: current?.districtId ?? null, to: districtId } },
        notify: [],
      };
    }
    case 'accept': {
      const dept = await departmentByPublicId(tx, action.departmentId);
      return {
        change: { status: 'accepted', departmentId: dept.id, acceptedAt: now, ...startClock(limits[letter.kind]) },
        event: 'accepted',
        eventData: { department: dept.name },
        notify: [
          { userIds: writer, notice: { kind: 'letter.accepted', title: `您的来信 ${letter.trackingNo} 已受理，由${dept.name}办理`, link, message: { key: 'letterAccepted', values: { trackingNo: letter.trackingNo, department: dept.name, departmentEn: dept.nameEn || dept.name } } } },
          { userIds: await staffIds(tx, dept.id), notice: { kind: 'letter.assigned', title: `新分办来信：${letter.title}`, link: staffLink, message: { key: 'letterAssignedStaff', values: { title: letter.title }, user: ['title'] } } },
        ],
      };
    }
    case 'reject': {
      const released = await releaseDuplicates(tx, letter, ctx.actor, { days: limits.triage, rules, today, now });
      return {
        change: { status: 'not_accepted', closedAt: now, ...stopClock },
        event: 'not_accepted',
        eventData: { reason: action.reason },
        auditData: released.letters.length ? { released: released.letters.map((r) => r.trackingNo) } : undefined,
        released: released.letters,
        notify: [
          { userIds: writer, notice: { kind: 'letter.not_accepted', title: `您的来信 ${letter.trackingNo} 不予受理`, body: action.reason, link, message: { key: 'letterNotAccepted', values: { trackingNo: letter.trackingNo } } } },
          ...released.notify,
        ],
      };
    }
    case 'request_info': {
      // The clock stops: keep the working days not yet used, resume them when the writer answers.
      const used = letter.clockStart ? workingDaysBetween(letter.clockStart, today, rules) : 0;
      const left = Math.max(0, (letter.remainingDays ?? 0) - used);
      return {
        change: { status: 'needs_info', clockStart: null, dueOn: null, remainingDays: left },
        event: 'info_requested',
        eventData: { message: action.message },
        message: { kind: 'info_request', body: action.message },
        notify: [{ userIds: writer, notice: { kind: 'letter.needs_info', title: `您的来信 ${letter.trackingNo} 需要补充材料`, body: action.message, link, message: { key: 'letterNeedsInfo', values: { trackingNo: letter.trackingNo } } } }],
      };
    }
    case 'provide_info': {
      const back: LetterStatus = letter.acceptedAt ? 'accepted' : 'submitted';
      const left = letter.remainingDays ?? limits[back === 'accepted' ? letter.kind : 'triage'];
      return {
        change: { status: back, clockStart: today, remainingDays: left, dueOn: dueOn(today, left, rules) },
        event: 'info_provided',
        eventData: {},
        message: { kind: 'info_provided', body: action.message },
        notify: [{ userIds: await staffIds(tx, back === 'accepted' ? letter.departmentId : null), notice: { kind: 'letter.info_provided', title: `来信 ${letter.trackingNo} 已补充材料`, link: staffLink, message: { key: 'letterInfoProvidedStaff', values: { trackingNo: letter.trackingNo } } } }],
      };
    }
    case 'transfer': {
      const dept = await departmentByPublicId(tx, action.departmentId);
      if (dept.id === letter.departmentId) throw new AppError('invalid_input', '不能转交给当前承办部门', { departmentId: '请选择其他部门' });
      const [from] = letter.departmentId
        ? await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, letter.departmentId))
        : [];
      return {
        // The deadline does not restart on a transfer: the bureau answers within the limit whichever department works it.
        change: { departmentId: dept.id },
        event: 'transferred',
        eventData: { from: from?.name ?? null, to: dept.name },
        auditData: { reason: action.reason },
        notify: [
          { userIds: writer, notice: { kind: 'letter.transferred', title: `您的来信 ${letter.trackingNo} 已转由${dept.name}办理`, link, message: { key: 'letterTransferred', values: { trackingNo: letter.trackingNo, department: dept.name, departmentEn: dept.nameEn || dept.name } } } },
          { userIds: await staffIds(tx, dept.id), notice: { kind: 'letter.assigned', title: `转办来信：${letter.title}`, body: action.reason, link: staffLink, message: { key: 'letterTransferredStaff', values: { title: letter.title, reason: action.reason }, user: ['title', 'reason'] } } },
        ],
      };
    }
    case 'extend': {
      const max = limits[letter.kind];
      if (action.workingDays > max) {
        throw new AppError('invalid_input', `延期不能超过 ${max} 个工作日`, { workingDays: `延期不能超过 ${max} 个工作日` });
      }
      const left = (letter.remainingDays ?? 0) + action.workingDays;
      return {
        change: { extensionDays: action.workingDays, remainingDays: left, dueOn: dueOn(letter.clockStart ?? today, left, rules), clockStart: letter.clockStart ?? today },
        event: 'extended',
        eventData: { workingDays: action.workingDays, reason: action.reason },
        notify: [{ userIds: writer, notice: { kind: 'letter.extended', title: `您的来信 ${letter.trackingNo} 办理期限延长 ${action.workingDays} 个工作日`, body: action.reason, link, message: { key: 'letterExtended', values: { trackingNo: letter.trackingNo, days: action.workingDays } } } }],
      };
    }
    case 'reply': {
      // Writers of duplicates merged into this letter, directly or through another duplicate, are told too: their
      // letter shows this answer (as answerAccess allows them to read it).
      const merged = await mergedDescendants(tx, letter.id);
      // A reopened letter answered again: its archive entry shows the first answer until a moderator takes it again.
      const entryChanged = await entrySourceChangedNotice(tx, { letterId: letter.id });
      return {
        change: { status: 'answered', answeredAt: now, ...stopClock },
        event: 'answered',
        // The deadline the answer met or missed: the row's due date is cleared with the clock, the statistics need it.
        eventData: letter.clockStart && letter.remainingDays !== null ? { dueOn: dueOn(letter.clockStart, letter.remainingDays, rules) } : {},
        message: { kind: 'answer', body: action.body },
        alsoChanged: merged.map((m) => m.trackingNo),
        notify: [
          { userIds: writer, notice: { kind: 'letter.answered', title: `您的来信 ${letter.trackingNo} 已答复，请评价`, link, message: { key: 'letterAnswered', values: { trackingNo: letter.trackingNo } } } },
          ...(await membersTold(tx, merged, (m) => answeredWith(m.trackingNo, letter.trackingNo))),
          ...(entryChanged ? [entryChanged] : []),
        ],
      };
    }
    case 'merge': {
      const refuse = (message: string) => new AppError('invalid_input', message, { intoTrackingNo: message });
      const [target] = await tx
        .select({ id: letters.id, trackingNo: letters.trackingNo, status: letters.status, writerId: letters.writerId, consentToPublish: letters.consentToPublish, answeredAt: letters.answeredAt })
        .from(letters)
        .where(eq(letters.trackingNo, action.intoTrackingNo));
      if (!target) throw refuse('没有这封来信');
      if (target.id === letter.id) throw refuse('不能并入自身');
      // Always into the root of a group: the moderator sees which letter is really worked (and it cannot form a cycle).
      if (target.status === 'merged') {
        const root = await mergeRoot(tx, target.id);
        throw refuse(root ? `该来信已并入来信 ${root.trackingNo}，请并入 ${root.trackingNo}` : '该来信已合并，不能并入');
      }
      if (target.status === 'not_accepted') throw refuse('该来信不予受理，不能并入');
      // The duplicates already merged into this letter move with it: they will show the target's answer too.
      const followers = await mergedDescendants(tx, letter.id);
      const readers = [letter.writerId, ...followers.map((f) => f.writerId)];
      if (readers.some((w) => answerAccess(target, w) === 'withheld')) throw refuse(PRIVATE_ANSWER_MESSAGE);
      // (A reopened letter keeps its first answer on its page, so it counts as answered too.)
      const answered = target.answeredAt !== null;
      return {
        change: { status: 'merged', mergedIntoId: target.id, closedAt: now, ...stopClock },
        event: 'merged',
        eventData: { into: target.trackingNo },
        auditData: followers.length ? { followers: followers.map((f) => f.trackingNo) } : undefined,
        alsoChanged: followers.map((f) => f.trackingNo),
        notify: [
          { userIds: writer, notice: { kind: 'letter.merged', title: `您的来信 ${letter.trackingNo} 与同一事项的来信合并办理`, body: answered ? '该事项已答复，答复显示在您的来信页面。' : '答复将在您的来信页面显示。', link, message: { key: 'letterMerged', values: { trackingNo: letter.trackingNo, answered: answered ? 'yes' : 'no' } } } },
          // Joining a letter that is already answered: everyone in the group now has an answer to read.
          ...(answered
            ? [{ userIds: writer, notice: answeredWith(letter.trackingNo, target.trackingNo) }, ...(await membersTold(tx, followers, (m) => answeredWith(m.trackingNo, target.trackingNo)))]
            : []),
        ],
      };
    }
    case 'rate': {
      const rated = { rating: action.rating, comment: action.comment || null };
      // 不满意 with a reason sends the letter back once as 重办: open again as after acceptance, with a new clock.
      if (action.rating === 'unsatisfied' && action.comment && !letter.reopened) {
        const clock = startClock(limits[letter.kind]);
        return {
          change: { status: 'accepted', reopened: true, closedAt: null, rating: null, ratingComment: null, ratedAt: null, ...clock },
          event: 'rated',
          eventData: rated,
          more: [{ type: 'redo', data: { reason: action.comment, dueOn: clock.dueOn } }],
          notify: [
            { userIds: await staffIds(tx, letter.departmentId), notice: { kind: 'letter.redo', title: `来信 ${letter.trackingNo} 评价不满意，退回重办`, body: `${action.comment}\n\n新的办理期限：${clock.dueOn}`, link: staffLink, message: { key: 'letterRedoStaff', values: { trackingNo: letter.trackingNo, comment: action.comment, dueOn: clock.dueOn }, user: ['comment'] } } },
            { userIds: writer, notice: { kind: 'letter.redo', title: `您的来信 ${letter.trackingNo} 已退回重办，办理期限 ${clock.dueOn}`, link, message: { key: 'letterRedo', values: { trackingNo: letter.trackingNo, dueOn: clock.dueOn } } } },
          ],
        };
      }
      return {
        change: { status: 'closed', closedAt: now, rating: action.rating, ratingComment: action.comment || null, ratedAt: now },
        event: 'rated',
        eventData: rated,
        notify: [{ userIds: await staffIds(tx, letter.departmentId), notice: { kind: 'letter.rated', title: `来信 ${letter.trackingNo} 已评价`, link: staffLink, message: { key: 'letterRatedStaff', values: { trackingNo: letter.trackingNo } } } }],
      };
    }
    case 'reopen':
      return {
        change: { status: 'accepted', reopened: true, closedAt: null, rating: null, ratingComment: null, ratedAt: null, ...startClock(limits[letter.kind]) },
        event: 'reopened',
        eventData: { reason: action.reason, previousRating: letter.rating },
        notify: [{ userIds: await staffIds(tx, letter.departmentId), notice: { kind: 'letter.reopened', title: `来信 ${letter.trackingNo} 申请重新办理`, body: action.reason, link: staffLink, message: { key: 'letterReopenedStaff', values: { trackingNo: letter.trackingNo } } } }],
      };
  }
}
