import { and, eq, gt } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { findActiveUser } from '@/lib/accounts/users';
import { auditLog } from '@/lib/audit/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { complianceReport } from '@/lib/accountability/compliance';
import { catalogueItems } from '@/lib/disclosure/schema';
import { getPublicCatalogueItem } from '@/lib/disclosure/catalogue';
import { readDownloadableFile } from '@/lib/disclosure/files';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import {
  actOnComment, actOnConsultation, addComment, addConsultationAttachment, closeDueConsultations, createConsultation, subscribeToConsultation, unsubscribeFromConsultation, updateConsultation,
} from '@/lib/consultations/operations';
import { consultationsLeadingTo, getConsultationView, listPublicConsultations } from '@/lib/consultations/queries';
import { consultationComments } from '@/lib/consultations/schema';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';
import * as listRoute from '@/app/api/v1/consultations/route';
import * as commentRoute from '@/app/api/v1/consultations/[id]/comments/route';
import * as actionRoute from '@/app/api/v1/consultations/[id]/actions/route';
import * as attachmentsRoute from '@/app/api/v1/consultations/[id]/attachments/route';
import * as attachmentRoute from '@/app/api/v1/consultations/[id]/attachments/[fileId]/route';
import { disclosureFiles } from '@/lib/disclosure/schema';
import { useTestRequest } from './support/request';

const requestHeaders = useTestRequest('192.0.2.91');

type Signed = Actor & { user: ActorUser };
let moderator: Signed;
let handler: Signed;
let citizen: Signed;
let second: Signed;
let departmentId: string;

const DAY = 86_400_000;

async function insertCitizen(name: string): Promise<Signed> {
  const publicId = await insertUser({ name, email: uniqueEmail('consult'), role: 'citizen' });
  return { user: (await findActiveUser(db(), publicId))!, ip: '192.0.2.92' };
}

async function sessionCookie(actor: Signed): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: actor.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
}

beforeAll(async () => {
  [moderator, handler, citizen] = await Promise.all(['moderator', 'handler', 'citizen'].map((r) => actorFor(`${r}@example.com`)));
  second = await insertCitizen('王小明');
  departmentId = (await db().select({ id: departments.publicId }).from(departments).limit(1))[0]!.id;
});

const input = (over: Record<string, unknown> = {}) => {
  const opens = Date.now() - 60_000;
  return {
    title: '关于《示范市公共文化服务办法（征求意见稿）》公开征求意见',
    summary: '为做好公共文化服务工作，现将办法草案公开征求社会各界意见。',
    departmentId,
    sections: [{ heading: '第一章 总则', body: '第一条 为了规范公共文化服务……' }, { heading: '第二章 设施', body: '第五条 图书馆应当延长开放时间……' }],
    opensAt: new Date(opens).toISOString(),
    closesAt: new Date(opens + 31 * DAY).toISOString(),
    ...over,
  };
};

async function openConsultation(over: Record<string, unknown> = {}) {
  const created = await createConsultation(moderator, input(over));
  await actOnConsultation(moderator, created.id, { action: 'open' });
  return created;
}

describe('drafting a consultation', () => {
  it('needs 30 days, or a recorded reason for a shorter period', async () => {
    const opens = Date.now();
    const short = { opensAt: new Date(opens).toISOString(), closesAt: new Date(opens + 10 * DAY).toISOString() };
    const refused = await appErrorOf(createConsultation(moderator, input(short)));
    expect(refused.status).toBe(422);
    expect(refused.fields?.shortPeriodReason).toContain('30');
    const ok = await createConsultation(moderator, input({ ...short, shortPeriodReason: '上级文件要求年底前出台，征集期缩短为 10 日' }));
    expect(ok.slug).toMatch(/^\d{8}-[0-9a-f]{6}$/);
    const thirty = await createConsultation(moderator, input({ opensAt: new Date(opens).toISOString(), closesAt: new Date(opens + 30 * DAY).toISOString() }));
    expect(thirty.id).toBeTruthy();
  });

  it('is for moderators only; a draft is not public; edits check the version', async () => {
    expect((await appErrorOf(createConsultation(visitor(), input()))).status).toBe(401);
    expect((await appErrorOf(createConsultation(citizen, input()))).status).toBe(403);
    expect((await appErrorOf(createConsultation(handler, input()))).status).toBe(403);
    const { id } = await createConsultation(moderator, input());
    expect((await appErrorOf(getConsultationView(visitor(), id))).status).toBe(404);
    expect((await appErrorOf(getConsultationView(citizen, id))).status).toBe(404);
    expect((await listPublicConsultations()).some((c) => c.id === id)).toBe(false);
    expect((await getConsultationView(moderator, id)).status).toBe('draft');
    const edited = await updateConsultation(moderator, id, { ...input({ title: '关于公共文化服务办法（修改稿）征求意见' }), version: 1 });
    expect(edited.version).toBe(2);
    expect((await appErrorOf(updateConsultation(moderator, id, { ...input(), version: 1 }))).status).toBe(409);
    await actOnConsultation(moderator, id, { action: 'open' });
    expect((await appErrorOf(updateConsultation(moderator, id, { ...input(), version: 3 }))).status).toBe(409);
    expect((await listPublicConsultations()).find((c) => c.id === id)?.status).toBe('open');
  });
});

describe('comments', () => {
  it('signed-in citizens only, masked, pending until approved, counted per section', async () => {
    const { id } = await openConsultation();
    expect((await appErrorOf(addComment(visitor(), id, { body: '建议延长开放时间。' }))).status).toBe(401);
    expect((await appErrorOf(addComment(moderator, id, { body: '建议延长开放时间。' }))).status).toBe(403);
    const a = await addComment(second, id, { sectionIndex: 1, body: '我是王小明，电话 13912345678，建议图书馆周末开放到晚上九点。' });
    expect(a.status).toBe('pending');
    const b = await addComment(citizen, id, { body: '整体赞成，建议增加对老年人的服务条款。' });
    expect((await appErrorOf(addComment(citizen, id, { sectionIndex: 5, body: '没有这一节的意见。' }))).status).toBe(422);
    let view = await getConsultationView(visitor(), id);
    expect(view.commentCount).toBe(0);
    await actOnComment(moderator, a.id, { action: 'approve' });
    await actOnComment(moderator, b.id, { action: 'approve' });
    expect((await appErrorOf(actOnComment(moderator, a.id, { action: 'reject', reason: 'off_topic' }))).status).toBe(409);
    expect((await appErrorOf(actOnComment(citizen, a.id, { action: 'approve' }))).status).toBe(403);
    view = await getConsultationView(visitor(), id);
    expect(view.sections.map((s) => s.commentCount)).toEqual([0, 1]);
    expect(view.wholeCommentCount).toBe(1);
    const shown = view.comments.find((c) => c.id === a.id)!;
    expect(shown.body).not.toContain('13912345678');
    expect(shown.body).not.toContain('王小明');
    expect(shown.author).toBe('王*明');
    const [stored] = await db().select().from(consultationComments).where(eq(consultationComments.publicId, a.id));
    expect(stored!.originalBody).toContain('13912345678');
    expect((await listPublicConsultations()).find((c) => c.id === id)?.commentCount).toBe(2);
  });

  it('are published at once when the moderator chooses so', async () => {
    const { id } = await openConsultation({ moderateComments: false });
    const c = await addComment(citizen, id, { body: '建议明确免费开放的范围。' });
    expect(c.status).toBe('approved');
    expect((await getConsultationView(visitor(), id)).commentCount).toBe(1);
  });

  it('are rejected with a reason code (and an optional note) that only the commenter sees, in their language', async () => {
    const { id } = await openConsultation();
    const c = await addComment(second, id, { body: '这是一条与征求意见稿无关的内容。' });
    const d = await addComment(second, id, { body: '这是另一条不予公开的内容。' });
    // Free text is no longer a reason: a code of the fixed list is.
    const free = await appErrorOf(actOnComment(moderator, c.id, { action: 'reject', reason: '与征求意见稿无关' }));
    expect([free.status, free.fields?.reason]).toEqual([422, '请选择不予公开的理由']);
    expect((await appErrorOf(actOnComment(moderator, c.id, { action: 'reject' }))).status).toBe(422);
    expect((await appErrorOf(actOnComment(moderator, c.id, { action: 'reject', reason: 'off_topic', note: 'x' }))).status).toBe(422); // note too short
    const since = Math.max(0, ...(await db().select({ id: notifications.id }).from(notifications)).map((n) => n.id));
    await actOnComment(moderator, c.id, { action: 'reject', reason: 'off_topic' });
    await actOnComment(moderator, d.id, { action: 'reject', reason: 'other', note: '内容重复且含有联系方式' });
    const [stored] = await db().select().from(consultationComments).where(eq(consultationComments.publicId, d.id));
    expect([stored!.status, stored!.rejectCode, stored!.rejectReason]).toEqual(['rejected', 'other', '内容重复且含有联系方式']);
    const told = await db().select().from(notifications).where(and(gt(notifications.id, since), eq(notifications.kind, 'consultation.comment_rejected')));
    expect(told.map((n) => n.body)).toEqual(['理由：与征求意见稿无关', '理由：其他。说明：内容重复且含有联系方式']);
    expect(told.every((n) => n.userId === second.user.id)).toBe(true);
    const { noticeText } = await import('@/lib/notifications/texts');
    expect((await noticeText('en', told[1]!)).body).toBe('Reason: other. Note: 内容重复且含有联系方式');
    const audit = await db().select({ details: auditLog.details }).from(auditLog).where(and(eq(auditLog.entityId, d.id), eq(auditLog.action, 'consultation_comment.reject')));
    expect(audit.map((a) => a.details)).toEqual([expect.objectContaining({ reason: 'other', note: '内容重复且含有联系方式' })]);
    // The commenter sees the code and note with their comment; the public does not.
    const own = await getConsultationView(second, id);
    expect(own.viewer?.mine.map((m) => [m.rejectCode, m.rejectNote])).toEqual([['off_topic', null], ['other', '内容重复且含有联系方式']]);
    expect((await getConsultationView(citizen, id)).viewer?.mine).toEqual([]);
    expect((await getConsultationView(visitor(), id)).comments).toEqual([]);
  });

  it('with a clientId, a resent comment returns the first one: no duplicate, no quota used', async () => {
    const { id } = await openConsultation({ commentQuota: 2 });
    const clientId = 'form-7f3c2a9b-retry';
    const first = await addComment(second, id, { body: '建议公共图书馆增设夜间自习区。', clientId });
    expect(first.remaining).toBe(1);
    const again = await addComment(second, id, { body: '建议公共图书馆增设夜间自习区。', clientId });
    expect(again).toEqual(first);
    // Sent twice at once: still one comment.
    const twin = 'form-twin-at-once-01';
    const [x, y] = await Promise.all([
      addComment(second, id, { body: '两次同时提交的同一条意见。', clientId: twin }),
      addComment(second, id, { body: '两次同时提交的同一条意见。', clientId: twin }),
    ]);
    expect(x.id).toBe(y.id);
    const rows = await db().select({ id: consultationComments.publicId }).from(consultationComments)
      .where(and(eq(consultationComments.authorId, second.user.id), eq(consultationComments.clientId, clientId)));
    expect(rows.length).toBe(1);
    // The quota is used up (2), yet the retry still answers with the first comment, not 429.
    expect((await appErrorOf(addComment(second, id, { body: '第三条意见超出配额。' }))).status).toBe(429);
    expect((await addComment(second, id, { body: '建议公共图书馆增设夜间自习区。', clientId })).id).toBe(first.id);
    // Another citizen's identical clientId is their own; the same clientId on another consultation is a conflict.
    expect((await addComment(citizen, id, { body: '另一位市民使用相同的编号。', clientId })).id).not.toBe(first.id);
    const other = await openConsultation();
    expect((await appErrorOf(addComment(second, other.id, { body: '同一编号用于另一项征集。', clientId }))).status).toBe(409);
    expect((await appErrorOf(addComment(second, id, { body: '编号格式不对的意见。', clientId: 'bad id!' }))).status).toBe(422);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityId, first.id), eq(auditLog.action, 'consultation.comment')));
    expect(audits.length).toBe(1);
  });

  it('keeps each citizen to the quota, and only while open', async () => {
    const { id } = await openConsultation({ commentQuota: 2 });
    await addComment(second, id, { body: '第一条意见：建议增加设施。' });
    const two = await addComment(second, id, { body: '第二条意见：建议增加人员。' });
    expect(two.remaining).toBe(0);
    expect((await appErrorOf(addComment(second, id, { body: '第三条意见：超过配额。' }))).status).toBe(429);
    await addComment(citizen, id, { body: '另一位市民的意见不受影响。' });
    const draft = await createConsultation(moderator, input());
    expect((await appErrorOf(addComment(citizen, draft.id, { body: '草稿不能提意见。' }))).status).toBe(404);
    const future = await openConsultation({ opensAt: new Date(Date.now() + DAY).toISOString(), closesAt: new Date(Date.now() + 40 * DAY).toISOString() });
    expect((await appErrorOf(addComment(citizen, future.id, { body: '尚未开始的征集。' }))).status).toBe(409);
    await actOnConsultation(moderator, id, { action: 'close', reason: '测试提前截止' });
    expect((await appErrorOf(addComment(citizen, id, { body: '截止后不能再提。' }))).status).toBe(409);
  });
});

describe('closing, dispositions and the feedback report', () => {
  it('an early close needs a reason; the sweep closes what is due and tells subscribers', async () => {
    const { id } = await openConsultation();
    expect((await appErrorOf(actOnConsultation(moderator, id, { action: 'close' }))).status).toBe(422);
    const due = await openConsultation({ shortPeriodReason: '测试用短期征集理由', opensAt: new Date(Date.now() - 2 * DAY).toISOString(), closesAt: new Date(Date.now() + DAY).toISOString() });
    await subscribeToConsultation(citizen, due.id);
    await subscribeToConsultation(citizen, due.id); // idempotent
    expect((await appErrorOf(subscribeToConsultation(handler, due.id))).status).toBe(403);
    const since = Math.max(0, ...(await db().select({ id: notifications.id }).from(notifications)).map((r) => r.id));
    expect(await closeDueConsultations(new Date(Date.now() + 2 * DAY))).toBeGreaterThanOrEqual(1);
    expect((await getConsultationView(visitor(), due.id)).status).toBe('closed');
    const told = await db().select().from(notifications).where(and(gt(notifications.id, since), eq(notifications.userId, citizen.user.id), eq(notifications.kind, 'consultation.closed')));
    expect(told.length).toBe(1);
    await unsubscribeFromConsultation(citizen, due.id);
  });

  it('dispositions after closing; 不予采纳 needs a reason; publish refused (409) until every approved comment has one', async () => {
    const { id, slug } = await openConsultation();
    const a = await addComment(second, id, { sectionIndex: 0, body: '建议第一条增加“均等化”的表述。' });
    const b = await addComment(citizen, id, { body: '建议整体上减少收费项目。' });
    const r = await addComment(citizen, id, { body: '与本办法无关的广告内容，请忽略。' });
    await subscribeToConsultation(second, id);
    await actOnComment(moderator, a.id, { action: 'approve' });
    expect((await appErrorOf(actOnComment(moderator, a.id, { action: 'dispose', disposition: 'adopted' }))).status).toBe(409); // still open
    await actOnConsultation(moderator, id, { action: 'close', reason: '已收到足够意见，提前截止' });
    expect((await appErrorOf(actOnConsultation(moderator, id, { action: 'publish_feedback' }))).status).toBe(409); // b and r pending
    await actOnComment(moderator, b.id, { action: 'approve' });
    const beforeReject = Math.max(0, ...(await db().select({ id: notifications.id }).from(notifications)).map((n) => n.id));
    await actOnComment(moderator, r.id, { action: 'reject', reason: 'advertising', note: '请勿发布广告' });
    const rejectedNotice = await db().select().from(notifications).where(and(gt(notifications.id, beforeReject), eq(notifications.kind, 'consultation.comment_rejected')));
    expect(rejectedNotice.map((n) => [n.userId, n.body])).toEqual([[citizen.user.id, '理由：含有广告或营销内容。说明：请勿发布广告']]);
    await actOnComment(moderator, a.id, { action: 'dispose', disposition: 'adopted', reason: '已在第一条中增加' });
    const refused = await appErrorOf(actOnConsultation(moderator, id, { action: 'publish_feedback' }));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain('1 条意见未作处理');
    expect((await appErrorOf(actOnComment(moderator, b.id, { action: 'dispose', disposition: 'not_adopted' }))).status).toBe(422);
    expect((await appErrorOf(actOnComment(moderator, r.id, { action: 'dispose', disposition: 'adopted' }))).status).toBe(409); // rejected
    await actOnComment(moderator, b.id, { action: 'dispose', disposition: 'not_adopted', reason: '收费项目由上位法规定' });
    // The feedback is not public before it is published.
    expect((await getConsultationView(visitor(), id)).comments.every((c) => c.disposition === null)).toBe(true);

    const since = Math.max(0, ...(await db().select({ id: notifications.id }).from(notifications)).map((n) => n.id));
    const mailSince = Math.max(0, ...(await db().select({ id: emailOutbox.id }).from(emailOutbox)).map((n) => n.id));
    // Filed under a category the catalogue does not have: a field error, nothing published.
    const unknown = await appErrorOf(actOnConsultation(moderator, id, { action: 'publish_feedback', categoryCode: '5555' }));
    expect([unknown.status, unknown.fields?.categoryCode]).toEqual([422, '公开目录中没有这个分类']);
    // Filed under 04 规范性文件 (the default is 99 其他): the index number carries the category.
    const published = await actOnConsultation(moderator, id, { action: 'publish_feedback', categoryCode: '04' });
    expect(published.status).toBe('feedback_published');
    expect(published.feedbackIndexNo).toMatch(/-04-\d{4}-\d{5}$/);
    // A catalogue item of the disclosure column.
    const [item] = await db().select().from(catalogueItems).where(eq(catalogueItems.sourceUrl, `/consultations/${slug}/feedback`));
    expect(item!.status).toBe('published');
    expect(item!.attribute).toBe('proactive');
    expect(item!.body).toContain('采纳 1 条');
    expect(item!.body).toContain('收费项目由上位法规定');
    expect((await getPublicCatalogueItem(db(), item!.indexNo))?.title).toContain('反馈');
    const view = await getConsultationView(visitor(), id);
    expect(view.feedback?.counts).toEqual({ adopted: 1, partly_adopted: 0, not_adopted: 1 });
    expect(view.feedback?.adopted[0]?.reason).toBe('已在第一条中增加');
    expect(view.comments.find((c) => c.id === b.id)?.disposition).toBe('not_adopted');
    // The commenters (both citizens, also the one whose comment was rejected) and subscribers: once each.
    const told = await db().select().from(notifications).where(and(gt(notifications.id, since), eq(notifications.kind, 'consultation.feedback')));
    expect(told.map((n) => n.userId).sort()).toEqual([citizen.user.id, second.user.id].sort());
    expect(told[0]!.link).toBe(`/consultations/${slug}/feedback`);
    const mails = await db().select().from(emailOutbox).where(gt(emailOutbox.id, mailSince));
    expect(mails.some((m) => m.subject.includes('意见征集已发布反馈'))).toBe(true);
    // Nothing changes afterwards.
    expect((await appErrorOf(actOnComment(moderator, b.id, { action: 'dispose', disposition: 'adopted' }))).status).toBe(409);
    expect((await appErrorOf(actOnConsultation(moderator, id, { action: 'publish_feedback' }))).status).toBe(409);
    expect((await appErrorOf(subscribeToConsultation(citizen, id))).status).toBe(409);
    const audits = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id));
    expect(audits.map((x) => x.action)).toEqual(expect.arrayContaining(['consultation.create', 'consultation.open', 'consultation.close', 'consultation.publish_feedback']));
    // The document it led to.
    await actOnConsultation(moderator, id, { action: 'link_document', itemId: item!.indexNo });
    expect((await getConsultationView(visitor(), id)).resultDocument?.indexNo).toBe(item!.indexNo);
    expect(await consultationsLeadingTo(item!.publicId)).toEqual([expect.objectContaining({ slug })]);
  });

  it('the radar counts closed consultations whose feedback is unpublished', async () => {
    const { id } = await openConsultation();
    await actOnConsultation(moderator, id, { action: 'close', reason: '雷达测试提前截止' });
    const report = await complianceReport();
    const radar = report.items.find((i) => i.id === 'consultations_feedback')!;
    expect(radar.status).not.toBe('pass');
    expect(radar.count).toBeGreaterThanOrEqual(1);
  });
});

describe('attachments', () => {
  const pdf = (name = '征求意见稿.pdf') => ({ fileName: name, mimeType: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') });

  it('moderators attach checked PDFs; public with the consultation, a draft\'s only to moderators', async () => {
    const { id } = await createConsultation(moderator, input());
    expect((await appErrorOf(addConsultationAttachment(citizen, id, pdf()))).status).toBe(403);
    expect((await appErrorOf(addConsultationAttachment(moderator, id, null))).status).toBe(422);
    expect((await appErrorOf(addConsultationAttachment(moderator, id, { fileName: 'x.pdf', mimeType: 'application/pdf', bytes: new TextEncoder().encode('not a pdf') }))).status).toBe(422);
    const file = await addConsultationAttachment(moderator, id, pdf());
    expect((await appErrorOf(readDownloadableFile(visitor(), file.id))).status).toBe(404);
    expect((await readDownloadableFile(moderator, file.id)).public).toBe(false);
    await actOnConsultation(moderator, id, { action: 'open' });
    expect((await readDownloadableFile(visitor(), file.id)).public).toBe(true);
    expect((await getConsultationView(visitor(), id)).attachments.map((a) => a.fileName)).toEqual(['征求意见稿.pdf']);
  });
});

describe('attachments through the API', () => {
  const PDF = '%PDF-1.4\n%%EOF\n';
  const upload = (id: string, file: Blob | null, name = '起草说明.pdf') => {
    const form = new FormData();
    if (file) form.set('file', file, name);
    return attachmentsRoute.POST(new Request(`http://localhost/api/v1/consultations/${id}/attachments`, { method: 'POST', body: form }), { params: Promise.resolve({ id }) });
  };
  const list = (id: string) => attachmentsRoute.GET(new Request(`http://localhost/api/v1/consultations/${id}/attachments`), { params: Promise.resolve({ id }) });
  const remove = (id: string, fileId: string) => attachmentRoute.DELETE(
    new Request(`http://localhost/api/v1/consultations/${id}/attachments/${fileId}`, { method: 'DELETE' }), { params: Promise.resolve({ id, fileId }) },
  );

  it('moderators list, add and remove them while a draft or open; removal is audited and the file is gone at once', async () => {
    const { id } = await createConsultation(moderator, input());
    requestHeaders.cookie = await sessionCookie(citizen);
    expect((await list(id)).status).toBe(403);
    expect((await upload(id, new Blob([PDF], { type: 'application/pdf' }))).status).toBe(403);
    requestHeaders.cookie = null;
    expect((await list(id)).status).toBe(401);
    requestHeaders.cookie = await sessionCookie(moderator);
    expect((await upload(id, new Blob(['not a pdf'], { type: 'application/pdf' }))).status).toBe(422);
    expect((await upload(id, null)).status).toBe(422);
    const json = await attachmentsRoute.POST(new Request(`http://localhost/api/v1/consultations/${id}/attachments`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    }), { params: Promise.resolve({ id }) });
    expect(json.status).toBe(400);
    const first = await upload(id, new Blob([PDF], { type: 'application/pdf' }), '征求意见稿.pdf');
    expect(first.status).toBe(201);
    const a = await first.json() as { id: string; fileName: string };
    const b = await (await upload(id, new Blob([PDF], { type: 'application/pdf' }), '起草说明.pdf')).json() as { id: string };
    const listed = await (await list(id)).json() as { items: Array<{ id: string; fileName: string; url: string }>; canAdd: boolean; canRemove: boolean };
    expect(listed.items.map((i) => [i.fileName, i.url])).toEqual([['征求意见稿.pdf', `/disclosure/files/${a.id}`], ['起草说明.pdf', `/disclosure/files/${b.id}`]]);
    expect([listed.canAdd, listed.canRemove]).toEqual([true, true]);

    // Removed from the draft: the link and the file go, with an audit row; a second removal is 404.
    expect((await remove(id, a.id)).status).toBe(200);
    expect((await remove(id, a.id)).status).toBe(404);
    expect((await remove(id, 'not-a-uuid')).status).toBe(404);
    expect(await db().select({ id: disclosureFiles.id }).from(disclosureFiles).where(eq(disclosureFiles.publicId, a.id))).toEqual([]);
    expect((await appErrorOf(readDownloadableFile(moderator, a.id))).status).toBe(404);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'consultation.detach')));
    expect(audit!.details).toEqual(expect.objectContaining({ file: a.id, fileName: '征求意见稿.pdf', status: 'draft' }));
    // A file of another consultation is not this one's to remove.
    const other = await createConsultation(moderator, input());
    expect((await remove(other.id, b.id)).status).toBe(404);

    // Open: public, still removable (a wrong upload), and a new one goes after the others.
    await actOnConsultation(moderator, id, { action: 'open' });
    const c = await (await upload(id, new Blob([PDF], { type: 'application/pdf' }), '解读材料.pdf')).json() as { id: string };
    expect((await getConsultationView(visitor(), id)).attachments.map((x) => x.fileName)).toEqual(['起草说明.pdf', '解读材料.pdf']);
    expect((await remove(id, c.id)).status).toBe(200);
    expect((await appErrorOf(readDownloadableFile(visitor(), c.id))).status).toBe(404);
    expect((await getConsultationView(visitor(), id)).attachments.map((x) => x.fileName)).toEqual(['起草说明.pdf']);

    // Closed: what was consulted on stays (409); adding is still allowed until the feedback is published.
    await actOnConsultation(moderator, id, { action: 'close', reason: '附件测试提前截止' });
    expect((await remove(id, b.id)).status).toBe(409);
    const after = await (await list(id)).json() as { canAdd: boolean; canRemove: boolean };
    expect([after.canAdd, after.canRemove]).toEqual([true, false]);
    expect((await readDownloadableFile(visitor(), b.id)).public).toBe(true);
    requestHeaders.cookie = null;
  });
});

describe('the API', () => {
  it('lists publicly, takes comments from citizens (201), refuses publication with 409', async () => {
    const { id } = await openConsultation();
    const list = await listRoute.GET(new Request('http://localhost/api/v1/consultations'));
    expect(list.status).toBe(200);
    const body = await list.json() as { items: Array<Record<string, unknown>> };
    expect(Object.keys(body.items.find((i) => i.id === id)!).sort()).toEqual(['closesAt', 'commentCount', 'id', 'opensAt', 'slug', 'status', 'title']);
    const post = (route: typeof commentRoute.POST, path: string, data: unknown) => route(
      new Request(`http://localhost${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) }),
      { params: Promise.resolve({ id }) },
    );
    requestHeaders.cookie = null;
    expect((await post(commentRoute.POST, `/api/v1/consultations/${id}/comments`, { body: '访客不能提意见。' })).status).toBe(401);
    requestHeaders.cookie = await sessionCookie(citizen);
    const created = await post(commentRoute.POST, `/api/v1/consultations/${id}/comments`, { sectionIndex: 0, body: '通过接口提交的意见。' });
    expect(created.status).toBe(201);
    const { id: commentId, status } = await created.json() as { id: string; status: string };
    expect(status).toBe('pending');
    expect((await post(commentRoute.POST, `/api/v1/consultations/${id}/comments`, { body: 'x' })).status).toBe(422);
    expect((await post(actionRoute.POST, `/api/v1/consultations/${id}/actions`, { action: 'close', reason: '市民不能截止' })).status).toBe(403);
    requestHeaders.cookie = await sessionCookie(moderator);
    expect((await post(actionRoute.POST, `/api/v1/consultations/${id}/actions`, { action: 'close', reason: '接口测试提前截止' })).status).toBe(200);
    await actOnComment(moderator, commentId, { action: 'approve' });
    const refused = await post(actionRoute.POST, `/api/v1/consultations/${id}/actions`, { action: 'publish_feedback' });
    expect(refused.status).toBe(409);
    expect((await post(actionRoute.POST, `/api/v1/consultations/${id}/actions`, { action: 'nonsense' })).status).toBe(422);
    requestHeaders.cookie = null;
  });
});

describe('我的订阅: GET /api/v1/account/subscriptions', () => {
  it("lists the citizen's own interview and consultation subscriptions, newest first, with where each is cancelled", async () => {
    const { mySubscriptions } = await import('@/lib/notifications/subscriptions');
    const { createInterview, actOnInterview } = await import('@/lib/interviews/operations');
    const { subscribeToInterview, unsubscribeFromInterview } = await import('@/lib/interviews/subscriptions');
    const subscriptionsRoute = await import('@/app/api/v1/account/subscriptions/route');
    const reader = await insertCitizen('订阅列表读者');
    const leader = await actorFor('leader@example.com');
    const start = Date.now() + 3 * 3600_000;
    const talk = await createInterview(moderator, { title: '订阅列表测试访谈', summary: '验证我的订阅列表能列出访谈和意见征集。', guestIds: [leader.user.publicId], scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 3600_000).toISOString() });
    await actOnInterview(moderator, talk.id, { action: 'announce' });
    const draft = await openConsultation({ title: '订阅列表测试征集' });
    await subscribeToInterview(reader, talk.id);
    await subscribeToConsultation(reader, draft.id);
    await subscribeToConsultation(second, draft.id); // someone else's: not in the reader's list

    const list = await mySubscriptions(db(), reader);
    expect(list.map((s) => [s.kind, s.title, s.endpoint])).toEqual([
      ['consultation', '订阅列表测试征集', `/api/v1/consultations/${draft.id}/subscription`],
      ['interview', '订阅列表测试访谈', `/api/v1/interviews/${talk.id}/subscription`],
    ]);
    expect(list[1]!.href).toMatch(/^\/interviews\/[\w-]+$/);

    const get = () => subscriptionsRoute.GET(new Request('http://localhost/api/v1/account/subscriptions'), { params: Promise.resolve({}) });
    requestHeaders.cookie = null;
    expect((await get()).status).toBe(401);
    requestHeaders.cookie = await sessionCookie(moderator);
    expect((await get()).status).toBe(403);
    requestHeaders.cookie = await sessionCookie(reader);
    await unsubscribeFromInterview(reader, talk.id);
    const after = await get();
    expect(after.status).toBe(200);
    expect((await after.json()).items.map((s: { kind: string }) => s.kind)).toEqual(['consultation']);
    requestHeaders.cookie = null;
  });
});
