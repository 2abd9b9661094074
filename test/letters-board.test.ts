import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { actOnEntry, createEntry, updateEntry } from '@/lib/archive/curation';
import { archiveListQuery, getPublishedEntry, listArchive, type ArchiveListItem } from '@/lib/archive/public-queries';
import { archiveEntries } from '@/lib/archive/schema';
import { chinaYear } from '@/lib/calendar/workdays';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { actorFor } from './support/users';
import { pageWindow } from '@/app/_components/Pagination';

/**
 * The 政民互动 board (app/letters/page.tsx): listArchive with kind=letter and the board's filters. It lists only
 * published letter entries, with their masked public texts (never the letter's own text or its writer), the dates,
 * working days and the writer's rating, which the letter's transitions keep in step on the entry.
 */

const DAY = 86_400_000;
const WRITER = '陈市民';
const PHONE = '13812345678';

async function market() {
  const [row] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  return row!.publicId;
}

/** A consented letter, answered by the market division, with personal data in its text; its entry drafted or published. */
async function boardLetter(word: string, options: { kind?: 'inquiry' | 'complaint' | 'suggestion'; publish?: boolean } = {}) {
  const [citizen, moderator, handler] = await Promise.all([actorFor('citizen@example.com'), actorFor('moderator@example.com'), actorFor('handler@example.com')]);
  const dept = await market();
  const now = Date.now();
  const letter = await submitLetter(citizen, {
    kind: options.kind ?? 'complaint',
    departmentId: dept,
    title: `${word}剧场违规加价售票`,
    body: `我是${WRITER}，手机 ${PHONE}。${word}剧场演出票在售票窗口被加价出售，请查处。`,
    consentToPublish: true,
  }, { now: new Date(now - 10 * DAY) });
  await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: dept }, new Date(now - 9 * DAY));
  await actOnLetter(handler, letter.trackingNo, { action: 'reply', body: `经现场检查，${word}剧场确有加价售票行为，已责令整改。` }, new Date(now - 2 * DAY));
  const entry = await createEntry(moderator, { letter: letter.trackingNo });
  if (options.publish !== false) {
    const categorised = await updateEntry(moderator, entry.id, { version: entry.version, category: '10' });
    await actOnEntry(moderator, entry.id, { action: 'publish', version: categorised.version });
  }
  return { trackingNo: letter.trackingNo, entryId: entry.id, citizen };
}

const board = (input: Partial<Parameters<typeof listArchive>[1]> = {}) => listArchive(db(), { kind: 'letter', page: 1, pageSize: 20, ...input });
const ids = (items: ArchiveListItem[]) => items.map((i) => i.id);

describe('the 政民互动 board', () => {
  it('lists published letters only, with masked text, dates, working days and no rating until the writer rates', async () => {
    const shown = await boardLetter('琴岛');
    const draft = await boardLetter('鹭岛', { publish: false });
    const result = await board({ q: '剧场' });
    expect(ids(result.items)).toContain(shown.entryId);
    expect(ids(result.items)).not.toContain(draft.entryId);
    const item = result.items.find((i) => i.id === shown.entryId)!;
    expect(item).toMatchObject({ kind: 'letter', letterKind: 'complaint', department: { name: '文化市场管理处' }, rating: null, url: `/archive/${shown.entryId}` });
    expect(item.answeredAt!.getTime()).toBeGreaterThan(item.submittedAt.getTime());
    expect(item.workingDays).toBeGreaterThan(0);
    // Only the public (masked) text, never the writer's name, number or tracking number.
    const text = JSON.stringify(result);
    expect(text).not.toContain(WRITER);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(shown.trackingNo);
    expect(text).toContain('138****5678');
    // The item carries nothing beyond the public fields.
    expect(Object.keys(item).sort()).toEqual(['answeredAt', 'category', 'department', 'id', 'kind', 'letterKind', 'publishedAt', 'rating', 'snippet', 'submittedAt', 'title', 'url', 'workingDays']);
  });

  it('shows the writer\'s rating as soon as it is given, filters by it, and clears it when the letter goes back for 重办', async () => {
    const rated = await boardLetter('海沧');
    const other = await boardLetter('集美');
    await actOnLetter(rated.citizen, rated.trackingNo, { action: 'rate', rating: 'satisfied', comment: '答复及时，非常感谢' });
    expect((await board({ q: '海沧' })).items.find((i) => i.id === rated.entryId)?.rating).toBe('satisfied');
    expect((await getPublishedEntry(db(), rated.entryId))?.rating).toBe('satisfied');
    // The rating comment is the writer's own text: never on the board or the entry.
    expect(JSON.stringify(await board({ q: '海沧' }))).not.toContain('答复及时');
    expect(JSON.stringify(await getPublishedEntry(db(), rated.entryId))).not.toContain('答复及时');

    const satisfied = ids((await board({ rating: 'satisfied', pageSize: 50 })).items);
    expect(satisfied).toContain(rated.entryId);
    expect(satisfied).not.toContain(other.entryId);
    expect(ids((await board({ rating: 'unsatisfied', pageSize: 50 })).items)).not.toContain(rated.entryId);

    // 不满意 with a reason sends the letter back (重办): the rating is gone from the letter and from the board.
    await actOnLetter(other.citizen, other.trackingNo, { action: 'rate', rating: 'unsatisfied', comment: '没有解决问题' });
    const [entry] = await db().select({ rating: archiveEntries.rating }).from(archiveEntries).where(eq(archiveEntries.publicId, other.entryId));
    expect(entry!.rating).toBeNull();
    expect(ids((await board({ rating: 'unsatisfied', pageSize: 50 })).items)).not.toContain(other.entryId);
  });

  it('a rating given before the entry is drafted is carried into it', async () => {
    const [citizen, moderator, handler] = await Promise.all([actorFor('citizen@example.com'), actorFor('moderator@example.com'), actorFor('handler@example.com')]);
    const dept = await market();
    const letter = await submitLetter(citizen, { kind: 'inquiry', departmentId: dept, title: '翔安书店营业时间', body: '请问翔安区的城市书房晚上几点关门？', consentToPublish: true });
    await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: dept });
    await actOnLetter(handler, letter.trackingNo, { action: 'reply', body: '翔安城市书房每天开放至晚上九点。' });
    await actOnLetter(citizen, letter.trackingNo, { action: 'rate', rating: 'basically_satisfied' });
    const entry = await createEntry(moderator, { letter: letter.trackingNo });
    const [row] = await db().select({ rating: archiveEntries.rating }).from(archiveEntries).where(eq(archiveEntries.publicId, entry.id));
    expect(row!.rating).toBe('basically_satisfied');
  });

  it('filters by kind, department and year, searches, and pages without repeating an entry', async () => {
    const a = await boardLetter('思明', { kind: 'inquiry' });
    const b = await boardLetter('思明', { kind: 'suggestion' });
    const c = await boardLetter('思明', { kind: 'complaint' });
    expect(ids((await board({ q: '思明', letterKind: 'inquiry' })).items)).toEqual([a.entryId]);
    expect(ids((await board({ q: '思明', letterKind: 'suggestion' })).items)).toEqual([b.entryId]);
    const [arts] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'arts'));
    expect((await board({ q: '思明', departmentId: arts!.publicId })).items).toEqual([]);
    expect(ids((await board({ q: '思明', departmentId: await market() })).items).sort()).toEqual([a.entryId, b.entryId, c.entryId].sort());
    expect((await board({ q: '思明', year: chinaYear() - 5 })).total).toBe(0);
    expect((await board({ q: '思明', year: chinaYear(new Date(Date.now() - 2 * DAY)) })).total).toBe(3);

    // Pages of one: three pages, each entry once, newest first.
    const pages = await Promise.all([1, 2, 3, 4].map((page) => board({ q: '思明', sort: 'newest', page, pageSize: 1 })));
    expect(pages.map((p) => p.total)).toEqual([3, 3, 3, 3]);
    expect(pages.flatMap((p) => ids(p.items))).toEqual([c.entryId, b.entryId, a.entryId]);
    expect(pages[3]!.items).toEqual([]);
  });

  it('never lists interview entries or unpublished letters', async () => {
    const moderator = await actorFor('moderator@example.com');
    const gone = await boardLetter('湖里');
    expect(ids((await board({ q: '湖里' })).items)).toEqual([gone.entryId]);
    await actOnEntry(moderator, gone.entryId, { action: 'unpublish', reason: '来信人要求撤下' });
    expect((await board({ q: '湖里' })).items).toEqual([]);
    expect((await board({ pageSize: 50 })).items.every((i) => i.kind === 'letter')).toBe(true);
  });

  it('validates the rating filter and offers page numbers around the current page', () => {
    expect(archiveListQuery.safeParse({ rating: 'great' }).success).toBe(false);
    expect(archiveListQuery.parse({ rating: '' }).rating).toBeUndefined();
    expect(archiveListQuery.parse({ rating: 'unsatisfied' }).rating).toBe('unsatisfied');
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 4)).toEqual([1, 2, 3, 4]);
    expect(pageWindow(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20]);
    expect(pageWindow(20, 20)).toEqual([1, null, 18, 19, 20]);
  });
});
