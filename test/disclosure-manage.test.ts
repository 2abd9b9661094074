import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/lib/audit/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { getPublicCatalogueItem, listPublicCatalogueItems } from '@/lib/disclosure/catalogue';
import {
  actOnCatalogueItem,
  createCatalogueItem,
  getStaffCatalogueItem,
  lateProactiveItems,
  listStaffCatalogue,
  updateCatalogueItem,
} from '@/lib/disclosure/manage';
import { readDownloadableFile } from '@/lib/disclosure/files';
import { getDisclosurePage, saveDisclosurePage, saveOfficeContact } from '@/lib/disclosure/pages';
import { catalogueItems } from '@/lib/disclosure/schema';
import { getOrganisation } from '@/lib/accounts/departments';
import { appErrorOf } from './support/errors';
import { actorFor, visitor } from './support/users';

let moderator: Actor & { user: ActorUser };
let handler: Actor & { user: ActorUser };
let citizen: Actor & { user: ActorUser };

beforeAll(async () => {
  moderator = await actorFor('moderator@example.com');
  handler = await actorFor('handler@example.com');
  citizen = await actorFor('citizen@example.com');
});

const item = (overrides: Record<string, unknown> = {}) => ({
  categoryCode: '0701',
  title: '2026 年部门预算公开说明',
  summary: '本局 2026 年部门收支预算及说明。',
  body: '一、部门职责……',
  publisher: '民声市某局办公室',
  attribute: 'proactive',
  generatedOn: '2026-03-02',
  ...overrides,
});

describe('catalogue items', () => {
  it('creates a draft with an index number in the year it was generated, publishes, edits as a new version, withdraws', async () => {
    const created = await createCatalogueItem(moderator, item());
    expect(created.indexNo).toMatch(/-0701-2026-\d{5}$/);
    expect(await getPublicCatalogueItem(db(), created.id)).toBeNull();

    const published = await actOnCatalogueItem(moderator, created.id, { action: 'publish', version: 1 });
    expect(published).toEqual({ status: 'published', version: 2 });
    expect(await getPublicCatalogueItem(db(), created.indexNo)).toMatchObject({ title: '2026 年部门预算公开说明', body: '一、部门职责……' });

    const edited = await updateCatalogueItem(moderator, created.id, { ...item({ title: '2026 年部门预算公开说明（更正）' }), version: 2, note: '更正标题' });
    expect(edited.version).toBe(3);
    const staff = await getStaffCatalogueItem(moderator, created.id);
    expect(staff.indexNo).toBe(created.indexNo);
    expect(staff.versions.map((v) => [v.version, v.title, v.note])).toEqual([
      [3, '2026 年部门预算公开说明（更正）', '更正标题'],
      [1, '2026 年部门预算公开说明', '创建'],
    ]);

    // A stale editor gets 409 and changes nothing.
    expect((await appErrorOf(updateCatalogueItem(moderator, created.id, { ...item({ title: '过期的修改内容' }), version: 2 }))).status).toBe(409);
    expect((await getPublicCatalogueItem(db(), created.id))!.title).toBe('2026 年部门预算公开说明（更正）');

    const reasonMissing = await appErrorOf(actOnCatalogueItem(moderator, created.id, { action: 'withdraw', version: 3 }));
    expect(reasonMissing.status).toBe(422);
    await actOnCatalogueItem(moderator, created.id, { action: 'withdraw', version: 3, reason: '内容已过时' });
    expect(await getPublicCatalogueItem(db(), created.id)).toBeNull();
    expect((await appErrorOf(actOnCatalogueItem(moderator, created.id, { action: 'withdraw', version: 4, reason: '再次撤回' }))).status).toBe(409);

    const audit = await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, 'catalogue_item'), eq(auditLog.entityId, created.id)));
    expect(audit.map((a) => a.action)).toEqual(['catalogue.create', 'catalogue.publish', 'catalogue.update', 'catalogue.withdraw']);
  });

  it('registers 依申请公开 items without showing them', async () => {
    const created = await createCatalogueItem(moderator, item({ title: '内部会议纪要目录登记', attribute: 'on_request' }));
    await actOnCatalogueItem(moderator, created.id, { action: 'publish', version: 1 });
    expect(await getPublicCatalogueItem(db(), created.id)).toBeNull();
    expect((await listPublicCatalogueItems(db(), { q: '内部会议纪要', page: 1, pageSize: 5 })).total).toBe(0);
    expect((await listStaffCatalogue(moderator, { status: 'published' })).items.map((i) => i.id)).toContain(created.id);
  });

  it('refuses bad input with field messages, and everyone but moderators', async () => {
    const bad = await appErrorOf(createCatalogueItem(moderator, item({ categoryCode: '98', title: '短', generatedOn: '2026-02-30', attribute: 'secret' })));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['attribute', 'generatedOn', 'title']);
    const unknownCategory = await appErrorOf(createCatalogueItem(moderator, item({ categoryCode: '98' })));
    expect(unknownCategory.fields).toEqual({ categoryCode: '分类不存在' });
    const future = await appErrorOf(createCatalogueItem(moderator, item({ generatedOn: '2999-01-01' })));
    expect(future.fields?.generatedOn).toBe('生成日期不能晚于今天');
    expect((await appErrorOf(createCatalogueItem(handler, item()))).status).toBe(403);
    expect((await appErrorOf(createCatalogueItem(citizen, item()))).status).toBe(403);
    expect((await appErrorOf(createCatalogueItem(visitor(), item()))).status).toBe(401);
  });

  it('flags 主动公开 items published after 20 working days, and overdue drafts', async () => {
    // Generated on 中秋节 2026-09-25 (a Friday), before the National Day holiday: the limit runs across both —
    // 09-28..09-30, 10-08, 10-09, the make-up Saturday 10-10, then 10-12..10-29: 20 working days.
    const onTime = await createCatalogueItem(moderator, item({ title: '按时公开的信息', generatedOn: '2026-09-25' }));
    const late = await createCatalogueItem(moderator, item({ title: '逾期公开的信息', generatedOn: '2026-09-25' }));
    // 2026-01-05 + 20 working days = 2026-02-02 (01-06..01-09, then four full weeks to 02-02).
    const lateDraft = await createCatalogueItem(moderator, item({ title: '逾期未公开的草稿', generatedOn: '2026-01-05' }));
    const due = '2026-10-29';
    const publishOn = async (id: string, day: string) => {
      await actOnCatalogueItem(moderator, id, { action: 'publish', version: 1 });
      await db().update(catalogueItems).set({ publishedAt: new Date(`${day}T10:00:00+08:00`) }).where(eq(catalogueItems.publicId, id));
    };
    await publishOn(onTime.id, due);
    await publishOn(late.id, '2026-10-30');
    // A draft is late once the Beijing day after its limit has begun: 2026-02-02 16:00 UTC is 02-03 00:00 in Beijing.
    const flaggedAt = async (now: string) => new Map((await lateProactiveItems(db(), 500, new Date(now))).map((f) => [f.id, f]));
    const byId = await flaggedAt('2026-11-02T10:00:00+08:00');
    expect(byId.has(onTime.id)).toBe(false);
    expect(byId.get(late.id)).toMatchObject({ dueOn: due, publishedOn: '2026-10-30', status: 'published' });
    expect(byId.get(lateDraft.id)).toMatchObject({ dueOn: '2026-02-02', publishedOn: null, status: 'draft' });
    expect((await flaggedAt('2026-02-02T15:59:59Z')).has(lateDraft.id)).toBe(false);
    expect((await flaggedAt('2026-02-02T16:00:00Z')).has(lateDraft.id)).toBe(true);
  });
});

describe('attachments', () => {
  const pdf = (text: string) => ({ fileName: '../预算说明.pdf', mimeType: 'application/pdf', bytes: new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF`) });

  it('stores a PDF with the item; anyone downloads it once published, only staff before', async () => {
    const created = await createCatalogueItem(moderator, item({ title: '带附件的预算说明' }), db(), pdf('budget'));
    const staffView = await getStaffCatalogueItem(moderator, created.id);
    expect(staffView.attachment).toMatchObject({ fileName: '预算说明.pdf' });
    const fileId = staffView.attachment!.id;
    expect((await appErrorOf(readDownloadableFile(visitor(), fileId))).status).toBe(404);
    expect((await appErrorOf(readDownloadableFile(citizen, fileId))).status).toBe(404);
    expect(new TextDecoder().decode((await readDownloadableFile(moderator, fileId)).data)).toContain('budget');

    await actOnCatalogueItem(moderator, created.id, { action: 'publish', version: 1 });
    const download = await readDownloadableFile(visitor(), fileId);
    expect(download).toMatchObject({ public: true, fileName: '预算说明.pdf', mimeType: 'application/pdf' });
    expect((await getPublicCatalogueItem(db(), created.id))!.attachment).toMatchObject({ id: fileId });

    // A new upload replaces it; the old file stays for the earlier version but is no longer public.
    await updateCatalogueItem(moderator, created.id, { ...item({ title: '带附件的预算说明' }), version: 2 }, db(), pdf('budget v2'));
    const replaced = (await getPublicCatalogueItem(db(), created.id))!.attachment!;
    expect(replaced.id).not.toBe(fileId);
    expect((await appErrorOf(readDownloadableFile(visitor(), fileId))).status).toBe(404);
    await updateCatalogueItem(moderator, created.id, { ...item({ title: '带附件的预算说明' }), version: 3, removeAttachment: true });
    expect((await getPublicCatalogueItem(db(), created.id))!.attachment).toBeNull();
  });

  it('refuses a file that is not a PDF, keeping nothing', async () => {
    const fake = { fileName: 'x.pdf', mimeType: 'application/pdf', bytes: new TextEncoder().encode('<html>not a pdf</html>') };
    const error = await appErrorOf(createCatalogueItem(moderator, item({ title: '伪造附件的条目' }), db(), fake));
    expect(error.status).toBe(422);
    expect(error.fields).toEqual({ attachment: '文件内容不是 PDF' });
    expect((await listStaffCatalogue(moderator, { pageSize: 100 })).items.some((i) => i.title === '伪造附件的条目')).toBe(false);
  });
});

describe('guide and rules pages', () => {
  it('show the default text until saved, then versions guard against lost edits', async () => {
    const initial = await getDisclosurePage('guide');
    expect(initial).toMatchObject({ title: '政府信息公开指南', version: 0 });
    expect(initial.body).toContain('20 个工作日');
    expect(await saveDisclosurePage(moderator, { key: 'guide', title: '政府信息公开指南（2026 年版）', body: '一、主动公开……本局按目录公开。', version: 0 })).toEqual({ version: 1 });
    expect((await appErrorOf(saveDisclosurePage(moderator, { key: 'guide', title: '另一位管理员的修改', body: '一、主动公开……另一个版本。', version: 0 }))).status).toBe(409);
    expect(await getDisclosurePage('guide')).toMatchObject({ title: '政府信息公开指南（2026 年版）', version: 1 });
    expect((await appErrorOf(saveDisclosurePage(handler, { key: 'rules', title: '制度', body: '一二三四五六七八九十', version: 0 }))).status).toBe(403);
    expect((await appErrorOf(saveDisclosurePage(moderator, { key: 'secret', title: '制度', body: '一二三四五六七八九十', version: 0 }))).status).toBe(422);
  });

  it('edit the office contact block with validation', async () => {
    const bad = await appErrorOf(saveOfficeContact(moderator, { disclosureOffice: '办公室', address: '某市某路 1 号', postcode: '12345', phone: 'abc', email: 'no', officeHours: '工作日 9:00-17:00' }));
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['email', 'phone', 'postcode']);
    await saveOfficeContact(moderator, { disclosureOffice: '局办公室（政务公开科）', address: '民声市中山路 100 号', postcode: '361000', phone: '0592-1234567', email: 'gk@example.gov.cn', officeHours: '工作日 8:30-12:00，14:30-17:30' });
    expect(await getOrganisation(db())).toMatchObject({ disclosureOffice: '局办公室（政务公开科）', postcode: '361000' });
  });
});
