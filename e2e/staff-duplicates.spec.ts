import { expect, test } from './test';
import { signedInPage, signIn } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * Duplicates for staff (issue 17 item 5): two citizens write near-identical letters about the same place; the
 * moderator opening the second sees the first among the possible duplicates and merges it in one step. The
 * candidates are staff-only: the second writer asking the API for them is refused. And the staff intake form takes
 * a topic and district with the citizen form's picker. Refusing the letter a duplicate was merged into sends the
 * duplicate back to routing, on its own. The rules: test/letter-duplicates.test.ts.
 */

/** Digits as CJK characters, so each run's titles share bigrams with each other and with no earlier run's. */
const cjkStamp = () => String(Date.now() % 1_000_000).split('').map((d) => '甲乙丙丁戊己庚辛壬癸'[Number(d)]).join('');

test('the moderator sees the first letter as a duplicate of the second and merges it in one step', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const stamp = cjkStamp();
  const first = await signedInPage(browser, 'citizen@example.com');
  const tree = await (await first.request.get('/api/v1/topics')).json() as { items: Array<{ id: number; name: string; children: Array<{ id: number; name: string; children: Array<{ id: number; name: string }> }> }>; districts: Array<{ id: number; name: string }> };
  const topicId = tree.items.find((i) => i.name === '旅游市场')!.children.find((c) => c.name === '景区管理')!.children.find((c) => c.name === '门票与预约')!.id;
  const districtId = tree.districts.find((d) => d.name === '思明区')!.id;
  const place = `${stamp}码头`;

  const write = async (page: typeof first, title: string, body: string) => {
    const response = await page.request.post('/api/v1/letters', { data: { kind: 'complaint', title, body, consentToPublish: true, topicId, districtId, place } });
    expect(response.status()).toBe(201);
    return (await response.json()).trackingNo as string;
  };
  const one = await write(first, `${stamp}码头轮渡排队时间过长`, `周末在${stamp}码头排队购买轮渡船票要两个多小时，现场秩序混乱，希望增加售票窗口和班次。`);

  const login = `dup-${Date.now()}@example.org`;
  expect((await request.post('/api/v1/register', { data: { name: '孙小美', login, password: 'secret1234' } })).status()).toBe(201);
  const context = await browser.newContext();
  const second = await context.newPage();
  await signIn(second, login, 'secret1234');
  await expect(second).toHaveURL(/\/workspace\/citizen$/);
  const two = await write(second, `${stamp}码头轮渡排队时间太长`, `周末在${stamp}码头排队买轮渡船票要两个多小时，秩序混乱，请增加售票窗口。`);
  // Staff only: the writer of the letter asking for its duplicates is refused.
  expect((await second.request.get(`/api/v1/letters/${two}/duplicates`)).status()).toBe(403);
  await second.goto(`/letters/${two}`);
  await expect(second.getByRole('heading', { name: '可能重复的来信' })).toHaveCount(0);

  const moderator = await signedInPage(browser, 'moderator@example.com');
  const api = await (await moderator.request.get(`/api/v1/letters/${two}/duplicates`)).json();
  expect(api.items[0]).toMatchObject({ trackingNo: one, mergeable: true, reasons: { sameTopic: true, sameDistrict: true, samePlace: true } });

  await moderator.goto(`/letters/${two}`);
  const panel = moderator.getByTestId('letter-duplicates');
  await expect(panel.getByRole('heading', { name: '可能重复的来信' })).toBeVisible();
  const candidate = panel.getByTestId(`duplicate-${one}`);
  await expect(panel.getByRole('listitem').first()).toHaveAttribute('data-testid', `duplicate-${one}`);
  await expect(candidate).toContainText('同一诉求分类');
  await expect(candidate).toContainText('同一地点');
  await expectAxeClean(moderator);
  await candidate.getByRole('button', { name: `合并 将本信并入 ${one}` }).click();

  // One step: the letter is merged into the first, the panel is gone, the writer's page says so.
  await expect(moderator.getByTestId('letter-duplicates')).toHaveCount(0);
  const merged = await (await moderator.request.get(`/api/v1/letters/${two}`)).json();
  expect(merged.status).toBe('merged');
  expect(merged.mergedInto).toBe(one);
  await second.goto(`/letters/${two}`);
  await expect(second.getByText('已合并办理').first()).toBeVisible();

  // The first letter is refused (不予受理): the form says the merged letter is not refused with it, and the second
  // writer's letter is back awaiting routing, on its own, with the reason on its timeline and a notice.
  await moderator.goto(`/letters/${one}`);
  const refuse = moderator.getByRole('form', { name: '不予受理' });
  const reason = refuse.getByRole('textbox', { name: '理由（将告知来信人）' });
  await expect(reason).toHaveAccessibleDescription('并入本信的 1 封来信不随本信不予受理：它们将退回待受理，分别办理，并告知其来信人。');
  await reason.fill('该事项属于港务部门职责范围，请向港务部门反映。');
  await refuse.getByRole('button', { name: '不予受理' }).click();
  await expect(moderator.getByRole('form', { name: '不予受理' })).toHaveCount(0);
  expect((await (await moderator.request.get(`/api/v1/letters/${two}`)).json()).status).toBe('submitted');
  await second.goto(`/letters/${two}`);
  await expect(second.getByText('待受理').first()).toBeVisible();
  await expect(second.getByText(`与之合并办理的来信 ${one} 不予受理，本信退回待受理，单独办理`)).toBeVisible();
  await second.goto('/notifications');
  await expect(second.getByText(`您的来信 ${two} 将单独办理`)).toBeVisible();
  await context.close();
});

test('the staff intake form takes the topic, the district and the place', async ({ browser }) => {
  const moderator = await signedInPage(browser, 'moderator@example.com');
  await moderator.goto('/workspace/letters/intake');
  await moderator.getByLabel('姓名').fill('吴来电');
  await moderator.getByRole('radio', { name: '不同意公开' }).check();
  await moderator.getByRole('radio', { name: '投诉' }).check();
  await moderator.getByLabel('标题').fill(`来电反映景区门票预约不上 ${Date.now() % 100000}`);
  await moderator.getByLabel('内容', { exact: true }).fill('来电人反映五一期间鼓浪屿景区门票网上预约一直显示已满，现场也买不到票。');
  // The same picker as the citizen's form: suggested from the text, chosen with one click.
  const suggestions = moderator.getByTestId('topic-suggestions');
  await suggestions.getByRole('button', { name: '选用“门票与预约”' }).click();
  await moderator.getByLabel('所在区（可选）').selectOption({ label: '思明区' });
  await moderator.getByLabel('具体地点（可选）').fill('鼓浪屿');
  await expectAxeClean(moderator);
  await moderator.getByRole('button', { name: '登记并打印回执' }).click();
  await expect(moderator.getByRole('heading', { level: 1, name: '来信登记回执' })).toBeVisible();
  const trackingNo = (await moderator.getByTestId('receipt-tracking-no').textContent())!.trim();
  const letter = await (await moderator.request.get(`/api/v1/letters/${trackingNo}`)).json();
  expect(letter.topic.path).toEqual(['旅游市场', '景区管理', '门票与预约']);
  expect(letter.district.name).toBe('思明区');
  expect(letter.place).toBe('鼓浪屿');
});
