import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { actOnEntry, createEntry, getEntryForCuration, remaskArchive, updateEntry } from '@/lib/archive/curation';
import { archiveEntries } from '@/lib/archive/schema';
import { auditLog } from '@/lib/audit/schema';
import { catalogueItems } from '@/lib/disclosure/schema';
import { getPublishedEntry, listArchive } from '@/lib/archive/public-queries';
import { getPublicCatalogueItem, listPublicCatalogueItems } from '@/lib/disclosure/catalogue';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import * as archiveListRoute from '@/app/api/v1/archive/route';
import * as archiveEntryRoute from '@/app/api/v1/archive/[id]/route';
import * as catalogueRoute from '@/app/api/v1/disclosure/items/route';
import * as archiveFeed from '@/app/feeds/archive.xml/route';
import * as disclosureFeed from '@/app/feeds/disclosure.xml/route';
import { readable } from './support/pii-corpus';
import { actorFor } from './support/users';

const DAY = 86_400_000;

/**
 * Personal data written the ways the issue found published in the clear (issue 12, item 3), each with what must
 * not be readable anywhere public (letters and digits, as a reader could copy them).
 */
const VARIANTS: Array<[string, string]> = [
  ['身份证 110105 19900307 1239', '11010519900307'],
  ['证件号110105199003071230', '11010519900307'],
  ['老证件110105900307123', '110105900307'],
  ['手机138.1234.5678', '13812345678'],
  ['手机139\u00A02345\u00A06789', '13923456789'],
  ['手机137\u200B3456\u200B7890', '13734567890'],
  ['+86 136-4567-8901', '13645678901'],
  ['tel:13556789012', '13556789012'],
  ['手机158–6789–0123', '15867890123'],
  ['手机１５９７８９０１２３４', '15978901234'],
  ['手机١٨٦٨٩٠١٢٣٤٥', '18689012345'],
  ['座机01062345678', '01062345678'],
  ['邮箱chenshimin[at]example.com', 'chenshimin'],
  ['或 chen.sm（at）qq.com', 'chen.sm'],
  ['QQ：275839164', '275839164'],
  ['微信 chen_shimin88', 'chen_shimin88'],
  ['vx：csm19880808', 'csm19880808'],
  ['我另一个号码0592-53719131', '059253719131'],
];



function assertNoPii(surface: string, text: string) {
  const seen = readable(text);
  for (const [, secret] of VARIANTS) expect(seen, `${surface} shows ${secret}`).not.toContain(readable(secret));
  expect(text, `${surface} shows the writer's name`).not.toContain('陈市民');
}

describe('every public surface shows the masked text only', () => {
  it('a published entry with personal data in many formats: entry, snippet, catalogue summary, API, feeds', async () => {
    const [citizen, moderator, handler] = await Promise.all([actorFor('citizen@example.com'), actorFor('moderator@example.com'), actorFor('handler@example.com')]);
    const [market] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
    const now = Date.now();
    const body = `我是陈市民，鹭江剧院演出票被加价出售。${VARIANTS.map(([v]) => v).join('，')}。请查处。`;
    const letter = await submitLetter(citizen, {
      kind: 'complaint', departmentId: market!.publicId, title: '鹭江剧院加价售票 手机138.1234.5678', body, consentToPublish: true,
    }, { now: new Date(now - 10 * DAY) });
    await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: market!.publicId }, new Date(now - 9 * DAY));
    await actOnLetter(handler, letter.trackingNo, {
      action: 'reply',
      body: '您好！经查鹭江剧院确有加价售票行为，已责令整改。来信所留手机 137\u200B3456\u200B7890 已回访。如有疑问请拨打 0592-5371913。',
    }, new Date(now - 2 * DAY));

    const draft = await createEntry(moderator, { letter: letter.trackingNo });
    const categorised = await updateEntry(moderator, draft.id, { version: draft.version, category: '10' });
    const entry = await actOnEntry(moderator, draft.id, { action: 'publish', version: categorised.version });
    expect(entry.status).toBe('published');

    // The bureau's own number stays readable; the citizen's number that starts with it does not.
    expect(entry.publicAnswer).toContain('0592-5371913');
    // The editor still has the originals, with each variant's span marked.
    const { original, spans } = await getEntryForCuration(moderator, entry.id);
    expect(original.body).toContain('110105 19900307 1239');
    expect(spans.body.length).toBeGreaterThanOrEqual(VARIANTS.length);

    // The entry as read by the public page and the API.
    const published = await getPublishedEntry(db(), entry.id);
    assertNoPii('entry', JSON.stringify(published));
    const apiEntry = await archiveEntryRoute.GET(new Request(`http://localhost/api/v1/archive/${entry.id}`), { params: Promise.resolve({ id: entry.id }) } as never);
    expect(apiEntry.status).toBe(200);
    assertNoPii('API entry', await apiEntry.text());

    // The search snippet, for a word near the personal data, in the page's query and the API.
    for (const q of ['鹭江剧院', '手机', '加价']) {
      const found = await listArchive(db(), { q, sort: 'relevance', page: 1, pageSize: 20 });
      expect(found.items.map((i) => i.id)).toContain(entry.id);
      assertNoPii(`snippet for ${q}`, JSON.stringify(found.items));
      const api = await archiveListRoute.GET(new Request(`http://localhost/api/v1/archive?q=${encodeURIComponent(q)}`), {} as never);
      expect(api.status).toBe(200);
      assertNoPii(`API search for ${q}`, await api.text());
    }

    // The catalogue: list, item (summary and body) and API.
    const catalogue = await listPublicCatalogueItems(db(), { category: '10', page: 1, pageSize: 50 });
    assertNoPii('catalogue list', JSON.stringify(catalogue));
    const item = await getPublicCatalogueItem(db(), entry.indexNo!);
    expect(item?.summary).toContain('陈某');
    assertNoPii('catalogue item', JSON.stringify(item));
    const apiItems = await catalogueRoute.GET(new Request('http://localhost/api/v1/disclosure/items?category=10'), {} as never);
    expect(apiItems.status).toBe(200);
    assertNoPii('API catalogue', await apiItems.text());

    // The feeds.
    const archiveXml = await (await archiveFeed.GET(new Request('http://localhost/feeds/archive.xml'))).text();
    expect(archiveXml).toContain('鹭江剧院加价售票');
    assertNoPii('archive feed', archiveXml);
    const disclosureXml = await (await disclosureFeed.GET(new Request('http://localhost/feeds/disclosure.xml'))).text();
    expect(disclosureXml).toContain('鹭江剧院加价售票');
    assertNoPii('disclosure feed', disclosureXml);
  });

  it('the editor lists what masking left in the public text: long digit runs and names after 我叫/本人/姓名', async () => {
    const [citizen, moderator, handler] = await Promise.all([actorFor('citizen@example.com'), actorFor('moderator@example.com'), actorFor('handler@example.com')]);
    const [market] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
    const letter = await submitLetter(citizen, {
      kind: 'complaint', departmentId: market!.publicId, title: '琴行退费纠纷',
      body: '我叫赵小红，手机 138 1234 5678，会员卡号 88 6677 5544 1，琴行拒绝退费。',
      consentToPublish: true,
    }, { now: new Date(Date.now() - 5 * DAY) });
    await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: market!.publicId }, new Date(Date.now() - 4 * DAY));
    await actOnLetter(handler, letter.trackingNo, { action: 'reply', body: '您好！琴行已同意退费。如有疑问请拨打 0592-5371913。' }, new Date(Date.now() - DAY));
    const draft = await createEntry(moderator, { letter: letter.trackingNo });
    const { suspects } = await getEntryForCuration(moderator, draft.id);
    // The masked phone and the bureau's kept number are not listed; the name and the member number are.
    expect(suspects.body.map((s) => [s.kind, s.text])).toEqual([['name', '赵小红'], ['digits', '88 6677 5544 1']]);
    expect(suspects.answer).toEqual([]);
    for (const s of suspects.body) expect(draft.publicBody.slice(s.start, s.end)).toBe(s.text);
    // Once the moderator marks the name, only the number is left to check.
    const edited = await updateEntry(moderator, draft.id, { version: draft.version, maskedTerms: [...draft.maskedTerms, '赵小红'] });
    expect(edited.publicBody).toContain('我叫赵某');
    expect((await getEntryForCuration(moderator, draft.id)).suspects.body.map((s) => s.kind)).toEqual(['digits']);
  });

  it('entries saved under older rules are masked again by archive:remask, their catalogue items too; a second run changes nothing', async () => {
    const [citizen, moderator, handler] = await Promise.all([actorFor('citizen@example.com'), actorFor('moderator@example.com'), actorFor('handler@example.com')]);
    const [market] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
    const letter = await submitLetter(citizen, {
      kind: 'complaint', departmentId: market!.publicId, title: '书店噪音扰民问题', body: '书店晚上播放音乐声音很大，影响休息，请处理。', consentToPublish: true,
    }, { now: new Date(Date.now() - 5 * DAY) });
    await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: market!.publicId }, new Date(Date.now() - 4 * DAY));
    await actOnLetter(handler, letter.trackingNo, { action: 'reply', body: '您好！已督促书店整改。如有疑问请拨打 0592-5371913。' }, new Date(Date.now() - DAY));
    const draft = await createEntry(moderator, { letter: letter.trackingNo });
    const categorised = await updateEntry(moderator, draft.id, { version: draft.version, category: '10' });
    const published = await actOnEntry(moderator, draft.id, { action: 'publish', version: categorised.version });
    // What the old rules left in the clear, as it is stored in entries saved before them.
    const leaked = '书店晚上播放音乐声音很大，请回电 138.1234.5678 或 QQ：275839164。';
    await db().update(archiveEntries).set({ question: leaked }).where(eq(archiveEntries.publicId, draft.id));
    await db().update(catalogueItems).set({ summary: leaked }).where(eq(catalogueItems.indexNo, published.indexNo!));

    const first = await remaskArchive();
    expect(first.changed).toBeGreaterThanOrEqual(1);
    const entry = await getPublishedEntry(db(), draft.id);
    expect(entry!.question).toBe('书店晚上播放音乐声音很大，请回电 138.****.5678 或 QQ：2****4。');
    expect(entry!.answer).toContain('0592-5371913');
    expect((await getPublicCatalogueItem(db(), published.indexNo!))!.summary).toBe(entry!.question);
    const found = await listArchive(db(), { q: '书店', sort: 'relevance', page: 1, pageSize: 20 });
    expect(JSON.stringify(found.items)).not.toContain('1234');
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, draft.id));
    expect(audit.filter((a) => a.action === 'archive.remask')).toHaveLength(1);
    expect((await remaskArchive()).changed).toBe(0);
  });
});
