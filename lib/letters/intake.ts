import { z } from 'zod';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { db } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { departments } from '../accounts/schema';
import { recordAudit } from '../audit';
import { actsAsModerator, assertCan, type Actor } from '../auth/permissions';
import { chinaDate } from '../calendar';
import { shareWorkingDayRules } from '../calendar/lock';
import { idempotencyKey as idempotencyKeySchema, text, trackingNo as trackingNoSchema } from '../cases/validation';
import { submitOnce } from '../cases/tracking';
import { attemptLookup } from '../ratelimit/lookup';
import { notifyUsers, pingUsers } from '../notifications';
import { afterCreate, createLetter, departmentByPublicId } from './operations';
import { safeEqual } from './queries';
import { letterEvents, letters, LETTER_KINDS, STAFF_CHANNELS } from './schema';
import { queryCode } from './validation';
import { contactEmail, contactPhone, optionalContact, receivedOnInput, staffChannel, writerLocale } from '../cases/intake';
import { checkLetterTopic } from '../topics';
import { letterTopicFields } from '../topics/validation';

/**
 * Staff-entered letters (issue 17 item 1; API.md "Intake"): a handler or moderator enters a letter the bureau
 * received by phone, on paper, in person, by e-mail or from the 12345 hotline, for the person who sent it. The clock
 * starts on the day it was received (lib/calendar rules); the person gets the tracking number and query code on a
 * printed receipt and may later claim the letter into a citizen account with them.
 */

export { MAX_RECEIVED_DAYS_AGO } from '../cases/intake';

const onBehalfOf = z.object({
  name: text('来信人姓名', 1, 50),
  phone: optionalContact(contactPhone),
  email: optionalContact(contactEmail),
}, { error: '请填写来信人信息' });

/** The letter a staff member enters, as the API and the intake form send it; `today` is the Beijing date. */
export function letterIntakeInput(today: string) {
  return z.object({
    kind: z.enum(LETTER_KINDS, { error: '请选择来信类别（咨询、投诉或建议）' }),
    /** Handlers: their own department (it is routed there at once); moderators: any, or none (routed later). */
    departmentId: z.string({ error: '请选择部门' }).max(64, { error: '部门无效' }).nullish().transform((v) => v || null),
    title: text('标题', 5, 50),
    body: text('内容', 10, 3000),
    consentToPublish: z.boolean({ error: '请选择来信人是否同意公开' }),
    channel: staffChannel('来信'),
    receivedOn: receivedOnInput(today, '来信'),
    onBehalfOf,
    /** The person's language: their receipt and e-mails are written in it (zh-CN unless chosen). */
    locale: writerLocale,
    /** 诉求分类 (lib/topics), as on the citizen's form: the topic, the district and the place, all optional. */
    ...letterTopicFields,
  });
}
/** The shape documented in OpenAPI (the date range depends on the day). */
export const letterIntakeSchema = letterIntakeInput('9999-12-31');
export type LetterIntakeInput = z.infer<typeof letterIntakeSchema>;

export interface EnteredLetter {
  trackingNo: string;
  queryCode: string;
  status: 'submitted' | 'accepted';
  channel: (typeof STAFF_CHANNELS)[number];
  receivedOn: string;
  /** Null only when a retried entry finds the letter's clock stopped meanwhile (asked for more information). */
  dueOn: string | null;
}

/**
 * A handler (for their own department) or a moderator or admin (any department, or none: it waits for routing)
 * enters a letter. Created by the same createLetter as a web letter, in one transaction with its audit row.
 */
export async function enterLetter(actor: Actor, input: unknown, options: { now?: Date; idempotencyKey?: string | null } = {}): Promise<EnteredLetter> {
  assertCan(actor, 'letters.intake');
  const now = options.now ?? new Date();
  const key = options.idempotencyKey ? parseInput(idempotencyKeySchema, options.idempotencyKey) : null;
  const letter = parseInput(letterIntakeInput(chinaDate(now)), input);
  const user = actor.user;
  const moderator = actsAsModerator(user.role);
  if (!moderator && !letter.departmentId) {
    throw new AppError('invalid_input', '请选择部门', { departmentId: '请选择本部门' });
  }
  // A retried entry (the same Idempotency-Key from the same staff member, who holds the letter until it is
  // claimed) returns the first letter; the unique index on (writer, key) decides between simultaneous ones.
  return submitOnce(key, () => enteredBefore(user.id, key!), async () => {
    const result = await db().transaction(async (tx) => {
      await shareWorkingDayRules(tx);
      const dept = letter.departmentId ? await departmentByPublicId(tx, letter.departmentId) : null;
      if (!moderator && dept?.id !== user.departmentId) {
        throw new AppError('forbidden', '经办人只能为本部门登记来信');
      }
      const topic = await checkLetterTopic(tx, letter.topicId, letter.districtId);
      return createLetter(tx, actor, {
        kind: letter.kind, title: letter.title, body: letter.body, consentToPublish: letter.consentToPublish,
        requestedDepartment: dept, channel: letter.channel, idempotencyKey: key,
        topic: { ...topic, place: letter.place || null },
        intake: { receivedOn: letter.receivedOn, acceptNow: dept !== null, onBehalf: letter.onBehalfOf }, locale: letter.locale,
      }, now);
    });
    afterCreate(result);
    const { trackingNo, queryCode: code, status, dueOn } = result.submitted;
    return { trackingNo, queryCode: code, status: status as EnteredLetter['status'], channel: letter.channel, receivedOn: letter.receivedOn, dueOn };
  });
}

async function enteredBefore(staffId: number, key: string): Promise<EnteredLetter | null> {
  const [row] = await db()
    .select({ trackingNo: letters.trackingNo, queryCode: letters.queryCode, status: letters.status, channel: letters.channel, receivedOn: letters.receivedOn, dueOn: letters.dueOn })
    .from(letters)
    .where(and(eq(letters.writerId, staffId), eq(letters.idempotencyKey, key), isNotNull(letters.enteredById)));
  if (!row) return null;
  return {
    trackingNo: row.trackingNo, queryCode: row.queryCode, status: row.status as EnteredLetter['status'],
    channel: row.channel as EnteredLetter['channel'], receivedOn: row.receivedOn!, dueOn: row.dueOn,
  };
}

export const claimInput = z.object({
  trackingNo: z.string({ error: '请填写查询编号' }).trim().pipe(trackingNoSchema),
  queryCode: z.string({ error: '请填写查询码' }).trim().pipe(queryCode),
});

/**
 * A signed-in citizen claims a staff-entered letter with its tracking number and query code: it becomes theirs
 * (they play the writer's part from now on). Wrong codes count as on the lookup (404, then 429); a letter already
 * claimed, or written on the web, cannot be claimed (409 — with the right code only, so nothing is revealed).
 */
export async function claimLetter(actor: Actor, input: unknown, now = new Date()): Promise<{ trackingNo: string }> {
  assertCan(actor, 'letters.create');
  const claim = parseInput(claimInput, input);
  const user = actor.user;
  const [found] = await db().select({ queryCode: letters.queryCode }).from(letters).where(eq(letters.trackingNo, claim.trackingNo));
  await attemptLookup(db(), { trackingNo: claim.trackingNo, ip: actor.ip, correct: Boolean(found && safeEqual(found.queryCode, claim.queryCode)), now });
  const pinged = await db().transaction(async (tx) => {
    const [row] = await tx
      .update(letters)
      .set({ writerId: user.id, claimedAt: now })
      .where(and(eq(letters.trackingNo, claim.trackingNo), isNotNull(letters.enteredById), isNull(letters.claimedAt)))
      .returning({ id: letters.id, title: letters.title, channel: letters.channel });
    if (!row) throw new AppError('conflict', '这封来信已被认领，或是在网上提交的，不能认领');
    await tx.insert(letterEvents).values({ letterId: row.id, type: 'claimed', actorId: user.id, actorRole: user.role, at: now, public: false, data: { channel: row.channel } });
    await recordAudit(tx, actor, { action: 'letter.claim', entityType: 'letter', entityId: claim.trackingNo, details: { channel: row.channel } });
    return notifyUsers(tx, [user.id], {
      kind: 'letter.submitted',
      title: `来信 ${claim.trackingNo} 已加入您的账号`,
      body: `“${row.title}”的办理进度和答复会通知您。`,
      link: `/letters/${claim.trackingNo}`,
      message: { key: 'letterClaimed', values: { trackingNo: claim.trackingNo, title: row.title }, user: ['title'] },
    });
  });
  pingUsers(pinged);
  return { trackingNo: claim.trackingNo };
}

export interface IntakeReceipt {
  trackingNo: string;
  queryCode: string;
  kind: string;
  title: string;
  status: string;
  channel: string;
  receivedOn: string;
  dueOn: string | null;
  /** Working days the due date counts: the kind's limit once routed, the triage limit before. */
  workingDays: number | null;
  routed: boolean;
  department: string | null;
  personName: string;
}

/**
 * The printable receipt of a staff-entered letter (app/workspace/letters/intake/[trackingNo]), for the staff member
 * who entered it, a moderator or admin, or the staff of its department, while nobody has claimed it; 404 for anyone
 * else and for a web letter (the query code is shown on it).
 */
export async function getIntakeReceipt(actor: Actor, trackingNoInput: string): Promise<IntakeReceipt> {
  assertCan(actor, 'letters.intake');
  const trackingNo = parseInput(trackingNoSchema, trackingNoInput);
  const user = actor.user;
  const [row] = await db()
    .select({
      trackingNo: letters.trackingNo, queryCode: letters.queryCode, kind: letters.kind, title: letters.title, status: letters.status,
      channel: letters.channel, receivedOn: letters.receivedOn, dueOn: letters.dueOn, remainingDays: letters.remainingDays,
      departmentId: letters.departmentId, department: departments.name, enteredById: letters.enteredById, claimedAt: letters.claimedAt,
      personName: letters.onBehalfName,
    })
    .from(letters)
    .leftJoin(departments, eq(letters.departmentId, departments.id))
    .where(eq(letters.trackingNo, trackingNo));
  const mayRead = row && row.enteredById !== null && row.claimedAt === null && row.receivedOn !== null
    && (row.enteredById === user.id || actsAsModerator(user.role) || (row.departmentId !== null && row.departmentId === user.departmentId));
  if (!row || !mayRead) throw notFound('没有这封代为登记的来信，或它已被认领');
  return {
    trackingNo: row.trackingNo, queryCode: row.queryCode, kind: row.kind, title: row.title, status: row.status, channel: row.channel,
    receivedOn: row.receivedOn!, dueOn: row.dueOn, workingDays: row.remainingDays, routed: row.departmentId !== null,
    department: row.department, personName: row.personName ?? '',
  };
}
