import type { Locator, Page } from '@playwright/test';
import { expect, test } from './test';
import { signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * Issue 16 item 2 — 意见征集 from draft to published feedback: a moderator drafts a consultation in two sections and
 * opens it; a citizen comments on a section (with a phone number, masked when shown) and on the whole draft; the
 * moderator approves the comments (the section's count goes up), closes early with a reason, disposes of one
 * comment, is refused the feedback while the other lacks a disposition, disposes of it (不予采纳 with a reason) and
 * publishes the feedback — which appears on the consultation's page and in the disclosure column.
 */

/** A datetime-local value in Beijing time, `days` from now. */
function beijingLocal(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

async function submitAndExpect(form: Locator, button: string, status: RegExp | string) {
  await form.getByRole('button', { name: button }).click();
  await expect(form.getByRole('status')).toHaveText(status);
}

const staffComment = (page: Page, text: string) => page.getByTestId('staff-comment').filter({ hasText: text });

test.describe('consultations', () => {
  test('draft → open → comments moderated → closed → disposed (publish refused until all are) → feedback in the disclosure column', async ({ browser }) => {
    test.setTimeout(180_000);
    const stamp = Date.now() % 100000;
    const title = `关于示范市公共图书馆服务规定的意见征集 ${stamp}`;

    // The moderator drafts it.
    const moderator = await signedInPage(browser, 'moderator@example.com');
    await moderator.goto('/workspace/moderator/consultations');
    const create = moderator.locator('section', { has: moderator.getByRole('heading', { name: '起草意见征集' }) });
    await create.getByLabel('标题', { exact: true }).fill(title);
    await create.getByLabel('征集说明').fill('为提升公共图书馆服务水平，现公开征求社会各界意见。');
    await create.getByLabel('征求意见稿正文').fill('## 第一章 总则\n第一条 为规范公共图书馆服务，制定本规定。\n\n## 第二章 开放时间\n第五条 公共图书馆每周开放时间不少于 56 小时。');
    await create.getByLabel('开始时间（北京时间）').fill(beijingLocal(-0.01));
    // A period shorter than 30 days needs a reason: refused first, then given.
    await create.getByLabel('截止时间（北京时间）').fill(beijingLocal(10));
    await create.getByRole('button', { name: '保存草稿' }).click();
    await expect(create.getByText(/须填写缩短征集期的理由/).first()).toBeVisible();
    await create.getByLabel('截止时间（北京时间）').fill(beijingLocal(31));
    await create.getByRole('button', { name: '保存草稿' }).click();
    await expect(moderator).toHaveURL(/\/workspace\/moderator\/consultations\/[0-9a-f-]{36}$/);
    await expect(moderator.getByRole('heading', { level: 1 })).toHaveText(title);
    await expectAxeClean(moderator);
    const staffUrl = moderator.url();

    // A PDF attachment: something that is not a PDF is refused, the PDF is listed.
    const attach = moderator.locator('section', { has: moderator.getByRole('heading', { name: '附件（PDF）' }) });
    const uploadForm = attach.locator('form', { has: moderator.getByLabel('PDF 文件') });
    await attach.getByLabel('PDF 文件').setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
    await submitAndExpect(uploadForm, '上传附件', /文件内容不是 PDF/);
    await attach.getByLabel('PDF 文件').setInputFiles({ name: '征求意见稿全文.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await submitAndExpect(uploadForm, '上传附件', '已上传');
    await expect(attach.getByTestId('consultation-attachments')).toContainText('征求意见稿全文.pdf');
    // A wrong upload is removed from the page (a draft's or an open consultation's).
    await attach.getByLabel('PDF 文件').setInputFiles({ name: '传错的文件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await submitAndExpect(uploadForm, '上传附件', '已上传');
    await attach.getByRole('button', { name: '删除“传错的文件.pdf”' }).click();
    await expect(attach.getByTestId('consultation-attachments').getByRole('listitem')).toHaveCount(1);
    await expect(attach.getByTestId('consultation-attachments')).not.toContainText('传错的文件.pdf');

    const lifecycle = moderator.locator('section', { has: moderator.getByRole('heading', { name: '征集流程' }) });
    await lifecycle.getByRole('button', { name: '发布征集' }).click();
    await expect(moderator.getByTestId('consultation-status').first()).toHaveText('征集中');

    // The citizen finds it and comments on the second section and on the whole draft.
    const citizen = await signedInPage(browser, 'citizen@example.com');
    await citizen.goto('/consultations');
    await citizen.getByRole('link', { name: title }).click();
    await expect(citizen.getByRole('heading', { level: 1 })).toHaveText(title);
    const participate = citizen.locator('section', { has: citizen.getByRole('heading', { name: '提出意见' }) });
    await participate.getByLabel('针对').selectOption({ label: '第 2 节：第二章 开放时间' });
    await participate.getByLabel('意见内容').fill('建议周末开放到晚上九点，有事请打我电话 13912345678。');
    await submitAndExpect(participate.locator('form').first(), '提交意见', '意见已提交');
    await participate.getByLabel('针对').selectOption({ label: '整体意见' });
    await participate.getByLabel('意见内容').fill('整体赞成，建议增加面向老年读者的服务条款。');
    await submitAndExpect(participate.locator('form').first(), '提交意见', '意见已提交');
    await expect(citizen.getByTestId('my-comments').getByRole('listitem')).toHaveCount(2);
    await expect(citizen.getByTestId('my-comments')).toContainText('待审核');
    // Nothing is public before moderation.
    await expect(citizen.getByTestId('public-comment')).toHaveCount(0);
    await expectAxeClean(citizen);

    // The moderator approves both.
    await moderator.goto(staffUrl);
    for (const text of ['周末开放到晚上九点', '面向老年读者']) {
      const card = staffComment(moderator, text);
      await card.getByRole('button', { name: '公开', exact: true }).click();
      await expect(card.getByRole('heading')).toContainText('已公开');
    }
    // The public page: counts per section, the phone number masked.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto('/consultations');
    await visitor.getByRole('link', { name: title }).click();
    await expect(visitor.getByTestId('section-comment-count')).toHaveText(['本节公开意见 0 条', '本节公开意见 1 条']);
    await expect(visitor.getByTestId('whole-comment-count')).toHaveText('对整体的公开意见 1 条');
    await expect(visitor.getByTestId('public-comment')).toHaveCount(2);
    await expect(visitor.getByText('13912345678')).toHaveCount(0);
    await expect(visitor.getByText('请先登录后提出意见。')).toBeVisible();
    const download = await visitor.request.get((await visitor.getByRole('link', { name: '征求意见稿全文.pdf' }).getAttribute('href'))!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('application/pdf');
    const publicUrl = visitor.url();

    // The moderator closes early (with a reason) and disposes of one comment.
    await moderator.reload();
    const close = lifecycle.locator('form');
    await close.getByLabel(/提前截止的理由/).fill('已收到足够意见，提前截止');
    await close.getByRole('button', { name: '截止征集' }).click();
    await expect(moderator.getByTestId('consultation-status').first()).toHaveText('已截止');
    const first = staffComment(moderator, '周末开放到晚上九点');
    await first.getByLabel('处理结果').selectOption('adopted');
    await first.getByLabel(/说明或理由/).fill('已将周末开放时间延长至 21 时');
    await submitAndExpect(first.locator('form'), '保存处理结果', '已保存处理结果');

    // One comment without a disposition: the feedback is refused.
    await submitAndExpect(lifecycle.locator('form'), '发布反馈', /1 条意见未作处理/);

    // 不予采纳 needs a reason.
    const second = staffComment(moderator, '面向老年读者');
    await second.getByLabel('处理结果').selectOption('not_adopted');
    await second.getByRole('button', { name: '保存处理结果' }).click();
    await expect(second.getByText('不予采纳须说明理由').first()).toBeVisible();
    await second.getByLabel(/说明或理由/).fill('老年读者服务已由《示范市公共文化服务办法》规定');
    await submitAndExpect(second.locator('form'), '保存处理结果', '已保存处理结果');

    await lifecycle.getByRole('button', { name: '发布反馈' }).click();
    await expect(moderator.getByTestId('consultation-status').first()).toHaveText('已反馈');

    // The feedback on the public page and its own page.
    await visitor.goto(publicUrl);
    await expect(visitor.getByTestId('feedback-summary')).toHaveText('共收到公开意见 2 条：采纳 1 条，部分采纳 0 条，不予采纳 1 条。');
    await expect(visitor.getByTestId('feedback-report')).toContainText('已将周末开放时间延长至 21 时');
    await expect(visitor.getByTestId('feedback-report')).toContainText('老年读者服务已由《示范市公共文化服务办法》规定');
    await visitor.getByTestId('feedback-link').click();
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('意见采纳情况反馈');
    await expectAxeClean(visitor);

    // The disclosure column lists it; its entry links to the feedback page.
    await visitor.goto(`/disclosure?q=${encodeURIComponent(String(stamp))}`);
    const item = visitor.getByRole('link', { name: `关于《${title}》征求意见采纳情况的反馈` });
    await expect(item).toBeVisible();
    await item.click();
    await expect(visitor).toHaveURL(/\/consultations\/[^/]+\/feedback$/);

    // The citizen was notified.
    await citizen.goto('/notifications');
    await expect(citizen.getByText(`意见征集已发布反馈：${title}`)).toBeVisible();
  });
});
