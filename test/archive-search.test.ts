import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments, users } from '@/lib/accounts/schema';
import { catalogueCategories } from '@/lib/disclosure/schema';
import { letters } from '@/lib/letters/schema';
import { archiveEntries, type ArchiveStatus } from '@/lib/archive/schema';
import { bigrams, highlight, MAX_QUERY_LENGTH, parseSearchQuery, searchVectorLiteral, searchVectorSql } from '@/lib/archive/search';
import { archiveListQuery, getPublishedEntry, listArchive, SEARCH_CANDIDATES, type ListArchiveInput, type SearchPath, type SearchTuning } from '@/lib/archive/public-queries';
import { databaseKind } from './support/database';

describe('bigrams', () => {
  it.each([
    ['医保报销', ['医保', '保报', '报销']],
    ['医', ['医']],
    ['医保', ['医保']],
    ['关于5G网络，COVID-19 的问题！', ['关于', '5g', '网络', 'covid', '19', '的问', '问题']],
    ['ＡＢＣ１２３ 全角', ['abc123', '全角']],
    ['Hello, World.', ['hello', 'world']],
    ['   ，。！？…… ', []],
    ['', []],
    ['a医b', ['a', '医', 'b']],
    ['ひらがなカタカナ', ['ひら', 'らが', 'がな', 'なカ', 'カタ', 'タカ', 'カナ']],
  ])('%s', (text, expected) => {
    expect(bigrams(text)).toEqual(expected);
  });
});

describe('searchVectorLiteral', () => {
  it('weights the title A, the question B and the answer C, positions running on with a gap', () => {
    expect(searchVectorLiteral({ title: '医保报销', question: '医保', answer: "it's" })).toBe(
      "'医保':1A,5B '保报':2A '报销':3A '销':3A '保':5B 'it':7C 's':8C",
    );
  });

  it('escapes quotes and backslashes (they are dropped as punctuation anyway)', () => {
    expect(searchVectorLiteral({ title: "a'b\\c", question: '', answer: '' })).toBe("'a':1A 'b':2A 'c':3A");
  });
});

describe('parseSearchQuery', () => {
  it('makes a phrase of a word and ANDs several words', () => {
    expect(parseSearchQuery('医保报销')).toEqual({ tsquery: "('医保' <-> '保报' <-> '报销')", terms: ['医保报销'] });
    expect(parseSearchQuery('医保')).toEqual({ tsquery: "'医保'", terms: ['医保'] });
    expect(parseSearchQuery('  医保   报销 ')).toEqual({ tsquery: "'医保' & '报销'", terms: ['医保', '报销'] });
    expect(parseSearchQuery('医')).toEqual({ tsquery: "'医':*", terms: ['医'] });
    expect(parseSearchQuery('5G网络')).toEqual({ tsquery: "('5g' <-> '网络')", terms: ['5g', '网络'] });
  });

  it.each([[''], ['   '], ['！？。'], ["'&|!()<->:*\\"]])('is null for nothing searchable: %j', (q) => {
    expect(parseSearchQuery(q)).toBeNull();
  });

  it.each([
    ["it's"],
    ["'; drop table archive_entries; --"],
    ['医保 & | ! ( ) <-> :* \\ \''],
    ['a'.repeat(10_000)],
    ['医'.repeat(10_000)],
    [Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ')],
    ['\u0000\u0001\uFFFF\uD800'],
    ['😀😀 emoji 表情'],
  ])('is safe and bounded for hostile input %#', async (q) => {
    const parsed = parseSearchQuery(q);
    if (!parsed) return;
    expect(parsed.tsquery.length).toBeLessThan(1000);
    // The database accepts it as a tsquery.
    await db().execute(sql`select ${parsed.tsquery}::tsquery`);
    const lexemes = parsed.tsquery.match(/'(?:[^']|'')*'/g) ?? [];
    expect(lexemes.length).toBeLessThanOrEqual(24);
    expect(Array.from(q).length > MAX_QUERY_LENGTH || lexemes.length > 0).toBe(true);
  });
});

describe('highlight', () => {
  it('marks every hit in the snippet, longest term first', () => {
    expect(highlight('关于医保报销的问题，想咨询医保', ['医保', '医保报销'])).toEqual([
      { text: '关于', hit: false },
      { text: '医保报销', hit: true },
      { text: '的问题，想咨询', hit: false },
      { text: '医保', hit: true },
    ]);
  });

  it('cuts a long text around the first hit with ellipses', () => {
    const text = `${'前'.repeat(200)}医保${'后'.repeat(200)}`;
    const parts = highlight(text, ['医保'], 40);
    expect(parts[0]).toEqual({ text: `…${'前'.repeat(10)}`, hit: false });
    expect(parts[1]).toEqual({ text: '医保', hit: true });
    expect(parts[2]!.text.endsWith('…')).toBe(true);
    expect(parts.map((p) => p.text).join('').length).toBe(42);
  });

  it('is case-insensitive and returns the start of the text without a hit', () => {
    expect(highlight('About COVID rules', ['covid'])).toEqual([
      { text: 'About ', hit: false },
      { text: 'COVID', hit: true },
      { text: ' rules', hit: false },
    ]);
    expect(highlight('没有命中', ['医保'])).toEqual([{ text: '没有命中', hit: false }]);
    expect(highlight('', ['医保'])).toEqual([]);
  });
});

describe(`archive search on the database (${databaseKind})`, () => {
  let writerId: number;
  let deptA: { id: number; publicId: string; name: string };
  let deptB: { id: number; publicId: string; name: string };
  let categoryId: number;
  let counter = 0;

  async function entry(values: {
    title: string;
    question?: string;
    answer?: string;
    status?: ArchiveStatus;
    departmentId?: number;
    year?: number;
    publishedAt?: Date;
    categoryId?: number | null;
  }): Promise<string> {
    counter++;
    const submittedAt = new Date(Date.UTC(values.year ?? 2025, 2, 1));
    const [letter] = await db().insert(letters).values({
      trackingNo: `2099${String(counter).padStart(8, '0')}`,
      queryCode: '123456',
      kind: 'inquiry',
      status: 'answered',
      writerId,
      title: values.title,
      body: values.question ?? '',
      consentToPublish: true,
      submittedAt,
    }).returning({ id: letters.id });
    const publicId = randomUUID();
    const parts = { title: values.title, question: values.question ?? '', answer: values.answer ?? '' };
    await db().insert(archiveEntries).values({
      publicId,
      kind: 'letter',
      letterId: letter!.id,
      letterKind: 'inquiry',
      status: values.status ?? 'published',
      departmentId: values.departmentId ?? deptA.id,
      categoryId: values.categoryId === undefined ? categoryId : values.categoryId,
      ...parts,
      submittedAt,
      answeredAt: new Date(submittedAt.getTime() + 5 * 86_400_000),
      workingDays: 4,
      year: values.year ?? 2025,
      searchVector: searchVectorSql(parts),
      publishedAt: values.status === 'draft' ? null : (values.publishedAt ?? new Date(submittedAt.getTime() + 10 * 86_400_000 + counter * 1000)),
    });
    return publicId;
  }

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const [writer] = await db().select({ id: users.id }).from(users).limit(1);
    writerId = writer!.id;
    const depts = await db().select({ id: departments.id, publicId: departments.publicId, name: departments.name }).from(departments).orderBy(departments.id).limit(2);
    deptA = depts[0]!;
    deptB = depts[1]!;
    const [cat] = await db().select({ id: catalogueCategories.id }).from(catalogueCategories).where(eq(catalogueCategories.code, '10'));
    categoryId = cat!.id;
    const [child] = await db().select({ id: catalogueCategories.id }).from(catalogueCategories).where(eq(catalogueCategories.code, '0701'));

    ids.bodyHit = await entry({ title: '关于门诊费用的咨询', question: '请问异地就医后医保报销需要哪些材料？', answer: '您好，医保报销请携带发票。', year: 2025 });
    ids.titleHit = await entry({ title: '医保报销流程咨询', question: '想了解流程。', answer: '请到服务大厅办理。', year: 2025 });
    ids.draft = await entry({ title: '医保报销草稿', question: '草稿内容', status: 'draft' });
    ids.unpublished = await entry({ title: '医保报销已撤下', question: '撤下内容', status: 'unpublished' });
    ids.other = await entry({ title: '图书馆开放时间', question: '周末图书馆几点开门？', answer: '周末九点开门，请留意公告栏', departmentId: deptB.id, year: 2024 });
    ids.split = await entry({ title: '报销和医保', question: '医保，报销', answer: '', departmentId: deptB.id, year: 2024, categoryId: child!.id });
    ids.latin = await entry({ title: 'Wi-Fi 覆盖', question: '公园的WiFi和5G信号', answer: 'COVID 期间', year: 2024 });
    for (let i = 0; i < 25; i++) await entry({ title: `文物保护建议第${i + 1}号`, question: '建议加强文物保护。', answer: '感谢建议。', year: 2023 });
  });

  it('finds a two-character word in the title, question and answer, and ranks a title hit first', async () => {
    const result = await listArchive(db(), { q: '医保', page: 1, pageSize: 20 });
    const found = result.items.map((i) => i.id);
    // Once in the title (weight A) beats once in the question and once in the answer (B, C).
    expect(found.indexOf(ids.titleHit!)).toBeLessThan(found.indexOf(ids.bodyHit!));
    expect(found).toEqual(expect.arrayContaining([ids.bodyHit, ids.titleHit, ids.split]));
    expect(found).not.toContain(ids.other);
    expect(result.total).toBe(3);
    expect(result.approximate).toBe(false);
    expect(result.terms).toEqual(['医保']);
    const body = result.items.find((i) => i.id === ids.bodyHit)!;
    expect(body.snippet.filter((p) => p.hit).map((p) => p.text)).toContain('医保');
    expect(body).toMatchObject({ kind: 'letter', letterKind: 'inquiry', url: `/archive/${ids.bodyHit}`, department: { id: deptA.publicId, name: deptA.name }, category: { code: '10', name: '监督投诉' }, workingDays: 4 });
  });

  it('matches a four-character query as a phrase only', async () => {
    const result = await listArchive(db(), { q: '医保报销', page: 1, pageSize: 20 });
    expect(result.items.map((i) => i.id).sort()).toEqual([ids.bodyHit, ids.titleHit].sort());
    // Two words are ANDed: the split entry has both words, apart.
    const both = await listArchive(db(), { q: '医保 报销', page: 1, pageSize: 20 });
    expect(both.items.map((i) => i.id)).toContain(ids.split);
    expect(both.total).toBe(3);
  });

  it('finds Latin words case-insensitively and a single character by prefix', async () => {
    expect((await listArchive(db(), { q: 'covid', page: 1, pageSize: 20 })).items.map((i) => i.id)).toEqual([ids.latin]);
    expect((await listArchive(db(), { q: '５Ｇ', page: 1, pageSize: 20 })).items.map((i) => i.id)).toEqual([ids.latin]);
    // A single character anywhere: start of a run (图), middle (馆), end of a run (栏).
    for (const q of ['图', '馆', '栏']) expect((await listArchive(db(), { q, page: 1, pageSize: 20 })).items.map((i) => i.id)).toEqual([ids.other]);
  });

  it('never returns draft or unpublished entries, from lists, searches or the entry read', async () => {
    const all = await listArchive(db(), { page: 1, pageSize: 50 });
    const search = await listArchive(db(), { q: '医保报销', page: 1, pageSize: 50, sort: 'newest' });
    for (const result of [all, search]) {
      expect(result.items.map((i) => i.id)).not.toContain(ids.draft);
      expect(result.items.map((i) => i.id)).not.toContain(ids.unpublished);
    }
    expect(all.total).toBe(30);
    expect(await getPublishedEntry(db(), ids.draft!)).toBeNull();
    expect(await getPublishedEntry(db(), ids.unpublished!)).toBeNull();
    expect(await getPublishedEntry(db(), 'no-such-entry')).toBeNull();
    expect(await getPublishedEntry(db(), 'x'.repeat(1000))).toBeNull();
    const entry = await getPublishedEntry(db(), ids.titleHit!);
    expect(entry).toMatchObject({ id: ids.titleHit, title: '医保报销流程咨询', question: '想了解流程。', answer: '请到服务大厅办理。', kind: 'letter', department: { id: deptA.publicId, name: deptA.name }, category: { code: '10' }, interviewSlug: null, indexNo: null, year: 2025 });
  });

  it('filters by kind, department, category (with children) and year', async () => {
    const byDept = await listArchive(db(), { departmentId: deptB.publicId, page: 1, pageSize: 50 });
    expect(byDept.items.map((i) => i.id).sort()).toEqual([ids.other, ids.split].sort());
    const byYear = await listArchive(db(), { year: 2024, page: 1, pageSize: 50 });
    expect(byYear.total).toBe(3);
    const byParent = await listArchive(db(), { categoryCode: '07', page: 1, pageSize: 50 });
    expect(byParent.items.map((i) => i.id)).toEqual([ids.split]);
    expect((await listArchive(db(), { categoryCode: '0701', page: 1, pageSize: 50 })).total).toBe(1);
    expect((await listArchive(db(), { kind: 'interview', page: 1, pageSize: 50 })).total).toBe(0);
    expect((await listArchive(db(), { kind: 'letter', q: '医保', year: 2024, departmentId: deptB.publicId, page: 1, pageSize: 50 })).items.map((i) => i.id)).toEqual([ids.split]);
    expect((await listArchive(db(), { departmentId: 'no-such-department', page: 1, pageSize: 50 })).total).toBe(0);
  });

  it('paginates newest first, oldest first and by relevance without repeating or losing entries', async () => {
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(await listArchive(db(), { year: 2023, page, pageSize: 10 }));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    const seen = pages.flatMap((p) => p.items.map((i) => i.id));
    expect(new Set(seen).size).toBe(25);
    expect(pages[0]!.items[0]!.title).toBe('文物保护建议第25号');
    const oldest = await listArchive(db(), { year: 2023, sort: 'oldest', page: 1, pageSize: 10 });
    expect(oldest.items[0]!.title).toBe('文物保护建议第1号');
    const relevance = [];
    for (let page = 1; page <= 3; page++) relevance.push(...(await listArchive(db(), { q: '文物', page, pageSize: 10 })).items.map((i) => i.id));
    expect(new Set(relevance).size).toBe(25);
    expect((await listArchive(db(), { q: '文物', page: 4, pageSize: 10 })).items).toEqual([]);
    expect((await listArchive(db(), { q: '文物', page: 4, pageSize: 10 })).total).toBe(25);
    expect(SEARCH_CANDIDATES).toBeGreaterThanOrEqual(100);
  });

  it('ranks the newest candidates and continues with older matches newest first, across the boundary', async () => {
    // 文物 matches 25 entries; only the newest 7 are ranked, pages of 5 straddle the boundary at 7.
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const result = await listArchive(db(), { q: '文物', page, pageSize: 5 }, { candidates: 7 });
      expect(result.total).toBe(25);
      seen.push(...result.items.map((i) => i.title));
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    // After the 7 ranked candidates (numbers 19–25 in some order), the rest newest first: 18, 17, … 1.
    expect(seen.slice(0, 7).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `文物保护建议第${19 + i}号`).sort());
    expect(seen.slice(7)).toEqual(Array.from({ length: 18 }, (_, i) => `文物保护建议第${18 - i}号`));
  });

  // listArchive finds matches by walking the newest rows first, walking further when the first window promised
  // enough, or through the GIN index (lib/archive/public-queries.ts searchMatches): every way gives the same page.
  async function viaPath(input: Omit<ListArchiveInput, 'page' | 'pageSize'> & { page?: number; pageSize?: number }, tuning: SearchTuning) {
    let path: SearchPath | undefined;
    const result = await listArchive(db(), { page: 1, pageSize: 5, ...input }, { ...tuning, onPath: (p) => (path = p) });
    return { path, ids: result.items.map((i) => i.id), total: result.total, approximate: result.approximate };
  }
  const WALK_ONLY = { probeRows: 2_000 };
  // A probe of 6 rows sees one 文物 match (5 newer entries do not match): the 200 more needed for the count cap are
  // projected within 1,500 rows, so it walks on …
  const WALK_ON = { probeRows: 6, maxWalkRows: 5_000 };
  // … and not within 10, so the GIN index answers.
  const INDEX = { probeRows: 6, maxWalkRows: 10 };

  it.each<[string, Omit<ListArchiveInput, 'page' | 'pageSize'> & { page?: number }]>([
    ['relevance, page 1', { q: '文物' }],
    ['relevance, page 2 across the ranked candidates', { q: '文物', page: 2 }],
    ['newest first, page 3', { q: '文物', sort: 'newest', page: 3 }],
    ['oldest first', { q: '文物', sort: 'oldest' }],
    ['a phrase and a filter', { q: '医保报销', year: 2025 }],
    ['two words, department filter', { q: '医保 报销', departmentId: 'dept-b' }],
  ])('gives the same page whichever way it finds the matches: %s', async (_name, raw) => {
    const input = raw.departmentId ? { ...raw, departmentId: deptB.publicId } : raw;
    for (const candidates of [3, SEARCH_CANDIDATES]) {
      const reference = await viaPath(input, { ...INDEX, candidates, probeRows: 1, maxWalkRows: 0 });
      expect(reference.path).toBe('index');
      expect(reference.ids.length).toBeGreaterThan(0);
      for (const tuning of [WALK_ONLY, WALK_ON, INDEX]) {
        const got = await viaPath(input, { ...tuning, candidates });
        expect({ ...got, path: undefined }).toEqual({ ...reference, path: undefined });
      }
    }
  });

  it('walks the newest rows when they hold the matches, walks on when they promise them, else uses the index', async () => {
    // The whole archive (30 rows) fits in the default probe: every match is known from the walk.
    expect((await viaPath({ q: '文物' }, WALK_ONLY)).path).toBe('walk');
    expect((await viaPath({ q: '文物' }, WALK_ON)).path).toBe('walk2');
    expect((await viaPath({ q: '文物' }, INDEX)).path).toBe('index');
    // No match among the 6 newest rows: nothing to project from, so the index (图书馆 is in one 2024 entry).
    expect(await viaPath({ q: '图书馆' }, { probeRows: 1, maxWalkRows: 1_000 })).toMatchObject({ path: 'index', ids: [ids.other], total: 1 });
  });

  it('stops walking at the count cap: the total is then "more than the cap", the same as through the index', async () => {
    // 文物 matches 25 entries, all from 2023: with a cap of 10 the walk stops at the 11th and reports 10+.
    const tuning = { countCap: 10, candidates: 4 };
    const walked = await viaPath({ q: '文物', year: 2023, pageSize: 5, page: 2 }, { ...tuning, probeRows: 12 });
    expect(walked).toMatchObject({ path: 'walk', total: 10, approximate: true });
    const indexed = await viaPath({ q: '文物', year: 2023, pageSize: 5, page: 2 }, { ...tuning, probeRows: 1, maxWalkRows: 0 });
    expect(indexed).toMatchObject({ path: 'index', total: 10, approximate: true });
    expect(walked.ids).toEqual(indexed.ids);
    // Past the cap no page is offered, whichever way.
    expect((await viaPath({ q: '文物', year: 2023, pageSize: 5, page: 3 }, { ...tuning, probeRows: 12 })).ids).toEqual([]);
  });

  it('answers an unknown department or category with an empty list at once', async () => {
    for (const q of [undefined, '医保']) {
      expect(await listArchive(db(), { q, departmentId: '00000000-0000-0000-0000-000000000000', page: 1, pageSize: 20 })).toMatchObject({ items: [], total: 0, approximate: false });
      expect(await listArchive(db(), { q, categoryCode: '9999', page: 1, pageSize: 20 })).toMatchObject({ items: [], total: 0, approximate: false });
    }
  });

  it('validates the query string with clear messages', () => {
    expect(archiveListQuery.parse({})).toEqual({ page: 1, pageSize: 20 });
    expect(archiveListQuery.parse({ q: ' 医保 ', kind: 'letter', departmentId: 'a1b2-c3', year: '2025', sort: 'oldest', page: '2', pageSize: '' }))
      .toEqual({ q: '医保', kind: 'letter', departmentId: 'a1b2-c3', year: 2025, sort: 'oldest', page: 2, pageSize: 20 });
    const bad = archiveListQuery.safeParse({ kind: 'x', departmentId: '部门 3', year: '1800', sort: 'best', page: '0', pageSize: '500', categoryCode: 'zz', q: '字'.repeat(100) });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(messages).toMatchObject({
      kind: expect.stringContaining('类型'),
      departmentId: '部门编号无效',
      year: expect.stringContaining('年份'),
      sort: expect.stringContaining('排序'),
      page: expect.stringContaining('页码'),
      pageSize: expect.stringContaining('每页'),
      categoryCode: expect.stringContaining('分类'),
      q: expect.stringContaining('搜索词'),
    });
  });
});
