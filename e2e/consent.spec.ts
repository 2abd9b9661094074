import { expect, test } from './test';
import { signedInPage } from './helpers';

/**
 * Consent withdrawal (issue 17 item 7, PIPL art. 15): the writer withdraws consent on the letter page and the
 * published answer disappears from every public place at once. The set-up (letter, answer, published entry) goes
 * through the API; the withdrawal through the page's form. Every other reader is covered by
 * test/letters-consent.test.ts.
 */
test('a writer withdraws consent on the letter page; the entry leaves the archive page, search, catalogue and feed', async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = String(Date.now() % 100000);
  const title = `古筝琴行夜间噪音扰民 ${stamp}`;
  const citizen = await signedInPage(browser, 'citizen@example.com');
  const moderator = await signedInPage(browser, 'moderator@example.com');
  const handler = await signedInPage(browser, 'handler@example.com');

  const departments = (await (await citizen.request.get('/api/v1/departments')).json()).items as Array<{ id: string; name: string }>;
  const market = departments.find((d) => d.name === '文化市场管理处')!;
  const created = await citizen.request.post('/api/v1/letters', {
    data: { kind: 'complaint', departmentId: market.id, title, body: '小区楼下的古筝琴行每晚十点后仍在上课，噪音很大，请处理。', consentToPublish: true },
  });
  expect(created.status()).toBe(201);
  const { trackingNo } = await created.json();
  expect((await moderator.request.post(`/api/v1/letters/${trackingNo}/actions`, { data: { action: 'accept', departmentId: market.id } })).status()).toBe(200);
  expect((await handler.request.post(`/api/v1/letters/${trackingNo}/actions`, { data: { action: 'reply', body: '您好！经现场检查，已责令琴行晚上九点后停止授课。' } })).status()).toBe(200);
  const draft = await moderator.request.post('/api/v1/archive/entries', { data: { letter: trackingNo } });
  expect(draft.status()).toBe(201);
  const entry = await draft.json() as { id: string; version: number };
  const categorised = await moderator.request.patch(`/api/v1/archive/entries/${entry.id}`, { data: { version: entry.version, category: '10' } });
  expect(categorised.status()).toBe(200);
  const published = await moderator.request.post(`/api/v1/archive/entries/${entry.id}/actions`, { data: { action: 'publish', version: (await categorised.json()).version } });
  expect(published.status()).toBe(200);

  // Public before.
  const visitor = await (await browser.newContext()).newPage();
  expect((await visitor.goto(`/archive/${entry.id}`))!.status()).toBe(200);
  await visitor.goto(`/archive?q=${encodeURIComponent(`古筝琴行夜间噪音扰民 ${stamp}`)}&sort=newest`);
  await expect(visitor.getByTestId('archive-item').filter({ hasText: title })).toHaveCount(1);

  // The writer withdraws on the letter page, with a reason.
  await citizen.goto(`/letters/${trackingNo}`);
  await expect(citizen.getByTestId('letter-consent')).toHaveText(/^同意公开/);
  const form = citizen.getByRole('form', { name: '撤回公开同意', exact: true });
  await form.getByLabel('撤回理由（选填）').fill('不希望继续公开');
  await form.getByRole('button', { name: '撤回同意' }).click();
  await expect(citizen.getByTestId('letter-consent')).toHaveText('不同意公开');
  await expect(citizen.getByRole('region', { name: '办理过程' }).getByText('理由：不希望继续公开')).toBeVisible();
  // Published once: the page offers no way to consent again.
  await expect(citizen.getByRole('form', { name: '同意公开', exact: true })).toHaveCount(0);

  // Gone from the entry page, the search, the catalogue and the feed.
  expect((await visitor.goto(`/archive/${entry.id}`))!.status()).toBe(404);
  await visitor.goto(`/archive?q=${encodeURIComponent(`古筝琴行夜间噪音扰民 ${stamp}`)}&sort=newest`);
  await expect(visitor.getByTestId('archive-item').filter({ hasText: title })).toHaveCount(0);
  await visitor.goto('/disclosure?category=10');
  await expect(visitor.getByRole('link', { name: title })).toHaveCount(0);
  expect(await (await visitor.request.get('/feeds/archive.xml')).text()).not.toContain(title);

  // The moderator's editor says why, and cannot publish it again.
  await moderator.goto(`/workspace/moderator/archive/${entry.id}`);
  await expect(moderator.getByTestId('consent-withdrawn')).toBeVisible();
  await expect(moderator.getByRole('button', { name: '重新发布', exact: true })).toBeDisabled();
});
