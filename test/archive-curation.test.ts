import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { actOnEntry, createEntry, curationQueue, getEntryForCuration, moderationLog, updateEntry } from '@/lib/archive/curation';
import { handleFlag, listFlags, reportEntry } from '@/lib/archive/flags';
import { getPublishedEntry, listArchive } from '@/lib/archive/public-queries';
import { archiveEntries } from '@/lib/archive/schema';
import { listPublicCatalogueItems } from '@/lib/disclosure/catalogue';
import { catalogueItems } from '@/lib/disclosure/schema';
import { actOnInterview, actOnQuestion, addRemark, askQuestion, assignLeftoverQuestions, correctAnswer, createInterview, publishAnswer } from '@/lib/interviews/operations';
import { notifications } from '@/lib/notifications/schema';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { seedDemoArchive } from '@/lib/seed/demo-archive';
import { seedDemoInterviews } from '@/lib/seed/demo-interviews';
import { seedDemoLetters } from '@/lib/seed/demo-letters';
import { appErrorOf, errorChain } from './support/errors';
import { actorFor, visitor } from './support/users';

const DAY = 86_400_000;

/** A letter answered by the market division, written 10 days ago, with personal data in it. */
async function answeredLetter(options: { consent?: boolean; answer?: boolean; title?: string } = {}) {
  const [citizen, moderator, handler] = await Promise.all([actorFor('citizen@example.com'), actorFor('moderator@example.com'), actorFor('handler@example.com')]);
  const [market] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  const now = Date.now();
  const letter = await submitLetter(citizen, {
    kind: 'complaint',
    departmentId: market!.publicId,
    title: options.title ?? '琴岛剧场违规加价售票',
    body: '我是陈市民，手机 13812345678，身份证 11010519491231002X。琴岛剧场演出票在售票窗口被加价出售，请查处。',
    consentToPublish: options.consent ?? true,
  }, { now: new Date(now - 10 * DAY) });
  await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: market!.publicId }, new Date(now - 9 * DAY));
  if (options.answer !== false) {
    await actOnLetter(handler, letter.trackingNo, {
      action: 'reply',
      body: '您好！经现场检查，琴岛剧场确有加价售票行为，已责令整改并依法处罚。如有疑问请拨打 0592-5371913。',
    }, new Date(now - 2 * DAY));
  }
  return letter.trackingNo;
}

async function endedInterview(options: { leftover?: boolean } = {}) {
  const [moderator, leader, citizen] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com'), actorFor('citizen@example.com')]);
  const { id } = await createInterview(moderator, {
    title: '剧场演出市场监管在线访谈',
    summary: '局领导介绍演出市场监管情况并回答网友提问。',
    guestIds: [leader.user.publicId],
    scheduledStart: new Date(Date.now() - 3 * 3600_000).toISOString(),
    scheduledEnd: new Date(Date.now() - 3600_000).toISOString(),
  });
  await actOnInterview(moderator, id, { action: 'announce' });
  await actOnInterview(moderator, id, { action: 'go_live' });
  await addRemark(moderator, id, { body: '各位网友好，今天的访谈开始了。' });
  const q = await askQuestion(citizen, id, { body: '剧场加价售票怎么投诉？' });
  await actOnQuestion(moderator, q.id, { action: 'approve' });
  await publishAnswer(leader, q.id, { body: '可拨打文化市场举报电话，我们会及时查处。' });
  // An approved question left unanswered at the end, for the leftover tests.
  const leftover = options.leftover ? await askQuestion(citizen, id, { body: '剧场退票难怎么办？' }) : null;
  if (leftover) await actOnQuestion(moderator, leftover.id, { action: 'approve' });
  return { id, moderator, leader, question: q.id, leftover: leftover?.id ?? null };
}

async function categoryId(code: string) {
  const [row] = await db().select({ id: sql<number>`id` }).from(sql`catalogue_categories`).where(sql`code = ${code}`);
  return Number(row!.id);
}

describe('archive curation', () => {
  it('creates a draft from an answered, consented letter with personal data masked; refuses without consent or answer', async () => {
    const moderator = await actorFor('moderator@example.com');
    const trackingNo = await answeredLetter();
    const entry = await createEntry(moderator, { letter: trackingNo });
    expect(entry).toMatchObject({ status: 'draft', kind: 'letter', version: 1, category: null, department: '文化市场管理处', source: { trackingNo } });
    expect(entry.publicBody).not.toContain('13812345678');
    expect(entry.publicBody).not.toContain('11010519491231002X');
    expect(entry.publicBody).not.toContain('陈市民');
    expect(entry.publicBody).toContain('陈某');
    expect(entry.publicBody).toContain('138****5678');
    // The bureau's own published number stays readable in the answer.
    expect(entry.publicAnswer).toContain('0592-5371913');
    expect(entry.workingDays).toBeGreaterThan(0);
    expect(entry.workingDays).toBeLessThanOrEqual(8);
    // The original stays private, beside the public text in the editor, with the hidden spans marked.
    const { original, spans } = await getEntryForCuration(moderator, entry.id);
    expect(original.body).toContain('13812345678');
    expect(spans.body.map((s) => s.kind)).toEqual(expect.arrayContaining(['term', 'phone', 'id_number']));

    expect((await appErrorOf(createEntry(moderator, { letter: trackingNo }))).status).toBe(409);
    const unconsented = await answeredLetter({ consent: false });
    const refused = await appErrorOf(createEntry(moderator, { letter: unconsented }));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain('未同意公开');
    const unanswered = await answeredLetter({ answer: false });
    expect((await appErrorOf(createEntry(moderator, { letter: unanswered }))).status).toBe(409);
    expect((await appErrorOf(createEntry(moderator, { letter: '2020010100001' }))).status).toBe(404);
    expect((await appErrorOf(createEntry(moderator, { letter: 'abc' }))).status).toBe(422);
    expect((await appErrorOf(createEntry(moderator, {}))).status).toBe(422);
  });

  it('creates an entry from an ended interview with the transcript and askers masked', async () => {
    const { id, moderator } = await endedInterview();
    expect((await appErrorOf(createEntry(moderator, { interviewId: id }))).status).toBe(409);
    await actOnInterview(moderator, id, { action: 'end' });
    const entry = await createEntry(moderator, { interviewId: id });
    expect(entry.kind).toBe('interview');
    expect(entry.publicAnswer).toContain('【主持人】各位网友好');
    expect(entry.publicAnswer).toContain('【网友 陈*民】剧场加价售票怎么投诉？');
    expect(entry.publicAnswer).toContain('王局长（副局长）');
    expect(entry.publicAnswer).not.toContain('陈市民');
    expect(entry.workingDays).toBeNull();
  });

  it('a corrected or later answer marks the entry\'s source as changed, tells the moderators, and refresh_answer takes it again, masked', async () => {
    const { id, moderator, leader, question, leftover } = await endedInterview({ leftover: true });
    await actOnInterview(moderator, id, { action: 'end' });
    const draft = await createEntry(moderator, { interviewId: id });
    expect((await getEntryForCuration(moderator, draft.id)).sourceChanged).toBe(false);
    const marked = await updateEntry(moderator, draft.id, { version: draft.version, maskedTerms: ['文化市场'], category: '10' });
    const entry = await actOnEntry(moderator, draft.id, { action: 'publish', version: marked.version });
    const told = async () => db().select({ title: notifications.title, link: notifications.link }).from(notifications)
      .where(and(eq(notifications.userId, moderator.user!.id), eq(notifications.kind, 'archive.source_changed'), eq(notifications.link, `/workspace/moderator/archive/${entry.id}`)));
    expect(await told()).toEqual([]);

    // The leader corrects the answer after the entry was published: the public answer is out of date, and said so.
    await correctAnswer(leader, question, { body: '可拨打文化市场举报电话 12318，我们会及时查处。' });
    expect((await getEntryForCuration(moderator, entry.id)).sourceChanged).toBe(true);
    expect(await told()).toHaveLength(1);
    expect((await getPublishedEntry(db(), entry.id))!.answer).not.toContain('12318');

    // A stale form is refused; the current one takes the answer again with the marked terms masked, still published.
    expect((await appErrorOf(actOnEntry(moderator, entry.id, { action: 'refresh_answer', version: entry.version - 1 }))).status).toBe(409);
    const refreshed = await actOnEntry(moderator, entry.id, { action: 'refresh_answer', version: entry.version });
    expect(refreshed).toMatchObject({ status: 'published', version: entry.version + 1, publicTitle: entry.publicTitle, publicBody: entry.publicBody });
    expect(refreshed.publicAnswer).toContain('举报电话 12318');
    expect(refreshed.publicAnswer).toContain('（已更正）');
    expect(refreshed.publicAnswer).not.toContain('文化市场');
    expect(refreshed.publicAnswer).not.toContain('陈市民');
    expect((await getPublishedEntry(db(), entry.id))!.answer).toContain('12318');
    expect((await getEntryForCuration(moderator, entry.id)).sourceChanged).toBe(false);
    const [audit] = await db().select({ details: auditLog.details }).from(auditLog).where(and(eq(auditLog.entityId, entry.id), eq(auditLog.action, 'archive.refresh_answer')));
    expect(audit!.details).toMatchObject({ changed: true });

    // A leftover question answered after the end joins the transcript: the entry is out of date again.
    await assignLeftoverQuestions(moderator, id, { guestId: leader.user!.publicId });
    await publishAnswer(leader, leftover!, { body: '可以先联系售票方，协商不成再向我们投诉。' });
    expect((await getEntryForCuration(moderator, entry.id)).sourceChanged).toBe(true);
    expect(await told()).toHaveLength(2);
  });

  it('a reopened letter answered again marks its entry\'s source as changed and tells the moderators', async () => {
    const moderator = await actorFor('moderator@example.com');
    const trackingNo = await answeredLetter({ title: '剧场重新办理答复核对问题' });
    const entry = await createEntry(moderator, { letter: trackingNo });
    const [citizen, handler] = await Promise.all([actorFor('citizen@example.com'), actorFor('handler@example.com')]);
    await actOnLetter(citizen, trackingNo, { action: 'rate', rating: 'unsatisfied', comment: '没有说明处罚结果' });
    const reopened = await db().select({ status: sql<string>`status` }).from(sql`letters`).where(sql`tracking_no = ${trackingNo}`);
    if (reopened[0]!.status !== 'accepted') await actOnLetter(citizen, trackingNo, { action: 'reopen', reason: '没有说明处罚结果' });
    await actOnLetter(handler, trackingNo, { action: 'reply', body: '补充答复：已对琴岛剧场处以罚款。' });
    expect((await getEntryForCuration(moderator, entry.id)).sourceChanged).toBe(true);
    const notices = await db().select({ id: notifications.id }).from(notifications)
      .where(and(eq(notifications.kind, 'archive.source_changed'), eq(notifications.link, `/workspace/moderator/archive/${entry.id}`)));
    expect(notices.length).toBeGreaterThan(0);
    const refreshed = await actOnEntry(moderator, entry.id, { action: 'refresh_answer' });
    expect(refreshed.publicAnswer).toContain('补充答复：已对琴岛剧场处以罚款。');
    expect(refreshed.status).toBe('draft');
  });

  it('edits re-mask marked terms; a stale version is refused with 409', async () => {
    const moderator = await actorFor('moderator@example.com');
    const entry = await createEntry(moderator, { letter: await answeredLetter({ title: '琴岛剧场张小明加价售票' }) });
    expect(entry.publicTitle).toContain('张小明');
    const edited = await updateEntry(moderator, entry.id, { version: entry.version, maskedTerms: [...entry.maskedTerms, '张小明'], publicAnswer: `${entry.publicAnswer}\n联系人张小明，邮箱 zhang@example.com。` });
    expect(edited.version).toBe(2);
    expect(edited.publicTitle).toBe('琴岛剧场张某加价售票');
    expect(edited.publicAnswer).not.toContain('张小明');
    expect(edited.publicAnswer).not.toContain('zhang@example.com');
    const stale = await appErrorOf(updateEntry(moderator, entry.id, { version: 1, publicTitle: '另一个标题内容' }));
    expect(stale.status).toBe(409);
    expect((await appErrorOf(updateEntry(moderator, entry.id, { version: 2, category: '77' }))).fields).toEqual({ category: '没有这个公开目录分类' });
    expect((await appErrorOf(updateEntry(moderator, entry.id, { version: 2, maskedTerms: ['张'] }))).status).toBe(422);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.entityId, entry.id), eq(auditLog.action, 'archive.edit')));
    expect(audit).toHaveLength(1);
    // The marked names are personal data: the log counts them, never names them.
    expect(JSON.stringify(audit[0]!.details)).not.toContain('张小明');
  });

  it('publish needs a category, creates the catalogue item and makes the entry findable; unpublish removes it everywhere', async () => {
    const moderator = await actorFor('moderator@example.com');
    const entry = await createEntry(moderator, { letter: await answeredLetter({ title: '鹭岛剧院违规加价售票问题' }) });
    const noCategory = await appErrorOf(actOnEntry(moderator, entry.id, { action: 'publish' }));
    expect(noCategory.status).toBe(422);
    expect(noCategory.fields).toHaveProperty('category');
    const categorised = await updateEntry(moderator, entry.id, { version: entry.version, category: '10' });
    expect(await getPublishedEntry(db(), entry.id)).toBeNull();
    const published = await actOnEntry(moderator, entry.id, { action: 'publish', version: categorised.version });
    expect(published).toMatchObject({ status: 'published', category: '10', categoryName: '监督投诉' });
    expect(published.indexNo).toMatch(/-10-\d{4}-\d{5}$/);
    expect((await appErrorOf(actOnEntry(moderator, entry.id, { action: 'publish' }))).status).toBe(409);

    const [item] = await db().select().from(catalogueItems).where(eq(catalogueItems.sourceUrl, `/archive/${entry.id}`));
    expect(item).toMatchObject({ status: 'published', attribute: 'proactive', categoryId: await categoryId('10'), indexNo: published.indexNo });
    expect(item!.publisher).toContain('文化市场管理处');
    const catalogue = await listPublicCatalogueItems(db(), { category: '10', page: 1, pageSize: 100 });
    expect(catalogue.items.map((i) => i.indexNo)).toContain(published.indexNo);

    // A two-character keyword finds it, with the masked text only.
    const found = await listArchive(db(), { q: '鹭岛', page: 1, pageSize: 20 });
    expect(found.items.map((i) => i.id)).toContain(entry.id);
    const publicView = await getPublishedEntry(db(), entry.id);
    expect(publicView!.question).not.toContain('13812345678');
    expect(publicView!.indexNo).toBe(published.indexNo);

    expect((await appErrorOf(actOnEntry(moderator, entry.id, { action: 'unpublish' }))).status).toBe(422);
    const down = await actOnEntry(moderator, entry.id, { action: 'unpublish', reason: '来信人要求撤下' });
    expect(down).toMatchObject({ status: 'unpublished', unpublishReason: '来信人要求撤下' });
    expect((await listArchive(db(), { q: '鹭岛', page: 1, pageSize: 20 })).items.map((i) => i.id)).not.toContain(entry.id);
    expect((await listArchive(db(), { page: 1, pageSize: 50 })).items.map((i) => i.id)).not.toContain(entry.id);
    expect(await getPublishedEntry(db(), entry.id)).toBeNull();
    expect((await listPublicCatalogueItems(db(), { category: '10', page: 1, pageSize: 100 })).items.map((i) => i.indexNo)).not.toContain(published.indexNo);
    expect((await appErrorOf(actOnEntry(moderator, entry.id, { action: 'unpublish', reason: '再次撤下' }))).status).toBe(409);

    // Republished, it keeps its index number.
    const again = await actOnEntry(moderator, entry.id, { action: 'publish' });
    expect(again.indexNo).toBe(published.indexNo);

    const log = await moderationLog(moderator, { entry: entry.id });
    expect(log.items.map((r) => r.action)).toEqual(['archive.publish', 'archive.unpublish', 'archive.publish', 'archive.edit', 'archive.create']);
    expect(log.items.find((r) => r.action === 'archive.unpublish')).toMatchObject({ actor: '黄主持', details: { reason: '来信人要求撤下' } });
  });

  it('only moderators and admins curate: handlers, leaders and citizens get 403, visitors 401', async () => {
    const moderator = await actorFor('moderator@example.com');
    const entry = await createEntry(moderator, { letter: await answeredLetter() });
    await updateEntry(moderator, entry.id, { version: 1, category: '10' });
    for (const email of ['handler@example.com', 'leader@example.com', 'citizen@example.com']) {
      const actor = await actorFor(email);
      expect((await appErrorOf(actOnEntry(actor, entry.id, { action: 'publish' }))).status).toBe(403);
      expect((await appErrorOf(createEntry(actor, { letter: await answeredLetter() }))).status).toBe(403);
      expect((await appErrorOf(updateEntry(actor, entry.id, { version: 2, publicTitle: '改一下标题' }))).status).toBe(403);
      expect((await appErrorOf(curationQueue(actor, {}))).status).toBe(403);
      expect((await appErrorOf(moderationLog(actor, {}))).status).toBe(403);
    }
    expect((await appErrorOf(actOnEntry(visitor(), entry.id, { action: 'publish' }))).status).toBe(401);
    const admin = await actorFor('admin@example.com');
    expect((await actOnEntry(admin, entry.id, { action: 'publish' })).status).toBe('published');
    const [row] = await db().select({ status: archiveEntries.status }).from(archiveEntries).where(eq(archiveEntries.publicId, entry.id));
    expect(row!.status).toBe('published');
  });

  it('the queue counts candidates, drafts, published and unpublished entries', async () => {
    const moderator = await actorFor('moderator@example.com');
    const trackingNo = await answeredLetter({ title: '排队中的答复公开候选来信' });
    const before = await curationQueue(moderator, { tab: 'letters' });
    expect(before.counts.letters).toBeGreaterThan(0);
    expect(before.total).toBe(before.counts.letters);
    const all = [];
    for (let page = 1; page <= Math.ceil(before.total / before.pageSize); page++) all.push(...(await curationQueue(moderator, { tab: 'letters', page })).candidates);
    expect(all.map((c) => c.ref)).toContain(trackingNo);
    await createEntry(moderator, { letter: trackingNo });
    const after = await curationQueue(moderator, { tab: 'draft' });
    expect(after.counts.letters).toBe(before.counts.letters - 1);
    expect(after.counts.draft).toBe(before.counts.draft + 1);
    expect(after.entries.map((e) => e.title)).toContain('排队中的答复公开候选来信');
    expect((await appErrorOf(curationQueue(moderator, { tab: 'nope' }))).status).toBe(422);
  });

  it('the letters waiting for an entry, newest first (sort=newest): the latest answer on top, the same count', async () => {
    const moderator = await actorFor('moderator@example.com');
    const trackingNo = await answeredLetter({ title: '最新答复的公开候选来信' });
    const oldest = await curationQueue(moderator, { tab: 'letters' });
    const newest = await curationQueue(moderator, { tab: 'letters', sort: 'newest' });
    expect(newest.sort).toBe('newest');
    expect(newest.total).toBe(oldest.total);
    const dates = (q: typeof newest) => q.candidates.map((c) => c.date!.getTime());
    expect(dates(newest)).toEqual([...dates(newest)].sort((a, b) => b - a));
    expect(dates(oldest)).toEqual([...dates(oldest)].sort((a, b) => a - b));
    // Every letter of the tests is answered two days before now, in the order they were made: ours is the latest.
    expect(newest.candidates[0]!.ref).toBe(trackingNo);
    expect((await appErrorOf(curationQueue(moderator, { tab: 'letters', sort: 'oldest' }))).status).toBe(422);
  });

  it('signed-in users report a published entry once; moderators dismiss or unpublish with an audit row', async () => {
    const moderator = await actorFor('moderator@example.com');
    const citizen = await actorFor('citizen@example.com');
    const handler = await actorFor('handler@example.com');
    const entry = await createEntry(moderator, { letter: await answeredLetter({ title: '被举报的答复公开条目' }) });
    expect((await appErrorOf(reportEntry(citizen, entry.id, { reason: '这里还有个人信息没有隐去' }))).status).toBe(404);
    await updateEntry(moderator, entry.id, { version: 1, category: '10' });
    await actOnEntry(moderator, entry.id, { action: 'publish' });

    expect((await appErrorOf(reportEntry(visitor(), entry.id, { reason: '这里还有个人信息没有隐去' }))).status).toBe(401);
    expect((await appErrorOf(reportEntry(citizen, entry.id, { reason: '短' }))).status).toBe(422);
    const first = await reportEntry(citizen, entry.id, { reason: '这里还有个人信息没有隐去' });
    expect(first).toMatchObject({ status: 'open', duplicate: false });
    const second = await reportEntry(citizen, entry.id, { reason: '再举报一次同一个问题' });
    expect(second).toEqual({ id: first.id, status: 'open', duplicate: true });
    expect((await appErrorOf(listFlags(citizen, {}))).status).toBe(403);
    expect((await appErrorOf(handleFlag(handler, first.id, { action: 'dismiss', resolution: '已核实无问题' }))).status).toBe(403);

    const open = await listFlags(moderator, { status: 'open' });
    expect(open.items.find((f) => f.id === first.id)).toMatchObject({ entryId: entry.id, reporter: '陈市民', reason: '这里还有个人信息没有隐去' });
    expect(await handleFlag(moderator, first.id, { action: 'dismiss', resolution: '已核实，无个人信息' })).toEqual({ id: first.id, status: 'dismissed' });
    expect((await appErrorOf(handleFlag(moderator, first.id, { action: 'dismiss', resolution: '再处理一次' }))).status).toBe(409);

    const third = await reportEntry(citizen, entry.id, { reason: '答复中有来信人的住址' });
    const byHandler = await reportEntry(handler, entry.id, { reason: '答复中有来信人的住址，应撤下' });
    expect(third.duplicate).toBe(false);
    expect(await handleFlag(moderator, third.id, { action: 'unpublish', resolution: '含个人住址，撤下重新处理' })).toEqual({ id: third.id, status: 'actioned' });
    expect(await getPublishedEntry(db(), entry.id)).toBeNull();
    const actioned = await listFlags(moderator, { status: 'actioned' });
    expect(actioned.items.filter((f) => f.entryId === entry.id).map((f) => f.id).sort()).toEqual([third.id, byHandler.id].sort());
    const log = await moderationLog(moderator, { entry: entry.id });
    expect(log.items.map((r) => r.action)).toEqual(expect.arrayContaining(['archive.flag', 'archive.flag_dismiss', 'archive.flag_unpublish', 'archive.unpublish']));
    expect((await moderationLog(moderator, { action: 'archive.flag_unpublish' })).items[0]).toMatchObject({ entityId: third.id, details: { entry: entry.id, closedReports: 2 } });
  });

  it('unpublishing from the editor closes the open reports of the entry as actioned, with the reason', async () => {
    const moderator = await actorFor('moderator@example.com');
    const citizen = await actorFor('citizen@example.com');
    const entry = await createEntry(moderator, { letter: await answeredLetter({ title: '编辑页撤下时仍有举报的条目' }) });
    await updateEntry(moderator, entry.id, { version: 1, category: '10' });
    await actOnEntry(moderator, entry.id, { action: 'publish' });
    const report = await reportEntry(citizen, entry.id, { reason: '答复里还有来信人的电话号码' });
    await actOnEntry(moderator, entry.id, { action: 'unpublish', reason: '来信人要求撤下' });
    expect((await listFlags(moderator, { status: 'open' })).items.filter((f) => f.entryId === entry.id)).toEqual([]);
    expect((await listFlags(moderator, { status: 'actioned' })).items.find((f) => f.id === report.id)).toMatchObject({ resolution: '来信人要求撤下', handledBy: '黄主持' });
    const log = await moderationLog(moderator, { entry: entry.id, action: 'archive.unpublish' });
    expect(log.items[0]).toMatchObject({ details: { reason: '来信人要求撤下', closedReports: 1 } });
  });

  it('the moderation log cannot be changed or deleted: the database refuses', async () => {
    const moderator = await actorFor('moderator@example.com');
    const entry = await createEntry(moderator, { letter: await answeredLetter() });
    const [row] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, entry.id), eq(auditLog.action, 'archive.create')));
    expect(row).toBeDefined();
    const refused = async (statement: Promise<unknown>) => {
      try {
        await statement;
      } catch (error) {
        return errorChain(error);
      }
      return 'not refused';
    };
    expect(await refused(db().update(auditLog).set({ action: 'archive.tampered' }).where(eq(auditLog.id, row!.id)))).toMatch(/append-only: UPDATE refused/);
    expect(await refused(db().execute(sql`delete from audit_log where id = ${row!.id}`))).toMatch(/append-only: DELETE refused/);
    const [still] = await db().select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(still).toEqual(row);
  });

  it('the demo archive is published through the same operations', async () => {
    await seedDemoLetters(db(), new Date('2026-11-16T10:00:00+08:00'));
    await seedDemoInterviews(db(), new Date('2026-11-16T10:00:00+08:00'));
    const before = (await listArchive(db(), { page: 1, pageSize: 50 })).total;
    const published = await seedDemoArchive(db());
    expect(published).toBeGreaterThanOrEqual(2);
    const list = await listArchive(db(), { page: 1, pageSize: 50 });
    expect(list.total).toBe(before + published);
    expect(list.items.map((i) => i.title)).toEqual(expect.arrayContaining(['网吧允许未成年人进入吗', '繁荣我市艺术院团 — 局领导在线访谈']));
    const interview = list.items.find((i) => i.kind === 'interview')!;
    expect((await getPublishedEntry(db(), interview.id))!.interviewSlug).toBeTruthy();
    // Idempotent: nothing left to publish.
    expect(await seedDemoArchive(db())).toBe(0);
  });
});
