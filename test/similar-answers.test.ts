import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments, users } from '@/lib/accounts/schema';
import { catalogueCategories, catalogueItems } from '@/lib/disclosure/schema';
import { archiveEntries, type ArchiveStatus } from '@/lib/archive/schema';
import { searchVectorSql } from '@/lib/archive/search';
import { draftTerms, forgetSimilarStats, similarAnswers, similarInput } from '@/lib/archive/similar';
import { ANSWERED, DISTRACTORS, JUNK_DRAFTS, PLACES } from './data/similar-answers';
import { submitLetter } from '@/lib/letters/operations';
import { letterEvents, letters } from '@/lib/letters/schema';
import { databaseKind } from './support/database';
import { actorFor } from './support/users';

describe('draftTerms', () => {
  it('keeps distinct informative tokens, title first, without stop bigrams and numbers', () => {
    expect(draftTerms('请问图书馆', '您好，图书馆2025年开放吗')).toEqual([
      { lexeme: '问图', inTitle: true }, { lexeme: '图书', inTitle: true }, { lexeme: '书馆', inTitle: true },
      { lexeme: '年开', inTitle: false }, { lexeme: '开放', inTitle: false }, { lexeme: '放吗', inTitle: false },
    ]);
  });

  it('validates and caps the input', () => {
    expect(similarInput.safeParse({ title: 1 }).success).toBe(false);
    expect(similarInput.safeParse({ title: 'a'.repeat(201) }).success).toBe(false);
    expect(similarInput.safeParse({ body: '字'.repeat(5001) }).success).toBe(false);
    expect(similarInput.parse({})).toEqual({ title: '', body: '' });
  });
});

describe(`similar answers on the labelled set (${databaseKind})`, () => {
  const expected: Array<{ title: string; body: string; answer: string }> = [];
  const hidden = new Set<string>();
  let catalogueItemId = '';
  let withdrawnItemId = '';

  beforeAll(async () => {
    const [writer] = await db().select({ id: users.id }).from(users).limit(1);
    const [dept] = await db().select({ id: departments.id }).from(departments).limit(1);
    const [category] = await db().select({ id: catalogueCategories.id }).from(catalogueCategories).limit(1);
    let n = 0;
    const rows: Array<{ title: string; question: string; answer: string; status: ArchiveStatus; key?: { title: string; body: string } }> = [];
    for (const q of ANSWERED) {
      for (const place of PLACES[q.slot]) {
        rows.push({ title: q.title(place), question: q.question(place), answer: q.answer(place), status: 'published' });
        for (const draft of q.drafts) {
          const [title, body] = draft(place);
          expected.push({ title, body, answer: q.title(place) });
        }
      }
    }
    for (const d of DISTRACTORS) rows.push({ ...d, status: 'published' });
    // Word for word what some drafts say, but not public: never suggested.
    for (const e of expected.filter((_, i) => i % 20 === 0)) {
      rows.push({ title: `${e.title}（草稿）`, question: e.body, answer: '草稿答复', status: 'draft' });
      rows.push({ title: `${e.title}（已撤下）`, question: e.body, answer: '已撤下的答复', status: 'unpublished' });
    }
    const letterRows = rows.map((r) => ({
      trackingNo: `2097${String(++n).padStart(8, '0')}`, queryCode: '123456', kind: 'inquiry' as const, status: 'answered' as const,
      writerId: writer!.id, title: r.title.slice(0, 50), body: r.question, consentToPublish: true, submittedAt: new Date(Date.UTC(2025, 2, 1)),
    }));
    const ids = await db().insert(letters).values(letterRows).returning({ id: letters.id });
    await db().insert(archiveEntries).values(rows.map((r, i) => {
      const publicId = randomUUID();
      if (r.status !== 'published') hidden.add(publicId);
      const submittedAt = new Date(Date.UTC(2025, 2, 1));
      return {
        publicId, kind: 'letter' as const, letterId: ids[i]!.id, letterKind: 'inquiry' as const, status: r.status, departmentId: dept!.id,
        categoryId: category!.id, title: r.title, question: r.question, answer: r.answer, submittedAt, answeredAt: submittedAt, workingDays: 3, year: 2025,
        searchVector: searchVectorSql(r), publishedAt: r.status === 'draft' ? null : new Date(submittedAt.getTime() + (i + 1) * 60_000),
      };
    }));
    // The bureau's own catalogue items: one published, one withdrawn with the same words.
    const item = (status: 'published' | 'withdrawn', seq: number) => ({
      publicId: randomUUID(), indexNo: `XM-SIM-2025-${String(seq).padStart(5, '0')}`, categoryId: category!.id,
      title: `2025年全市公共图书馆春节假期开放安排${status === 'withdrawn' ? '（旧）' : ''}`, summary: '春节假期全市公共图书馆开放时间调整安排', publisher: '市文化和旅游局',
      attribute: 'proactive' as const, status, generatedOn: '2025-01-20', publishedAt: new Date('2025-01-20T08:00:00Z'),
    });
    const [published, withdrawn] = await db().insert(catalogueItems).values([item('published', 1), item('withdrawn', 2)]).returning({ id: catalogueItems.publicId });
    catalogueItemId = published!.id;
    withdrawnItemId = withdrawn!.id;
    // As autovacuum would: the document frequencies of the common lexemes come from the statistics.
    await db().execute(sql`analyze archive_entries`);
    forgetSimilarStats(db());
  });

  it(`puts the matching answer in the top 3 for at least 80 % of ${ANSWERED.length * 8} paraphrased drafts`, async () => {
    expect(expected.length).toBeGreaterThanOrEqual(200);
    let hits = 0;
    let first = 0;
    const misses: string[] = [];
    for (const e of expected) {
      const { items } = await similarAnswers(db(), { title: e.title, body: e.body });
      for (const item of items) expect(hidden.has(item.id)).toBe(false);
      expect(items.length).toBeLessThanOrEqual(5);
      const rank = items.findIndex((i) => i.title === e.answer);
      if (rank === 0) first++;
      if (rank >= 0 && rank < 3) hits++;
      else if (misses.length < 8) misses.push(`${e.title} → [${items.slice(0, 3).map((i) => i.title).join(', ')}] (want ${e.answer})`);
    }
    const precision = hits / expected.length;
    console.log(`similar answers (${databaseKind}): precision@3 ${precision.toFixed(3)} (${hits}/${expected.length}), top-1 ${(first / expected.length).toFixed(3)}${misses.length ? `\nmisses:\n  ${misses.join('\n  ')}` : ''}`);
    expect(precision).toBeGreaterThanOrEqual(0.8);
  });

  it('suggests nothing for drafts with nothing distinctive', async () => {
    for (const [title, body] of JUNK_DRAFTS) expect((await similarAnswers(db(), { title, body })).items, `${title} ${body}`).toEqual([]);
    expect((await similarAnswers(db(), { title: '', body: '' })).items).toEqual([]);
  });

  it('suggests published catalogue items, never withdrawn ones, with public fields only', async () => {
    const { items } = await similarAnswers(db(), { title: '春节期间图书馆开放吗', body: '春节假期公共图书馆开放时间有没有调整？' });
    const ids = items.map((i) => i.id);
    expect(ids).toContain(catalogueItemId);
    expect(ids).not.toContain(withdrawnItemId);
    const archive = items.find((i) => i.source === 'archive')!;
    expect(Object.keys(archive).sort()).toEqual(['answeredAt', 'category', 'department', 'id', 'kind', 'letterKind', 'publishedAt', 'rating', 'score', 'snippet', 'source', 'submittedAt', 'title', 'url', 'workingDays']);
    expect(archive.url).toBe(`/archive/${archive.id}`);
  });
});

describe('a letter sent although answers were suggested', () => {
  it('records how many on its submitted event, and nothing when none were', async () => {
    const citizen = await actorFor('citizen@example.com');
    const input = { kind: 'inquiry', title: '图书馆周末开放时间', body: '请问图书馆周末几点开门、几点闭馆？', consentToPublish: false };
    const shown = await submitLetter(citizen, { ...input, similarShown: 3 });
    const none = await submitLetter(citizen, input);
    const data = async (trackingNo: string) => {
      const [row] = await db().select({ data: letterEvents.data }).from(letterEvents).innerJoin(letters, eq(letters.id, letterEvents.letterId))
        .where(and(eq(letters.trackingNo, trackingNo), eq(letterEvents.type, 'submitted')));
      return row!.data;
    };
    expect(await data(shown.trackingNo)).toMatchObject({ similarShown: 3 });
    expect(await data(none.trackingNo)).not.toHaveProperty('similarShown');
    await expect(submitLetter(citizen, { ...input, similarShown: 9 })).rejects.toThrow();
  });
});
