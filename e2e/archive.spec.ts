import { type Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, test } from './test';
import { signIn, signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';


/** A complaint with personal data, written by the citizen, accepted and answered through the API. */
async function answeredLetter(citizen: Page, moderator: Page, handler: Page, title: string): Promise<string> {
  const departments = (await (await citizen.request.get('/api/v1/departments')).json()).items as Array<{ id: string; name: string }>;
  const market = departments.find((d) => d.name === '文化市场管理处')!;
  const created = await citizen.request.post('/api/v1/letters', {
    data: {
      kind: 'complaint',
      departmentId: market.id,
      title,
      body: '鼓楼一家琵琶培训班宣传“包过十级”，老师李四海收了学费后不再上课。我的手机 13912345678，请核查处理。',
      consentToPublish: true,
    },
  });
  expect(created.status()).toBe(201);
  const { trackingNo } = await created.json();
  expect((await moderator.request.post(`/api/v1/letters/${trackingNo}/actions`, { data: { action: 'accept', departmentId: market.id } })).status()).toBe(200);
  // A photo of the flyer (issue 17 item 2): published only as a copy the moderator masked.
  const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#d02020' } }).jpeg().toBuffer();
  const uploaded = await citizen.request.post(`/api/v1/letters/${trackingNo}/attachments`, { multipart: { attachments: { name: '传单.jpg', mimeType: 'image/jpeg', buffer: photo } } });
  expect(uploaded.status()).toBe(201);
  const replied = await handler.request.post(`/api/v1/letters/${trackingNo}/actions`, {
    data: { action: 'reply', body: '您好！经调查，该培训班存在虚假宣传，已责令整改并退还学费。如有疑问请拨打 0592-5371913。' },
  });
  expect(replied.status()).toBe(200);
  return trackingNo;
}

test.describe('public answer archive (答复公开)', () => {
  test('a letter answered again after its entry was made: the moderator is told, the editor says so and takes the answer again', async ({ browser }) => {
    const title = `琵琶培训班退费问题 ${String(Date.now() % 100000)}`;
    const citizen = await signedInPage(browser, 'citizen@example.com');
    const moderator = await signedInPage(browser, 'moderator@example.com');
    const handler = await signedInPage(browser, 'handler@example.com');
    const trackingNo = await answeredLetter(citizen, moderator, handler, title);
    const created = await moderator.request.post('/api/v1/archive/entries', { data: { letter: trackingNo } });
    expect(created.status()).toBe(201);
    const entryId = (await created.json()).id as string;
    // The writer is not satisfied (重办) and the department answers again.
    expect((await citizen.request.post(`/api/v1/letters/${trackingNo}/actions`, { data: { action: 'rate', rating: 'unsatisfied', comment: '学费只退了一半' } })).status()).toBe(200);
    expect((await handler.request.post(`/api/v1/letters/${trackingNo}/actions`, { data: { action: 'reply', body: '补充答复：培训班已退还全部学费。' } })).status()).toBe(200);

    await moderator.goto('/notifications');
    await moderator.getByRole('link', { name: `答复公开条目的原文有变更：${title}` }).first().click();
    await expect(moderator).toHaveURL(new RegExp(`/workspace/moderator/archive/${entryId}$`));
    const notice = moderator.getByTestId('source-changed');
    await expect(notice).toContainText('公开的答复可能已过时');
    await expect(moderator.getByTestId('preview-answer')).not.toContainText('补充答复');
    await expectAxeClean(moderator);
    await notice.getByRole('button', { name: '用原文重新生成公开答复' }).click();
    await expect(moderator.getByTestId('preview-answer')).toContainText('补充答复：培训班已退还全部学费。');
    await expect(moderator.getByTestId('source-changed')).toHaveCount(0);
    await expect(moderator.getByTestId('preview-answer')).not.toContainText('13912345678');
  });

  test('a moderator masks and publishes an answered letter; the public finds it everywhere until it is unpublished', async ({ browser }) => {
    const stamp = String(Date.now() % 100000);
    const title = `琵琶培训班虚假宣传问题 ${stamp}`;
    test.setTimeout(180_000);
    const citizen = await signedInPage(browser, 'citizen@example.com');
    const moderator = await signedInPage(browser, 'moderator@example.com');
    const handler = await signedInPage(browser, 'handler@example.com');
    await answeredLetter(citizen, moderator, handler, title);

    // The moderator finds the letter in the queue and makes a draft: personal data is masked already.
    await moderator.goto('/workspace/moderator/archive');
    await moderator.getByRole('button', { name: `把“${title}”整理为公开条目` }).click();
    await expect(moderator).toHaveURL(/\/workspace\/moderator\/archive\/[0-9a-f-]{36}$/);
    const entryId = moderator.url().split('/').pop()!;
    await expect(moderator.getByTestId('entry-status')).toHaveText('草稿');
    await expect(moderator.getByTestId('preview-body')).toContainText('139****5678');
    await expect(moderator.getByTestId('preview-body')).not.toContainText('13912345678');
    await expect(moderator.getByTestId('preview-answer')).toContainText('0592-5371913');
    // The original stays beside it, with what is masked marked.
    await expect(moderator.locator('.curation-original mark', { hasText: '13912345678' })).toBeVisible();
    await expectAxeClean(moderator);

    // Mark the teacher's name; it is masked at once.
    await moderator.getByLabel('姓名或词语').fill('李四海');
    await moderator.getByRole('button', { name: '标记并隐去' }).click();
    await expect(moderator.getByTestId('preview-body')).toContainText('老师李某收了学费');
    await expect(moderator.getByTestId('preview-body')).not.toContainText('李四海');

    // Publishing needs a category.
    await expect(moderator.getByRole('button', { name: '发布', exact: true })).toBeDisabled();
    await moderator.getByLabel('公开目录分类').selectOption('10');
    await moderator.getByRole('button', { name: '保存', exact: true }).click();
    await expect(moderator.getByRole('button', { name: '发布', exact: true })).toBeEnabled();
    // The flyer's photo: one region typed in (the keyboard way), rendered masked on the server.
    const attachment = moderator.getByTestId('curation-attachment');
    await attachment.getByRole('button', { name: '添加区域' }).click();
    await attachment.getByLabel('宽（%）').fill('50');
    await attachment.getByRole('button', { name: '遮盖并收入条目' }).click();
    await expect(attachment.getByTestId('masked-copy')).toBeVisible();
    await expect(moderator.getByRole('button', { name: '发布', exact: true })).toBeEnabled();
    await moderator.getByRole('button', { name: '发布', exact: true }).click();
    await expect(moderator.getByTestId('entry-status')).toHaveText('已公开');
    const indexNo = (await moderator.getByTestId('entry-index-no').textContent())!.trim();
    expect(indexNo).toMatch(/-10-\d{4}-\d{5}$/);

    // A handler cannot publish or unpublish, in the API or the workspace.
    const refused = await handler.request.post(`/api/v1/archive/entries/${entryId}/actions`, { data: { action: 'unpublish', reason: '办理人员试图撤下' } });
    expect(refused.status()).toBe(403);
    const handlerPage = await handler.goto('/workspace/moderator/archive');
    expect(handlerPage!.status()).toBe(403);

    // A visitor finds it by a two-character keyword, with the masked text, and the hit highlighted.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto('/');
    await visitor.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '答复公开' }).click();
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('答复公开 · 访谈实录');
    await visitor.getByLabel('关键词').fill('琵琶');
    await visitor.getByRole('button', { name: '查找' }).click();
    await expect(visitor).toHaveURL(/q=%E7%90%B5%E7%90%B6/);
    const item = visitor.getByTestId('archive-item').filter({ hasText: title });
    await expect(item).toBeVisible();
    await expect(item.locator('mark').first()).toHaveText('琵琶');
    await expectAxeClean(visitor);
    await item.getByRole('link', { name: title }).click();
    await expect(visitor).toHaveURL(new RegExp(`/archive/${entryId}$`));
    await expect(visitor.getByTestId('entry-question')).toContainText('139****5678');
    await expect(visitor.getByTestId('entry-question')).toContainText('李某');
    await expect(visitor.locator('main')).not.toContainText('李四海');
    await expect(visitor.locator('main')).not.toContainText('13912345678');
    await expect(visitor.getByTestId('working-days')).toHaveText(/\d+ 个工作日/);
    await expect(visitor.getByTestId('index-no')).toHaveText(indexNo);
    await expect(visitor.getByRole('link', { name: '登录后可以举报' })).toBeVisible();
    const image = visitor.getByTestId('entry-images').getByRole('img');
    await expect(image).toHaveCount(1);
    const imageUrl = (await image.getAttribute('src'))!;
    expect((await visitor.request.get(imageUrl)).headers()['content-type']).toBe('image/jpeg');
    await expectAxeClean(visitor);

    // It is in the disclosure catalogue under 监督投诉, and in the RSS feed.
    await visitor.goto('/disclosure?category=10');
    await expect(visitor.getByRole('link', { name: title })).toBeVisible();
    const feed = await visitor.request.get('/feeds/archive.xml');
    expect(feed.headers()['content-type']).toContain('application/rss+xml');
    expect(await feed.text()).toContain(title);
    expect(await (await visitor.request.get('/sitemap.xml')).text()).toContain(`/archive/${entryId}`);

    // A signed-in citizen reports it once.
    await citizen.goto(`/archive/${entryId}`);
    await citizen.getByLabel('举报理由').fill('答复里好像还有培训班的具体地址');
    await citizen.getByRole('button', { name: '提交举报' }).click();
    await expect(citizen.getByTestId('flag-result')).toHaveText('举报已收到，管理员会尽快处理。');

    // The moderator unpublishes it with a reason …
    await moderator.reload();
    await expect(moderator.getByRole('link', { name: '有 1 条待处理的举报' })).toBeVisible();
    await moderator.getByLabel('撤下理由').fill('来信人要求撤下');
    await moderator.getByRole('button', { name: '撤下', exact: true }).click();
    await expect(moderator.getByTestId('entry-status')).toHaveText('已撤下');

    // … and it is gone from the search, the entry page, the API, the catalogue, the feed and the sitemap at once.
    await visitor.goto(`/archive?q=${encodeURIComponent('琵琶')}`);
    await expect(visitor.getByTestId('archive-item').filter({ hasText: title })).toHaveCount(0);
    expect((await visitor.goto(`/archive/${entryId}`))!.status()).toBe(404);
    expect((await visitor.request.get(`/api/v1/archive/${entryId}`)).status()).toBe(404);
    expect((await visitor.request.get(imageUrl)).status()).toBe(404);
    await visitor.goto('/disclosure?category=10');
    await expect(visitor.getByRole('link', { name: title })).toHaveCount(0);
    expect(await (await visitor.request.get('/feeds/archive.xml')).text()).not.toContain(title);
    expect(await (await visitor.request.get('/sitemap.xml')).text()).not.toContain(`/archive/${entryId}`);

    // The moderation log shows who published and unpublished it, and why.
    await moderator.goto(`/workspace/moderator/archive/log?entry=${entryId}`);
    const rows = moderator.getByTestId('log-row');
    await expect(rows.filter({ hasText: '撤下' }).filter({ hasText: '来信人要求撤下' })).toHaveCount(1);
    await expect(rows.filter({ hasText: '发布' }).filter({ hasText: indexNo })).toHaveCount(1);
    await expect(rows.filter({ hasText: '举报' })).toHaveCount(1);
    await expectAxeClean(moderator);
    // Unpublishing closed the citizen's report as actioned, with the same reason: none is left open.
    await moderator.goto('/workspace/moderator/archive/flags');
    await expect(moderator.getByTestId('flag-item').filter({ hasText: title })).toHaveCount(0);
    await moderator.goto('/workspace/moderator/archive/flags?status=actioned');
    await expect(moderator.getByTestId('flag-item').filter({ hasText: title })).toContainText('来信人要求撤下');
    await expectAxeClean(moderator);
    await moderator.goto('/workspace/moderator/archive?tab=unpublished');
    await expect(moderator.getByTestId('entry-row').filter({ hasText: title })).toHaveCount(1);
    await expectAxeClean(moderator);
  });
});
