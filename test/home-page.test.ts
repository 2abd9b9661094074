import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { latestOwnCatalogueItems } from '@/lib/disclosure/catalogue';
import { actOnCatalogueItem, createCatalogueItem } from '@/lib/disclosure/manage';
import { actOnInterview, createInterview } from '@/lib/interviews/operations';
import { liveAndNextInterviews } from '@/lib/interviews/queries';
import { headlineRates } from '@/lib/stats/rates';
import { actorFor } from './support/users';

/**
 * The home page's reads (app/page.tsx): what is live and next (public fields only, drafts never), the bureau's own
 * latest disclosure items (not the archive's answers), and this year's 三率.
 */
describe('home page reads', () => {
  it('live and next interviews: public fields only, drafts never, following the status', async () => {
    const [moderator, leader] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com')]);
    const make = (title: string, inMinutes: number) => createInterview(moderator, {
      title, summary: '首页直播横幅测试访谈的简介，说明访谈的内容。', guestIds: [leader.user.publicId],
      scheduledStart: new Date(Date.now() + inMinutes * 60_000).toISOString(), scheduledEnd: new Date(Date.now() + (inMinutes + 60) * 60_000).toISOString(),
    });
    const draft = await make('首页草稿访谈', 1);
    const soon = await make('首页即将开始的访谈', 2);
    const later = await make('首页稍后开始的访谈', 600);
    await actOnInterview(moderator, soon.id, { action: 'announce' });
    await actOnInterview(moderator, later.id, { action: 'announce' });

    let now = await liveAndNextInterviews();
    expect(now.live.map((i) => i.id)).not.toContain(draft.id);
    expect(now.next?.id).not.toBe(draft.id);
    // The earliest announced one is next (the seed may hold earlier ones: then not ours, but never the later one first).
    if (now.next?.id === later.id) throw new Error('the later interview came first');

    await actOnInterview(moderator, soon.id, { action: 'go_live' });
    now = await liveAndNextInterviews();
    const live = now.live.find((i) => i.id === soon.id)!;
    expect(live).toEqual({ id: soon.id, slug: soon.slug, title: '首页即将开始的访谈', status: 'live', scheduledStart: expect.any(String), scheduledEnd: expect.any(String) });

    await actOnInterview(moderator, soon.id, { action: 'end' });
    expect((await liveAndNextInterviews()).live.map((i) => i.id)).not.toContain(soon.id);
  });

  it('latest disclosure items are the bureau\'s own published, proactive items, newest first', async () => {
    const moderator = await actorFor('moderator@example.com');
    const item = (title: string, attribute = 'proactive') => ({
      categoryCode: '0701', title, summary: '首页测试条目。', body: '正文。', publisher: '办公室', attribute, generatedOn: '2026-03-02',
    });
    const first = await createCatalogueItem(moderator, item('首页测试：部门预算公开说明'));
    await actOnCatalogueItem(moderator, first.id, { action: 'publish', version: 1 });
    const second = await createCatalogueItem(moderator, item('首页测试：部门决算公开说明'));
    await actOnCatalogueItem(moderator, second.id, { action: 'publish', version: 1 });
    const notPublished = await createCatalogueItem(moderator, item('首页测试：尚未发布的条目'));
    const onRequest = await createCatalogueItem(moderator, item('首页测试：依申请公开的条目', 'on_request'));
    await actOnCatalogueItem(moderator, onRequest.id, { action: 'publish', version: 1 });

    const latest = await latestOwnCatalogueItems(db(), 5);
    const ids = latest.map((i) => i.id);
    expect(ids.slice(0, 2)).toEqual([second.id, first.id]);
    expect(ids).not.toContain(notPublished.id);
    expect(ids).not.toContain(onRequest.id);
    expect(latest.every((i) => !i.url.startsWith('/archive/'))).toBe(true);
  });

  it('headline 三率: this year\'s bureau figures', async () => {
    const { year, figures } = await headlineRates(db());
    expect(year).toBeGreaterThanOrEqual(2026);
    expect(figures.cases).toBeGreaterThanOrEqual(0);
    expect(await headlineRates(db())).toEqual({ year, figures });
  });
});
