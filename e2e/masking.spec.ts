import { type Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn, signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';

/** Issue 12, item 3 (masking on every public page; what masking left, marked in the editor) and item 4 (PII flags). */


async function ok<T>(response: { status(): number; json(): Promise<unknown>; text(): Promise<string> }, status = 200): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** Personal data in the formats masking used to miss, and what must not be readable of each. */
const VARIANTS: Array<[string, string]> = [
  ['身份证 110105 19900307 1239', '11010519900307'],
  ['手机138.1234.5678', '13812345678'],
  ['备用139\u200B2345\u200B6789', '13923456789'],
  ['+86 136-4567-8901', '13645678901'],
  ['座机01062345678', '01062345678'],
  ['邮箱chenshimin[at]example.com', 'chenshimin'],
  ['QQ：275839164', '275839164'],
  ['微信 chen_shimin88', 'chen_shimin88'],
];

const digitsOnly = (s: string) => s.normalize('NFKC').replace(/[\s.\-_\u200B]/g, '');

test.describe('masking on public pages, the editor\'s check list and the console flag', () => {
  test('personal data in many formats reaches no public page; the editor lists what masking left', async ({ browser }) => {
    test.setTimeout(360_000);
    const stamp = String(Date.now() % 100000);
    const title = `古琴培训机构退费纠纷 ${stamp}`;
    const citizen = await signedInPage(browser, 'citizen@example.com');
    const moderator = await signedInPage(browser, 'moderator@example.com');
    const handler = await signedInPage(browser, 'handler@example.com');

    const departments = (await (await citizen.request.get('/api/v1/departments')).json()).items as Array<{ id: string; name: string }>;
    const market = departments.find((d) => d.name === '文化市场管理处')!;
    const { trackingNo } = await ok<{ trackingNo: string }>(await citizen.request.post('/api/v1/letters', {
      data: {
        kind: 'complaint', departmentId: market.id, title, consentToPublish: true,
        body: `我叫赵小红，报名古琴培训后机构拒绝退费。${VARIANTS.map(([v]) => v).join('，')}。会员卡号 88 6677 5544 1。`,
      },
    }), 201);
    await ok(await moderator.request.post(`/api/v1/letters/${trackingNo}/actions`, { data: { action: 'accept', departmentId: market.id } }));
    await ok(await handler.request.post(`/api/v1/letters/${trackingNo}/actions`, {
      data: { action: 'reply', body: '您好！经调查，该机构已同意按合同退费。如有疑问请拨打 0592-5371913。' },
    }));

    // The editor: the public text is masked; what masking left is listed and outlined for the moderator to check.
    await moderator.goto('/workspace/moderator/archive');
    await moderator.getByRole('button', { name: `把“${title}”整理为公开条目` }).click();
    await expect(moderator).toHaveURL(/\/workspace\/moderator\/archive\/[0-9a-f-]{36}$/);
    const entryId = moderator.url().split('/').pop()!;
    const preview = await moderator.getByTestId('preview-body').textContent();
    for (const [, secret] of VARIANTS) expect(digitsOnly(preview!)).not.toContain(secret);
    const check = moderator.getByRole('region', { name: '请核对' });
    await expect(check.getByTestId('unmasked-suspect')).toHaveText(['公开来信内容：疑似姓名 赵小红', '公开来信内容：长数字 88 6677 5544 1']);
    await expect(moderator.getByTestId('preview-body').locator('mark.suspect')).toHaveText(['赵小红', '88 6677 5544 1']);
    await expectAxeClean(moderator);

    // Marking the name and publishing: the check list then holds only the member number.
    await moderator.getByLabel('姓名或词语').fill('赵小红');
    await moderator.getByRole('button', { name: '标记并隐去' }).click();
    await expect(moderator.getByTestId('preview-body')).toContainText('我叫赵某');
    await expect(check.getByTestId('unmasked-suspect')).toHaveText(['公开来信内容：长数字 88 6677 5544 1']);
    await moderator.getByLabel('公开目录分类').selectOption('10');
    await moderator.getByRole('button', { name: '保存', exact: true }).click();
    await moderator.getByRole('button', { name: '发布', exact: true }).click();
    await expect(moderator.getByTestId('entry-status')).toHaveText('已公开');
    const indexNo = (await moderator.getByTestId('entry-index-no').textContent())!.trim();

    // No public page, API answer or feed shows any of it.
    const visitor = await (await browser.newContext()).newPage();
    const surfaces: Array<[string, () => Promise<string>]> = [
      ['entry page', async () => { await visitor.goto(`/archive/${entryId}`); return visitor.content(); }],
      ['search page', async () => { await visitor.goto(`/archive?q=${encodeURIComponent('古琴')}`); await expect(visitor.getByTestId('archive-item').filter({ hasText: title })).toBeVisible(); return visitor.content(); }],
      ['catalogue', async () => { await visitor.goto('/disclosure?category=10'); return visitor.content(); }],
      ['catalogue item', async () => { expect((await visitor.goto(`/disclosure/items/${encodeURIComponent(indexNo)}`))!.status()).toBe(200); return visitor.content(); }],
      ['API entry', async () => (await visitor.request.get(`/api/v1/archive/${entryId}`)).text()],
      ['API search', async () => (await visitor.request.get(`/api/v1/archive?q=${encodeURIComponent('古琴')}`)).text()],
      ['API catalogue', async () => (await visitor.request.get('/api/v1/disclosure/items?category=10')).text()],
      ['archive feed', async () => (await visitor.request.get('/feeds/archive.xml')).text()],
      ['disclosure feed', async () => (await visitor.request.get('/feeds/disclosure.xml')).text()],
    ];
    for (const [surface, read] of surfaces) {
      const text = await read();
      expect(text, surface).toContain('古琴培训机构退费纠纷');
      for (const [, secret] of VARIANTS) expect(digitsOnly(text), `${surface} shows ${secret}`).not.toContain(secret);
      expect(text, surface).not.toContain('赵小红');
    }
  });

  test('the moderator console flags pending questions with phone or ID numbers', async ({ browser }) => {
    test.setTimeout(120_000);
    const stamp = Date.now() % 100000;
    const moderator = await signedInPage(browser, 'moderator@example.com');
    const leader = await signedInPage(browser, 'leader@example.com');
    const citizen = await signedInPage(browser, 'citizen@example.com');
    const leaderId = (await (await leader.request.get('/api/auth/session')).json()).user.id as string;
    const { id } = await ok<{ id: string }>(await moderator.request.post('/api/v1/interviews', {
      data: { title: `演出市场监管在线访谈 ${stamp}`, summary: '局领导介绍演出市场监管情况，回答市民关心的问题。', guestIds: [leaderId], scheduledStart: '2030-10-01T10:00:00+08:00', scheduledEnd: '2030-10-01T11:00:00+08:00' },
    }), 201);
    await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action: 'announce' } }));
    const withPii = `演出票退不了怎么办？我的手机 138 1234 5678，身份证 110105 19900307 1239 ${stamp}`;
    const plain = `剧场加价售票怎么投诉？${stamp}`;
    for (const body of [withPii, plain]) await ok(await citizen.request.post(`/api/v1/interviews/${id}/questions`, { data: { body } }), 201);

    await moderator.goto(`/workspace/moderator/interviews/${id}`);
    const card = (text: string) => moderator.getByTestId('question').filter({ has: moderator.locator('.question-body', { hasText: text }) });
    await expect(card(withPii).getByTestId('pii-flag')).toHaveText('含个人信息 问题中有电话号码、身份证号，采用前请编辑隐去。');
    await expect(card(plain)).toHaveAttribute('data-status', 'pending');
    await expect(card(plain).getByTestId('pii-flag')).toHaveCount(0);
    await expectAxeClean(moderator);
  });
});
