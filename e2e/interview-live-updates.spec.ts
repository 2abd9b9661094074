import sharp from 'sharp';
import { type Page } from '@playwright/test';
import { expect, test } from './test';
import { signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * 图文直播 (issue 16, item 5): during a live interview the moderator posts a photo update (with alt text) and a text
 * update from the console; a visitor watching the interview page sees both arrive inline without a reload, the
 * photo loads; a retracted update leaves the page; after the end the 文字实录 lists what was posted.
 */

async function ok(response: Awaited<ReturnType<Page['request']['post']>>, status = 200) {
  expect(response.status(), await response.text()).toBe(status);
  return response.json();
}

test.describe('interviews: 图文直播', () => {
  test('moderator posts photo and text updates; a viewer sees them live; the transcript lists them', async ({ browser }) => {
    test.setTimeout(120_000);
    const stamp = Date.now() % 100000;
    const title = `图文直播测试访谈 ${stamp}`;
    const textUpdate = `主持人：访谈正式开始，欢迎各位网友。${stamp}`;
    const photoText = `嘉宾已到达演播室。${stamp}`;
    const alt = `两位嘉宾在演播室落座 ${stamp}`;
    const retracted = `这条发错了，将被撤回。${stamp}`;

    const moderator = await signedInPage(browser, 'moderator@example.com');
    const leader = await signedInPage(browser, 'leader@example.com');
    const leaderId = (await (await leader.request.get('/api/auth/session')).json()).user.id as string;
    await leader.close();
    const start = new Date(Date.now() - 5 * 60_000);
    const { id: interviewId, slug } = await ok(await moderator.request.post('/api/v1/interviews', {
      data: {
        title, summary: '用于图文直播端到端测试的访谈，介绍公共文化服务。', guestIds: [leaderId],
        scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 60 * 60_000).toISOString(),
      },
    }), 201) as { id: string; slug: string };
    for (const action of ['announce', 'go_live']) await ok(await moderator.request.post(`/api/v1/interviews/${interviewId}/actions`, { data: { action } }));

    // A visitor watches the interview page.
    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(`/interviews/${slug}`);
    await expect(visitor.getByTestId('connection')).toHaveText('● 实时更新中');
    const updates = visitor.getByTestId('transcript').getByTestId('entry-update');
    await expect(updates).toHaveCount(0);

    // The moderator posts a photo (from a phone: with GPS in its EXIF) with its alt text from the console.
    await moderator.goto(`/workspace/moderator/interviews/${interviewId}`);
    const form = moderator.getByTestId('update-form');
    const photo = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#3a7' } }).jpeg()
      .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '24/1 29/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '118/1 5/1 0/1' } })
      .toBuffer();
    await form.getByLabel('文字', { exact: true }).fill(photoText);
    await form.getByLabel('照片（可选）').setInputFiles({ name: 'IMG_2001.jpg', mimeType: 'image/jpeg', buffer: photo });
    // Without alt text the photo is refused, and the form says why.
    await form.getByRole('button', { name: '发布' }).click();
    await expect(form.locator('.field-error').first()).toContainText('图片说明');
    await expect(updates).toHaveCount(0);
    await form.getByLabel('照片（可选）').setInputFiles({ name: 'IMG_2001.jpg', mimeType: 'image/jpeg', buffer: photo });
    await form.getByLabel('图片说明（替代文字）').fill(alt);
    await form.getByLabel('图片标题（可选）').fill('访谈现场');
    await form.getByRole('button', { name: '发布' }).click();
    await expect(form.getByRole('status')).toHaveText('已发布');
    await expect(form.getByLabel('图片说明（替代文字）')).toHaveValue('');

    // The visitor sees it arrive inline: text, a figure with the alt text and caption; the image loads.
    await expect(updates).toHaveCount(1);
    await expect(updates.first()).toContainText(photoText);
    const image = updates.first().getByRole('img', { name: alt });
    await expect(image).toBeVisible();
    await expect(updates.first().locator('figcaption')).toHaveText('访谈现场');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // What it loads is the re-encoded photo, without EXIF.
    const src = await image.evaluate((img: HTMLImageElement) => img.currentSrc || img.src);
    const served = await visitor.request.get(src);
    expect(served.status()).toBe(200);
    expect(served.headers()['x-content-type-options']).toBe('nosniff');
    expect((await sharp(await served.body()).metadata()).exif).toBeUndefined();

    // A text update, and one posted by mistake and retracted from the console: it leaves the visitor's page.
    for (const body of [textUpdate, retracted]) {
      await form.getByLabel('文字', { exact: true }).fill(body);
      await form.getByRole('button', { name: '发布' }).click();
      // The viewer may hear of it before the action returns; the form empties itself once it has.
      await expect(form.getByLabel('文字', { exact: true })).toHaveValue('');
      await expect(updates.filter({ hasText: body })).toHaveCount(1);
    }
    await expect(updates).toHaveCount(3);
    await moderator.getByTestId('console-update').filter({ hasText: retracted }).getByRole('button', { name: '撤回' }).click();
    await expect(updates).toHaveCount(2);
    await expect(updates.filter({ hasText: retracted })).toHaveCount(0);
    await expect(updates.nth(1)).toContainText(textUpdate);
    await expectAxeClean(visitor);
    await expectAxeClean(moderator);

    // After the end the transcript lists both updates in time order.
    await ok(await moderator.request.post(`/api/v1/interviews/${interviewId}/actions`, { data: { action: 'end' } }));
    await visitor.goto(`/interviews/${slug}/transcript`);
    const listed = visitor.getByTestId('transcript').getByTestId('entry-update');
    await expect(listed).toHaveCount(2);
    await expect(listed.first()).toContainText(photoText);
    await expect(listed.first().getByRole('img', { name: alt })).toBeVisible();
    await expect(listed.nth(1)).toContainText(textUpdate);
    await expect(visitor.getByText(retracted)).toHaveCount(0);
    await visitorContext.close();
    await moderator.close();
  });
});
