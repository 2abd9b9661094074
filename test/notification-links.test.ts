import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, gt } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments, users } from '@/lib/accounts/schema';
import { findActiveUser, newPublicId } from '@/lib/accounts/users';
import { listDepartments } from '@/lib/accounts/departments';
import { can, PERMISSIONS, type Actor, type ActorUser, type Permission } from '@/lib/auth/permissions';
import { siteUrl } from '@/lib/env';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { getLetter, listLetters } from '@/lib/letters/queries';
import { sendOverdueDigests } from '@/lib/letters/digest';
import { runLadder } from '@/lib/accountability/ladder';
import { listBulletins } from '@/lib/accountability/bulletins';
import { addWorkingDays, chinaDate, loadCalendarRules } from '@/lib/calendar';
import { actOnApplication, getApplication, submitApplication } from '@/lib/disclosure/applications';
import { actOnInterview, actOnQuestion, createInterview, updateInterview } from '@/lib/interviews/operations';
import { askQuestion } from '@/lib/interviews/ask';
import { assignedQuestions, getInterviewState, staffQuestions } from '@/lib/interviews/queries';
import { interviews } from '@/lib/interviews/schema';
import { subscribeToInterview } from '@/lib/interviews/subscriptions';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { actOnComment, actOnConsultation, addComment, createConsultation, subscribeToConsultation } from '@/lib/consultations/operations';
import { getConsultationView } from '@/lib/consultations/queries';
import { pages } from '@/e2e/authorization/enumerate';
import { actorFor, uniqueEmail } from './support/users';

/**
 * Every link the product sends resolves for its recipient (issue 13, item 7). The letter, interview and application
 * flows run through the domain operations; then every in-app notification and every e-mail they produced is
 * checked: its path is a page of the app (the route manifest, enumerated from app/ as the authorisation matrix
 * does), the page's guard (requirePermission) lets the recipient in, and the read the page makes succeeds for the
 * recipient — what the page needs to answer 200 rather than a redirect, 403 or 404. E-mails carry the same links,
 * absolute on NEXTAUTH_URL.
 */

type Params = Record<string, string>;
/** The read each linked page makes for its viewer (see the page file); a page without one here fails the test. */
const PAGE_READS: Record<string, (actor: Actor, params: Params) => Promise<unknown>> = {
  '/letters/[trackingNo]': (a, p) => getLetter(a, p.trackingNo!),
  '/disclosure/applications/[trackingNo]': (a, p) => getApplication(a, p.trackingNo!),
  '/workspace/moderator/applications/[trackingNo]': (a, p) => getApplication(a, p.trackingNo!),
  '/workspace/leader/interviews/[id]': async (a, p) => {
    const { interviewId } = await staffQuestions(a, p.id!);
    return getInterviewState(a, interviewId);
  },
  '/workspace/leader/questions': (a) => assignedQuestions(a, {}),
  // Subscribers' notices (issue 16 item 6): the public interview page and its transcript (app/interviews/[slug]/load.ts).
  '/interviews/[slug]': (a, p) => getInterviewState(a, p.slug!),
  '/interviews/[slug]/transcript': (a, p) => getInterviewState(a, p.slug!),
  // 意见征集 (issue 16 item 2): the subscribers' closing notice and the commenters' feedback notice.
  '/consultations/[slug]': (a, p) => getConsultationView(a, p.slug!),
  '/consultations/[slug]/feedback': async (a, p) => {
    const view = await getConsultationView(a, p.slug!);
    if (!view.feedback) throw new Error('the feedback page answers 404 while the feedback is unpublished');
    return view;
  },
  '/workspace/handler': (a) => listLetters(a, { scope: 'queue' }),
  '/workspace/bulletins': (a) => listBulletins(a, {}),
};

const ROOT = join(__dirname, '..');
const patterns = pages();

function matchPage(path: string): { pattern: string; params: Params } | null {
  for (const pattern of patterns) {
    const names: string[] = [];
    const source = pattern.split('/').map((segment) => {
      const dynamic = /^\[(\.\.\.)?(\w+)\]$/.exec(segment);
      if (!dynamic) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(dynamic[2]!);
      return dynamic[1] ? '(.+)' : '([^/]+)';
    }).join('/');
    const match = new RegExp(`^${source}$`).exec(path);
    if (match) return { pattern, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)])) };
  }
  return null;
}

/** The permission a page's guard asks for (requirePermission('…') in its page.tsx), if any. */
function pageGuard(pattern: string): Permission | null {
  const file = join(ROOT, 'app', pattern === '/' ? '' : pattern.slice(1), 'page.tsx');
  const found = /requirePermission\(\s*'([\w.]+)'/.exec(readFileSync(file, 'utf8'));
  if (!found) return null;
  expect(Object.keys(PERMISSIONS), `${file} guards with an unknown permission`).toContain(found[1]);
  return found[1] as Permission;
}

async function actorOf(userId: number): Promise<Actor & { user: ActorUser }> {
  const [row] = await db().select({ publicId: users.publicId }).from(users).where(eq(users.id, userId));
  return { user: (await findActiveUser(db(), row!.publicId))!, ip: '192.0.2.80' };
}

/** Whether `path` opens for `actor`: a page, its guard passes, its read succeeds. Returns what failed, or null. */
async function whyNot(actor: Actor, path: string): Promise<string | null> {
  const url = new URL(path, 'http://x');
  const page = matchPage(url.pathname);
  if (!page) return `${path}: no such page`;
  const guard = pageGuard(page.pattern);
  if (guard && !can(actor, guard)) return `${path}: the page needs ${guard}, ${actor.user?.role} lacks it`;
  const read = PAGE_READS[page.pattern];
  if (!read) return `${path}: no read known for ${page.pattern} — add it to PAGE_READS`;
  try {
    await read(actor, page.params);
    return null;
  } catch (error) {
    return `${path}: ${(error as Error).message}`;
  }
}

let citizen: Actor & { user: ActorUser };
let moderator: Actor & { user: ActorUser };
let handler: Actor & { user: ActorUser };
let leader: Actor & { user: ActorUser };
let deptIds: Record<string, string>;
let lastNotification = 0;
let lastMail = 0;
/** Every notification and e-mail the flows produced, and what did not open for its recipient. */
const sentNotifications: Array<typeof notifications.$inferSelect> = [];
const sentMails: Array<typeof emailOutbox.$inferSelect> = [];
const notificationFailures: string[] = [];
const mailFailures: string[] = [];

/**
 * Runs one step of a flow, then opens every link it sent as its recipient — right away, as the recipient would: a
 * letter transferred away later is no longer the first department's to read, by design.
 */
async function step<T>(operation: () => Promise<T>): Promise<T> {
  const result = await operation();
  const sent = await db().select().from(notifications).where(gt(notifications.id, lastNotification)).orderBy(notifications.id);
  for (const n of sent) {
    sentNotifications.push(n);
    lastNotification = n.id;
    const reason = n.link ? await whyNot(await actorOf(n.userId), n.link) : 'no link';
    if (reason) notificationFailures.push(`${n.kind} → user ${n.userId}: ${reason}`);
  }
  const mails = await db().select().from(emailOutbox).where(gt(emailOutbox.id, lastMail)).orderBy(emailOutbox.id);
  const origin = new URL(siteUrl('/')).origin;
  for (const mail of mails) {
    sentMails.push(mail);
    lastMail = mail.id;
    const links = [...mail.body.matchAll(/https?:\/\/[^\s）)]+/g)].map((m) => m[0]);
    // Every notice the flows send has a link, so every mail has one; and no mail has a bare site path.
    if (links.length !== 1) mailFailures.push(`${mail.subject}: ${links.length} links`);
    if (/(^|\s)\/(letters|workspace|disclosure)\//m.test(mail.body)) mailFailures.push(`${mail.subject}: a relative link`);
    const [recipient] = await db().select({ id: users.id }).from(users).where(eq(users.email, mail.to));
    for (const link of links) {
      const url = new URL(link);
      if (url.origin !== origin) mailFailures.push(`${mail.subject}: ${link} is not on ${origin}`);
      const reason = await whyNot(await actorOf(recipient!.id), url.pathname + url.search);
      if (reason) mailFailures.push(`${mail.subject} → ${mail.to}: ${reason}`);
    }
  }
  return result;
}

async function insertLeader(name: string): Promise<Actor & { user: ActorUser }> {
  const [office] = await db().select({ id: departments.id }).from(departments).where(eq(departments.name, '办公室'));
  const publicId = newPublicId();
  await db().insert(users).values({ publicId, name, email: uniqueEmail('leader'), passwordHash: 'not-a-hash', role: 'leader', departmentId: office!.id, title: '副局长' });
  return { user: (await findActiveUser(db(), publicId))!, ip: '192.0.2.81' };
}

beforeAll(async () => {
  citizen = await actorFor('citizen@example.com');
  moderator = await actorFor('moderator@example.com');
  handler = await actorFor('handler@example.com');
  leader = await actorFor('leader@example.com');
  deptIds = Object.fromEntries((await listDepartments(db())).map((d) => [d.name, d.id]));
  lastNotification = Math.max(0, ...(await db().select({ id: notifications.id }).from(notifications)).map((r) => r.id));
  lastMail = Math.max(0, ...(await db().select({ id: emailOutbox.id }).from(emailOutbox)).map((r) => r.id));

  // Letters: submitted with a chosen department, accepted, asked for more, answered by the writer, transferred to the
  // office, extended, answered, rated unsatisfied and reopened; another refused; a third merged into the first.
  const market = deptIds['文化市场管理处']!;
  const office = deptIds['办公室']!;
  const letter = await step(() => submitLetter(citizen, { kind: 'complaint', departmentId: market, title: '演出场所深夜噪音扰民', body: '某演出场所每晚十一点后仍有大声音乐，影响周边居民休息。', consentToPublish: true }));
  const duplicate = await step(() => submitLetter(citizen, { kind: 'complaint', title: '演出场所噪音问题再次反映', body: '同一演出场所夜间噪音问题，再次反映，请一并处理。', consentToPublish: false }));
  await step(() => actOnLetter(moderator, duplicate.trackingNo, { action: 'merge', intoTrackingNo: letter.trackingNo }));
  await step(() => actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: market }));
  await step(() => actOnLetter(handler, letter.trackingNo, { action: 'request_info', message: '请提供演出场所的具体地址。' }));
  await step(() => actOnLetter(citizen, letter.trackingNo, { action: 'provide_info', message: '地址是文化路 18 号。' }));
  await step(() => actOnLetter(handler, letter.trackingNo, { action: 'transfer', departmentId: office, reason: '涉及多个部门，由办公室协调。' }));
  await step(() => actOnLetter(leader, letter.trackingNo, { action: 'extend', workingDays: 5, reason: '需要会同执法部门现场核查。' }));
  await step(() => actOnLetter(leader, letter.trackingNo, { action: 'reply', body: '经现场核查，已责令该场所整改并限定营业时间。' }));
  await step(() => actOnLetter(citizen, letter.trackingNo, { action: 'rate', rating: 'unsatisfied' }));
  await step(() => actOnLetter(citizen, letter.trackingNo, { action: 'reopen', reason: '整改后夜间仍有噪音，请再次核查。' }));
  const refused = await step(() => submitLetter(citizen, { kind: 'inquiry', title: '与本局无关的咨询', body: '请问个人所得税如何申报？这个问题应该问哪里？', consentToPublish: false }));
  await step(() => actOnLetter(moderator, refused.trackingNo, { action: 'reject', reason: '不属于本局职责，请咨询税务部门。' }));
  // The overdue digest to the departments (a day far past every due date, at 10:00 Beijing time).
  await step(() => sendOverdueDigests(new Date('2027-06-01T02:00:00Z')));
  // The escalation ladder: a letter answered and left unrated gets the writer's rating reminder 4 working days on,
  // then (with the 系统催办 of the reopened letter and the monthly 通报) the closing as 未评价 much later.
  const unrated = await step(() => submitLetter(citizen, { kind: 'inquiry', departmentId: market, title: '图书馆节假日开放时间', body: '请问市图书馆在节假日期间的开放时间如何安排？', consentToPublish: false }));
  await step(() => actOnLetter(moderator, unrated.trackingNo, { action: 'accept', departmentId: market }));
  await step(() => actOnLetter(handler, unrated.trackingNo, { action: 'reply', body: '节假日开放时间已在图书馆网站公布，可网上预约。' }));
  const fourLater = addWorkingDays(chinaDate(new Date()), 4, await loadCalendarRules(db()));
  await step(() => runLadder(new Date(`${fourLater}T10:00:00+08:00`)));
  await step(() => runLadder(new Date('2027-06-01T02:00:00Z')));

  // Applications: submitted, registered, 补正 requested and provided, answered.
  const application = await step(() => submitApplication(citizen, {
    applicantType: 'person', applicantName: '陈市民', contactPhone: '13912345678',
    description: '请公开 2025 年度本市公共文化服务专项资金的分配结果及使用情况。', form: 'electronic',
  }));
  await step(() => actOnApplication(moderator, application.trackingNo, { action: 'register' }));
  await step(() => actOnApplication(moderator, application.trackingNo, { action: 'request_correction', note: '请说明所需信息的具体年度和项目名称。' }));
  await step(() => actOnApplication(citizen, application.trackingNo, { action: 'provide_correction', message: '需要 2025 年度公共文化服务专项资金的项目清单。' }));
  await step(() => actOnApplication(moderator, application.trackingNo, { action: 'reply', outcome: 'disclosed', body: '现将 2025 年度专项资金分配结果公开如下，详见附件。' }));

  // Interviews: a guest added to a draft; a leftover question assigned after the end.
  const deputy = await insertLeader('李副局长');
  const start = Date.now() + 3600_000;
  const schedule = { scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 3600_000).toISOString() };
  const interview = await step(() => createInterview(moderator, { title: '夜间文化消费在线访谈', summary: '局领导介绍夜间文化消费政策并回答市民提问。', guestIds: [leader.user.publicId], ...schedule }));
  const [row] = await db().select({ version: interviews.version }).from(interviews).where(eq(interviews.publicId, interview.id));
  await step(() => updateInterview(moderator, interview.id, { version: row!.version, guestIds: [leader.user.publicId, deputy.user.publicId] }));
  await step(() => actOnInterview(moderator, interview.id, { action: 'announce' }));
  // A subscriber is told when it goes live and when its transcript is published.
  await step(() => subscribeToInterview(citizen, interview.id));
  await step(() => actOnInterview(moderator, interview.id, { action: 'go_live' }));
  const question = await step(() => askQuestion(citizen, interview.id, { body: '夜间经济的演出场所噪音如何管理？' }));
  await step(() => actOnQuestion(moderator, question.id, { action: 'approve' }));
  await step(() => actOnInterview(moderator, interview.id, { action: 'end' }));
  await step(() => actOnQuestion(moderator, question.id, { action: 'assign', guestId: deputy.user.publicId }));
  await step(() => actOnInterview(moderator, interview.id, { action: 'publish' }));

  // Consultations: a subscriber is told when it closes; the commenter when the feedback is published.
  const opens = Date.now() - 60_000;
  const consultation = await step(() => createConsultation(moderator, {
    title: '关于夜间文化消费管理办法的意见征集', summary: '现将夜间文化消费管理办法草案公开征求意见。', departmentId: market,
    sections: [{ heading: '第一条', body: '为规范夜间文化消费，制定本办法。' }], opensAt: new Date(opens).toISOString(), closesAt: new Date(opens + 31 * 86_400_000).toISOString(),
  }));
  await step(() => actOnConsultation(moderator, consultation.id, { action: 'open' }));
  await step(() => subscribeToConsultation(citizen, consultation.id));
  const comment = await step(() => addComment(citizen, consultation.id, { sectionIndex: 0, body: '建议明确夜间演出的结束时间。' }));
  await step(() => actOnComment(moderator, comment.id, { action: 'approve' }));
  const rejected = await step(() => addComment(citizen, consultation.id, { body: '与本办法无关的内容。' }));
  await step(() => actOnComment(moderator, rejected.id, { action: 'reject', reason: 'off_topic', note: '与征求意见稿无关' }));
  await step(() => actOnConsultation(moderator, consultation.id, { action: 'close', reason: '测试提前截止' }));
  await step(() => actOnComment(moderator, comment.id, { action: 'dispose', disposition: 'adopted' }));
  await step(() => actOnConsultation(moderator, consultation.id, { action: 'publish_feedback' }));
}, 120_000);

describe('links in notifications and e-mails', () => {
  it('every in-app notification the flows produced opens for its recipient', () => {
    const kinds = new Set(sentNotifications.map((n) => n.kind));
    // The flows reached every kind of notice they should (a missing one means the flow above broke).
    for (const kind of ['letter.submitted', 'letter.triage', 'letter.accepted', 'letter.assigned', 'letter.needs_info', 'letter.info_provided',
      'letter.answered', 'letter.rated', 'letter.reopened', 'letter.not_accepted', 'letter.overdue_digest', 'interview.guest',
      'letter.rating_reminder', 'letter.closed_unrated', 'letter.overdue_urge', 'letter.bulletin']) {
      expect(kinds, kind).toContain(kind);
    }
    expect([...kinds].some((k) => k.startsWith('application.'))).toBe(true);
    expect(kinds).toContain('interview.assigned');
    expect(kinds).toContain('interview.live');
    expect(kinds).toContain('interview.transcript');
    expect(notificationFailures).toEqual([]);
  });

  it('every e-mail carries its link absolute on NEXTAUTH_URL, and it opens for the person it was sent to', () => {
    expect(sentMails.length).toBeGreaterThan(10);
    expect(mailFailures).toEqual([]);
  });

  it('the check itself refuses a page that does not exist and a page the recipient may not open', async () => {
    expect(await whyNot(handler, '/workspace/handler/letters/X1')).toMatch(/no such page/);
    expect(await whyNot(citizen, '/workspace/handler')).toMatch(/needs workspace.handler/);
    expect(await whyNot(handler, '/disclosure/applications/GK202612010001')).not.toBeNull();
  });
});

describe('a new letter shows its 分办 and 答复 deadlines apart', () => {
  it('before routing: the routing deadline and the answer limit counted from acceptance; after: the answer deadline only', async () => {
    const market = deptIds['文化市场管理处']!;
    const submitted = await submitLetter(citizen, { kind: 'inquiry', departmentId: market, title: '图书馆开放时间咨询', body: '请问市图书馆春节期间的开放时间是怎样的？', consentToPublish: false });
    const fresh = await getLetter(citizen, submitted.trackingNo);
    expect(fresh.requestedDepartmentId).toBe(market);
    expect(fresh.deadlines.routing).toMatchObject({ workingDays: 1 });
    expect(fresh.deadlines.routing!.dueAt).toBe(fresh.dueAt);
    expect(fresh.deadlines.answer).toMatchObject({ workingDays: 5, estimated: true });
    expect(fresh.deadlines.answer.dueAt! > fresh.deadlines.routing!.dueAt!).toBe(true);

    await actOnLetter(moderator, submitted.trackingNo, { action: 'accept', departmentId: market });
    const accepted = await getLetter(citizen, submitted.trackingNo);
    expect(accepted.deadlines.routing).toBeNull();
    expect(accepted.deadlines.answer).toMatchObject({ dueAt: accepted.dueAt, workingDays: 5, estimated: false });
  });
});
