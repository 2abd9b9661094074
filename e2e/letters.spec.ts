import { type Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, test } from './test';
import { signIn, signedInPage } from './helpers';

test.describe('letters (政民互动)', () => {
  // Four parties, each signing in, over twenty page loads: ~25 s on a quiet machine, ~60 s beside the other CI run.
  test.describe.configure({ timeout: 180_000 });

  test('complaint → moderator accepts → handler replies → citizen rates → a visitor looks it up', async ({ browser }) => {
    const title = `演出场所消防通道被占用 ${Date.now() % 100000}`;
    const moderator = await signedInPage(browser, 'moderator@example.com');
    // Latest arrivals first: the triage queue is longer than a page (SEED_DEMO_BACKLOG) and sorts by deadline.
    await moderator.goto('/workspace/moderator?sort=newest');
    await expect(moderator.getByText('● 实时更新中')).toBeVisible();

    // The citizen writes a complaint, previews it and sends it.
    const citizen = await signedInPage(browser, 'citizen@example.com');
    await citizen.goto('/letters/new');
    await citizen.getByRole('radio', { name: '投诉' }).check();
    await citizen.getByLabel('标题').fill(title);
    await citizen.getByLabel('内容', { exact: true }).fill('剧场侧门消防通道长期堆放杂物，<b>存在安全隐患</b>，请尽快处理。');
    await citizen.getByRole('radio', { name: '同意公开', exact: true }).check();
    // The draft survives a reload.
    await citizen.reload();
    await expect(citizen.getByLabel('标题')).toHaveValue(title);
    await citizen.getByRole('button', { name: '预览' }).click();
    await expect(citizen.getByRole('heading', { name: '请确认信件内容' })).toBeVisible();
    await citizen.getByRole('button', { name: '确认提交' }).dblclick(); // one letter, however many clicks
    await expect(citizen.getByRole('heading', { name: '来信已提交' })).toBeVisible();
    const trackingNo = (await citizen.getByTestId('tracking-no').textContent())!.trim();
    const queryCode = (await citizen.getByTestId('query-code').textContent())!.trim();
    expect(trackingNo).toMatch(/^\d{12}$/);
    expect(queryCode).toMatch(/^\d{6}$/);

    // It appears in the moderator's open triage queue without a reload.
    await expect(moderator.getByRole('link', { name: title })).toBeVisible();
    await citizen.goto('/workspace/citizen');
    await expect(citizen.getByRole('link', { name: title })).toHaveCount(1);

    await moderator.getByRole('link', { name: title }).click();
    await moderator.getByLabel('承办部门').selectOption({ label: '文化市场管理处' });
    await moderator.getByRole('button', { name: '受理', exact: true }).click();
    await expect(moderator.getByTestId('letter-status')).toHaveText('办理中');

    // The writer keeps the letter open; the handler's reply appears there live.
    await citizen.goto(`/letters/${trackingNo}`);
    await expect(citizen.getByText('● 实时更新中')).toBeVisible();
    await expect(citizen.getByTestId('letter-status')).toHaveText('办理中');
    // HTML in a letter is text, never markup.
    await expect(citizen.getByText('<b>存在安全隐患</b>', { exact: false })).toBeVisible();

    const bell = citizen.getByTestId('bell-count');
    const unreadBefore = Number(await bell.textContent());
    const handler = await signedInPage(browser, 'handler@example.com');
    await handler.goto('/workspace/handler?sort=newest');
    await handler.getByRole('link', { name: title }).click();
    // The department's template fills the editor; the handler then writes the answer.
    const editor = handler.getByRole('textbox', { name: '答复内容' });
    await handler.getByLabel('答复内容：插入模板').selectOption({ label: '文化市场检查处理' });
    await expect(editor).toHaveValue(/文化市场综合执法人员/);
    await editor.fill('您好，我局已于当日派员现场检查，责令剧场立即清理消防通道，并将持续跟踪复查。感谢您的监督！');
    await handler.getByRole('button', { name: '发布答复' }).click();
    await expect(handler.getByTestId('letter-status')).toHaveText('已答复');

    await expect(citizen.getByTestId('letter-status')).toHaveText('已答复');
    await expect(citizen.getByText('责令剧场立即清理消防通道')).toBeVisible();
    // The bell counts the new notification without a reload.
    await expect(bell).toHaveText(String(unreadBefore + 1));
    await citizen.getByRole('radio', { name: '满意', exact: true }).check();
    await citizen.getByLabel('意见（选填）').fill('处理迅速');
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await expect(citizen.getByTestId('letter-status')).toHaveText('已办结');

    // A visitor follows it with the tracking number and code; a wrong code is refused.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto('/letters/lookup');
    await visitor.getByLabel('查询编号').fill(trackingNo);
    await visitor.getByLabel('查询码').fill(queryCode === '000000' ? '111111' : '000000');
    await visitor.getByRole('button', { name: '查询' }).click();
    await expect(visitor.getByRole('alert').filter({ hasText: '查询编号或查询码不正确' })).toBeVisible();
    await visitor.getByLabel('查询码').fill(queryCode);
    await visitor.getByRole('button', { name: '查询' }).click();
    await expect(visitor.getByTestId('letter-status')).toHaveText('已办结');
    await expect(visitor.getByText('责令剧场立即清理消防通道')).toBeVisible();
    await expect(visitor.getByText('林办事')).toHaveCount(0); // no staff names for visitors
    await expect(visitor.getByTestId('lookup-masked-note')).toBeVisible();
    // The code was posted: it is in no URL the browser keeps (address bar, history, Referer of the next request).
    expect(visitor.url()).toMatch(/\/letters\/lookup$/);
    expect(await visitor.evaluate(() => location.href + document.referrer)).not.toContain(queryCode);
  });

  test('merge chain: A into B, B into C, C answered — A\'s writer sees the answer and is told', async ({ browser }) => {
    const citizen = await signedInPage(browser, 'citizen@example.com');
    const moderator = await signedInPage(browser, 'moderator@example.com');
    const handler = await signedInPage(browser, 'handler@example.com');
    const departments = (await (await citizen.request.get('/api/v1/departments')).json()).items as Array<{ id: string; name: string }>;
    const market = departments.find((d) => d.name === '文化市场管理处')!.id;
    const write = async (n: number) => (await (await citizen.request.post('/api/v1/letters', {
      data: { kind: 'complaint', title: `同一网吧接纳未成年人 ${n} ${Date.now() % 100000}`, body: '同一家网吧多次接纳未成年人上网，请依法查处。', consentToPublish: true },
    })).json()).trackingNo as string;
    const [a, b, c] = [await write(1), await write(2), await write(3)];
    const act = async (page: Page, trackingNo: string, data: Record<string, unknown>) => {
      const response = await page.request.post(`/api/v1/letters/${trackingNo}/actions`, { data });
      expect(response.status(), JSON.stringify(data)).toBe(200);
    };
    await act(moderator, a, { action: 'merge', intoTrackingNo: b });
    await act(moderator, b, { action: 'merge', intoTrackingNo: c });

    await citizen.goto(`/letters/${a}`);
    await expect(citizen.getByText('● 实时更新中')).toBeVisible();
    const bell = citizen.getByTestId('bell-count');
    const unreadBefore = Number(await bell.textContent());
    await act(moderator, c, { action: 'accept', departmentId: market });
    await act(handler, c, { action: 'reply', body: '经查，该网吧已被依法处罚，并责令停业整顿。' });
    // A's page shows C's answer without a reload; the bell counts C's acceptance and the answer notices of A, B, C.
    await expect(citizen.getByText('经查，该网吧已被依法处罚，并责令停业整顿。')).toBeVisible();
    await expect(citizen.getByText(`已并入来信 ${c}`)).toBeVisible();
    await expect(bell).toHaveText(String(unreadBefore + 4));
    await citizen.goto('/notifications');
    await expect(citizen.getByText(`您的来信 ${a} 已随来信 ${c} 答复`)).toBeVisible();
  });

  test('the handler queue puts the overdue letter first, with counts', async ({ page }) => {
    await signIn(page, 'handler@example.com');
    await expect(page.getByRole('heading', { level: 1, name: '部门办件' })).toBeVisible();
    const first = page.getByTestId('letter-row').first();
    await expect(first).toContainText('某KTV深夜噪音扰民问题');
    await expect(first).toContainText('已超期');
    await expect(page.getByTestId('count-overdue')).not.toHaveText('0');
    // By arrival instead: the overdue letter is no longer first, and the next page keeps the order.
    await page.getByRole('link', { name: '最新到达在前' }).click();
    await expect(page).toHaveURL(/sort=newest/);
    await expect(page.getByTestId('letter-row').first()).not.toContainText('某KTV深夜噪音扰民问题');
    await page.getByRole('link', { name: '下一页' }).click();
    await expect(page).toHaveURL(/sort=newest/);
    await expect(page).toHaveURL(/page=2/);
  });

  test('a citizen attaches a photo with GPS EXIF while writing, sees its thumbnail, and the stored file has no EXIF', async ({ page }) => {
    // A phone's photo: the camera and where it was taken are in its EXIF.
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#6a9' } }).jpeg()
      .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '24/1 29/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '118/1 5/1 0/1' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif?.includes(Buffer.from([0x25, 0x88, 0x04, 0x00])), 'the photo has a GPS IFD').toBe(true);

    await signIn(page, 'citizen@example.com');
    await expect(page).toHaveURL(/\/workspace\/citizen$/);
    await page.goto('/letters/new');
    await page.getByRole('radio', { name: '投诉' }).check();
    await page.getByLabel('标题').fill(`人行道井盖缺失 ${Date.now() % 100000}`);
    await page.getByLabel('内容', { exact: true }).fill('人行道上的井盖缺失，夜间行人容易跌落，照片附后，请尽快处理。');
    await page.getByRole('radio', { name: '不同意公开' }).check();
    await page.getByLabel('附件（可选）').setInputFiles({ name: '井盖.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: '预览' }).click();
    await expect(page.getByRole('list', { name: '附件（可选）' })).toContainText('井盖.jpg');
    await page.getByRole('button', { name: '确认提交' }).click();
    await expect(page.getByRole('heading', { name: '来信已提交' })).toBeVisible();
    await expect(page.getByTestId('upload-note')).toHaveText('已上传 1 个附件。');

    await page.getByRole('link', { name: '查看这封来信' }).click();
    const thumbnail = page.getByRole('img', { name: '附件图片：井盖.jpg' });
    await expect(thumbnail).toBeVisible();
    // The thumbnail is lazy and may still be loading when it is visible: naturalWidth is 0 until it has loaded.
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).not.toBe(0);
    expect(await thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);

    const href = await page.getByTestId('attachments').getByRole('link').first().getAttribute('href');
    const stored = await page.request.get(href!);
    expect(stored.status()).toBe(200);
    expect(stored.headers()['x-content-type-options']).toBe('nosniff');
    expect(stored.headers()['content-security-policy']).toMatch(/^sandbox/);
    expect(stored.headers()['cache-control']).toBe('private, no-store');
    const meta = await sharp(await stored.body()).metadata();
    expect([meta.format, meta.width, meta.exif]).toEqual(['jpeg', 1600, undefined]);
    // Nobody else: a visitor without the code is told it does not exist.
    expect((await page.context().browser()!.newContext().then((c) => c.request.get(new URL(href!, page.url()).toString()))).status()).toBe(404);
  });

  test('a citizen cannot act on staff actions and another citizen cannot see the letter', async ({ page, request }) => {
    await signIn(page, 'citizen@example.com');
    await expect(page).toHaveURL(/\/workspace\/citizen$/);
    const mine = await (await page.request.get('/api/v1/letters?scope=mine')).json();
    const letter = mine.items.find((l: { status: string }) => l.status === 'accepted');
    const accept = await page.request.post(`/api/v1/letters/${letter.trackingNo}/actions`, { data: { action: 'reply', body: '我自己答复自己，这不应该被允许。' } });
    expect(accept.status()).toBe(403);

    const other = `other-${Date.now()}@example.org`;
    expect((await request.post('/api/v1/register', { data: { name: '另一位市民', login: other, password: 'secret1234' } })).status()).toBe(201);
    const context = await page.context().browser()!.newContext();
    const otherPage = await context.newPage();
    await signIn(otherPage, other, 'secret1234');
    await expect(otherPage).toHaveURL(/\/workspace\/citizen$/);
    expect((await otherPage.request.get(`/api/v1/letters/${letter.trackingNo}`)).status()).toBe(404);
    const response = await otherPage.goto(`/letters/${letter.trackingNo}`);
    expect(response?.status()).toBe(404);
  });
});

test.describe('letters API, OpenAPI and Open311', () => {
  test('submission is idempotent, validated and needs a citizen', async ({ page, request }) => {
    const data = { kind: 'inquiry', title: '博物馆夜间开放时间咨询', body: '请问市博物馆暑期是否有夜间开放？开放到几点？', consentToPublish: false };
    expect((await request.post('/api/v1/letters', { data })).status()).toBe(401);
    await signIn(page, 'citizen@example.com');
    await expect(page).toHaveURL(/\/workspace\/citizen$/);
    const key = `e2e-${Date.now()}`;
    const first = await page.request.post('/api/v1/letters', { data, headers: { 'idempotency-key': key } });
    expect(first.status()).toBe(201);
    const again = await page.request.post('/api/v1/letters', { data, headers: { 'idempotency-key': key } });
    expect((await again.json()).trackingNo).toBe((await first.json()).trackingNo);
    const bad = await page.request.post('/api/v1/letters', { data: { ...data, title: '短', body: '太短了' } });
    expect(bad.status()).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(['body', 'title']);
  });

  test('the OpenAPI document describes the letters API', async ({ request }) => {
    const doc = await (await request.get('/api/v1/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/letters', '/api/v1/letters/lookup', '/api/v1/letters/{trackingNo}/actions', '/open311/v2/requests.json']));
  });

  test('Open311: services, a request created by a signed-in citizen, and its public status', async ({ page, request }) => {
    const services = await (await request.get('/open311/v2/services.json')).json();
    expect(services.map((s: { service_code: string }) => s.service_code).sort()).toEqual(['complaint', 'inquiry', 'suggestion']);
    expect((await request.post('/open311/v2/requests.json', { form: { service_code: 'inquiry', description: '请问图书馆办证需要带什么证件？' } })).status()).toBe(401);

    await signIn(page, 'citizen@example.com');
    await expect(page).toHaveURL(/\/workspace\/citizen$/);
    const created = await page.request.post('/open311/v2/requests.json', {
      form: { service_code: 'inquiry', description: '请问图书馆办证需要带什么证件？未成年人可以办吗？', consent_to_publish: 'true' },
    });
    expect(created.status()).toBe(201);
    const [{ service_request_id: id }] = await created.json();
    const one = await (await request.get(`/open311/v2/requests/${id}.json`)).json();
    expect(one[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'inquiry' });
    expect(JSON.stringify(one)).not.toContain('图书馆办证');
    expect((await request.get('/open311/v2/requests/209901010001.json')).status()).toBe(404);
  });
});

test.describe('administration of limits', () => {
  test('an admin changes the inquiry limit and the letter form states the new limit', async ({ page }) => {
    await signIn(page, 'admin@example.com');
    await expect(page).toHaveURL(/\/workspace\/admin$/);
    await page.getByRole('link', { name: '编辑工作日历和办理期限' }).click();
    const inquiry = page.getByLabel('咨询', { exact: true });
    await inquiry.fill('6');
    await page.getByRole('button', { name: '保存', exact: true }).first().click();
    await expect(page.getByText('已保存').first()).toBeVisible();
    await page.context().clearCookies();
    await signIn(page, 'citizen@example.com');
    await expect(page).toHaveURL(/\/workspace\/citizen$/);
    await page.goto('/letters/new');
    await expect(page.getByText('咨询 6 个工作日')).toBeVisible();
  });
});

// Issue 17 item 4: while the citizen writes, a published answer to the same question is suggested (a link that opens
// in a new tab, so the draft stays), and the letter can still be sent.
test('a citizen typing a question already answered sees the published answer suggested', async ({ page }) => {
  await signIn(page, 'citizen@example.com');
  await expect(page).toHaveURL(/\/workspace\/citizen$/);
  await page.goto('/letters/new');
  await page.getByRole('radio', { name: '咨询' }).check();
  await page.getByLabel('标题').fill('未成年人能不能进网吧');
  await page.getByLabel('内容', { exact: true }).fill('我家小孩十四岁，放假总往网吧跑，网吧可以接纳未成年人吗？发现了去哪里举报？');
  const panel = page.getByTestId('similar-answers');
  await expect(panel.getByRole('heading', { name: '这些答复可能已解答您的问题' })).toBeVisible();
  const suggestion = panel.getByRole('link', { name: /网吧允许未成年人进入吗/ });
  await expect(suggestion).toHaveAttribute('target', '_blank');
  await expect(suggestion).toHaveAttribute('href', /^\/archive\//);
  // Suggested, never in the way: the letter is sent all the same.
  await page.getByRole('radio', { name: '不同意公开' }).check();
  await page.getByRole('button', { name: '预览' }).click();
  await page.getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByRole('heading', { name: '来信已提交' })).toBeVisible();
});
