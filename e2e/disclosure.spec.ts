import { expect, test } from './test';
import { expectAxeClean } from './support/axe';
import { errorSummary, signIn } from './helpers';

test.describe('disclosure column: catalogue and guide', () => {
  test('a moderator creates, publishes and withdraws a catalogue item; visitors see it under its category only while published', async ({ browser }) => {
    const moderator = await (await browser.newContext()).newPage();
    const visitor = await (await browser.newContext()).newPage();
    const title = `政府采购意向公开 ${Date.now()}`;

    await signIn(moderator, 'moderator@example.com');
    await moderator.waitForURL('**/workspace/moderator');
    await moderator.goto('/workspace/moderator/disclosure');
    await expect(moderator.getByRole('navigation', { name: '管理员工作区' }).getByRole('link', { name: '公开目录' })).toHaveAttribute('aria-current', 'page');
    await moderator.getByRole('link', { name: '新建目录条目' }).click();

    // Bad input: an error summary and a message at the field, nothing saved.
    await moderator.getByLabel('名称').fill('短');
    await moderator.getByRole('button', { name: '保存草稿' }).click();
    await expect(errorSummary(moderator)).toBeVisible();
    await expect(moderator.locator('#field-categoryCode-error')).toHaveText('请选择分类');

    await moderator.getByLabel('分类').selectOption('0703');
    await moderator.getByLabel('名称').fill(title);
    await moderator.getByLabel('内容概述').fill('本局 2026 年第四季度政府采购意向。');
    await moderator.getByLabel('正文').fill('一、采购项目：办公设备。\n二、预算金额：50 万元。');
    await moderator.getByRole('button', { name: '保存草稿' }).click();
    await expect(moderator.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const indexNo = (await moderator.getByTestId('index-no').textContent())!.trim();
    expect(indexNo).toMatch(/-0703-\d{4}-\d{5}$/);

    // A draft is not public.
    await visitor.goto(`/disclosure?category=07&q=${encodeURIComponent(title)}`);
    await expect(visitor.getByText('该分类下暂无主动公开的信息。')).toBeVisible();

    await moderator.getByRole('button', { name: '发布' }).click();
    await expect(moderator.getByRole('link', { name: '查看公开页面' })).toBeVisible();

    await visitor.goto('/disclosure');
    await visitor.getByRole('link', { name: '财务资金' }).click();
    const row = visitor.getByTestId('disclosure-items').getByRole('row', { name: new RegExp(title) });
    await expect(row).toContainText(indexNo);
    await expect(row).toContainText('政府采购');
    await row.getByRole('link', { name: title }).click();
    await expect(visitor.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(visitor.getByText('二、预算金额：50 万元。', { exact: false })).toBeVisible();
    await expectAxeClean(visitor, { tags: ['wcag2a', 'wcag2aa'] });
    const feed = await visitor.request.get('/feeds/disclosure.xml');
    expect(await feed.text()).toContain(indexNo);

    // Edit: a new version, the index number stays.
    await moderator.getByLabel('名称').fill(`${title}（更正）`);
    await moderator.getByLabel('修改说明（可选）').fill('更正名称');
    await moderator.getByRole('button', { name: '保存为新版本' }).click();
    await expect(moderator.getByText(/第 3 版：.*（更正）/)).toBeVisible();

    await moderator.getByLabel('撤回理由').fill('信息已更新，另行发布');
    await moderator.getByRole('button', { name: '撤回' }).click();
    await expect(moderator.getByText('已撤回（信息已更新，另行发布）')).toBeVisible();
    await visitor.goto(`/disclosure?category=07&q=${encodeURIComponent(title)}`);
    await expect(visitor.getByText('该分类下暂无主动公开的信息。')).toBeVisible();
    expect(await (await visitor.request.get('/feeds/disclosure.xml')).text()).not.toContain(indexNo);
  });

  test('政策解读: a moderator links an interpretation to its policy document; a visitor follows the links both ways', async ({ browser }) => {
    const moderator = await (await browser.newContext()).newPage();
    const stamp = Date.now();
    const docTitle = `关于推进老旧小区改造的实施意见 ${stamp}`;
    const readingTitle = `《关于推进老旧小区改造的实施意见》政策解读 ${stamp}`;
    await signIn(moderator, 'moderator@example.com');
    await moderator.waitForURL('**/workspace/moderator');

    const fill = async (title: string) => {
      await moderator.goto('/workspace/moderator/disclosure/new');
      await moderator.getByLabel('分类').selectOption('0701');
      await moderator.getByLabel('名称').fill(title);
      await moderator.getByLabel('内容概述').fill(`${title}：内容概述。`);
    };
    const create = async (title: string) => {
      await fill(title);
      await moderator.getByRole('button', { name: '保存草稿' }).click();
    };
    await create(docTitle);
    await expect(moderator.getByRole('heading', { level: 1, name: docTitle })).toBeVisible();
    const docIndexNo = (await moderator.getByTestId('index-no').textContent())!.trim();
    const docStaffPage = moderator.url();

    // The interpreted document is picked by searching the catalogue: while it is a draft, the search does not find
    // it (the server refuses a draft too: test/disclosure-catalogue).
    await fill(readingTitle);
    await moderator.getByLabel('所解读的文件').fill(docIndexNo);
    await expect(moderator.getByTestId('interprets-status')).toHaveText('没有找到已发布并主动公开的文件');

    await moderator.goto(docStaffPage);
    await moderator.getByRole('button', { name: '发布' }).click();
    await expect(moderator.getByRole('link', { name: '查看公开页面' })).toBeVisible();

    // Published: found by a word of its title, chosen, saved as the link.
    await fill(readingTitle);
    await moderator.getByLabel('所解读的文件').fill(`老旧小区改造的实施意见 ${stamp}`);
    await moderator.getByTestId('interprets-results').getByRole('button', { name: docTitle }).click();
    await expect(moderator.getByTestId('interprets-choice')).toContainText(docIndexNo);
    await moderator.getByRole('button', { name: '保存草稿' }).click();
    await expect(moderator.getByRole('heading', { level: 1, name: readingTitle })).toBeVisible();
    await expect(moderator.getByTestId('staff-interprets')).toContainText(docIndexNo);
    await moderator.getByRole('button', { name: '发布' }).click();
    await expect(moderator.getByRole('link', { name: '查看公开页面' })).toBeVisible();

    // A visitor filters the catalogue to interpretations: the 解读 badge, then the links both ways.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto('/disclosure');
    const filter = visitor.getByRole('search', { name: '筛选公开信息' });
    await filter.getByLabel('关键词或索引号').fill(String(stamp));
    await filter.getByLabel('类型').selectOption('interpretation');
    await filter.getByRole('button', { name: '筛选' }).click();
    const rows = visitor.getByTestId('disclosure-items').getByRole('row');
    await expect(rows).toHaveCount(2); // the header and the interpretation; the document is not an interpretation
    const row = rows.filter({ hasText: readingTitle });
    await expect(row.getByTestId('interpretation-badge')).toHaveText('解读');
    await row.getByRole('link', { name: readingTitle }).click();

    await expect(visitor.getByRole('heading', { level: 1, name: readingTitle })).toBeVisible();
    await expect(visitor.getByTestId('interprets')).toContainText('所解读的文件：');
    await expectAxeClean(visitor, { tags: ['wcag2a', 'wcag2aa'] });
    await visitor.getByTestId('interprets').getByRole('link', { name: docTitle }).click();
    await expect(visitor.getByRole('heading', { level: 1, name: docTitle })).toBeVisible();
    await expect(visitor.getByTestId('interpretations')).toContainText('政策解读：');
    await visitor.getByTestId('interpretations').getByRole('link', { name: readingTitle }).click();
    await expect(visitor.getByRole('heading', { level: 1, name: readingTitle })).toBeVisible();

    const api = await visitor.request.get(`/api/v1/disclosure/items/${docIndexNo}`);
    expect(api.status()).toBe(200);
    expect((await api.json()).interpretations.map((i: { title: string }) => i.title)).toEqual([readingTitle]);
  });

  test('a moderator edits the guide; visitors read it with the office contact', async ({ browser }) => {
    const moderator = await (await browser.newContext()).newPage();
    await signIn(moderator, 'moderator@example.com');
    await moderator.waitForURL('**/workspace/moderator');
    await moderator.goto('/workspace/moderator/disclosure/pages');
    const guide = moderator.getByRole('region', { name: '政府信息公开指南' });
    const marker = `四、咨询方式${Date.now()}`;
    const body = guide.getByLabel('正文');
    await body.fill(`${await body.inputValue()}\n\n${marker}\n\n工作日可来电咨询。`);
    await guide.getByRole('button', { name: '保存页面' }).click();
    await expect(guide.getByRole('status')).toHaveText('已保存');

    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto('/disclosure');
    await visitor.getByRole('link', { name: '政府信息公开指南（全文）' }).click();
    await expect(visitor.getByRole('heading', { level: 2, name: marker })).toBeVisible();
    await expect(visitor.getByRole('region', { name: '受理机构' })).toContainText('办公时间');
    // The demo bureau promises replies in 15 working days (lib/seed/demo.ts), stricter than the regulation's 20.
    await expect(visitor.getByTestId('guide-reply-limit')).toContainText('自收到申请之日起 15 个工作日内答复');
  });
});
