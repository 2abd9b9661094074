import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn } from './helpers';

/**
 * Stored and reflected script payloads render as text on every page they reach. Citizens' letters and questions,
 * handlers' and leaders' answers and a moderator's interview title carry markup; each page that shows them is
 * opened in the browser and checked twice: the payload's text is visible, and the DOM holds none of the elements
 * or scripts the payload would have made. (The Content-Security-Policy would also block inline handlers; this test
 * checks the escaping itself, so it holds with or without that second line of defence.)
 */

const MARK = `X${Date.now() % 1_000_000}`;
// Short enough for a 50-character title; data-xss finds any element a payload managed to create.
const IMG = `<img src=x data-xss=${MARK} onerror=alert(1)>`;
const SCRIPT = `<script data-xss=${MARK}>alert(1)</script>`;
const SVG = `"><svg data-xss=${MARK} onload=alert(1)>`;

async function signedIn(browser: Browser, login: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await trap(context);
  const page = await context.newPage();
  await signIn(page, login);
  await expect(page).toHaveURL(/\/workspace\//, { timeout: 30_000 });
  return { context, page };
}

/** Counts script that runs from a payload: alert() and the payloads' own counter. */
async function trap(context: BrowserContext) {
  await context.addInitScript(() => {
    (window as unknown as { __xss: number }).__xss = 0;
    window.alert = () => {
      (window as unknown as { __xss: number }).__xss += 1;
    };
  });
}

/** The page shows `text` literally and holds no element or script a payload would have created. */
async function expectInert(page: Page, url: string, text: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBeLessThan(400);
  await expect(page.getByText(text, { exact: false }).first(), `${url} shows the payload as text`).toBeVisible();
  expect(await page.locator(`[data-xss="${MARK}"]`).count(), `${url}: an element from a payload`).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss: number }).__xss), `${url}: script ran`).toBe(0);
}

test('script payloads in letters, answers, questions and titles render as text on every page they reach', async ({ browser }) => {
  test.setTimeout(240_000);
  const citizen = await signedIn(browser, 'citizen@example.com');
  const handler = await signedIn(browser, 'handler@example.com');
  const leader = await signedIn(browser, 'leader@example.com');
  const moderator = await signedIn(browser, 'moderator@example.com');
  const visitorContext = await browser.newContext();
  await trap(visitorContext);
  const visitor = await visitorContext.newPage();
  const post = async (page: Page, url: string, data: unknown, status = 200) => {
    const response = await page.request.post(url, { data });
    expect(response.status(), `${url} → ${await response.text()}`).toBe(status);
    return response.json();
  };

  // A letter with markup in the title and body; a handler's answer with more.
  const departments = (await (await visitor.request.get('/api/v1/departments')).json()).items as Array<{ id: string; name: string }>;
  const market = departments.find((d) => d.name === '文化市场管理处')!;
  const title = `票价 ${IMG}`;
  const letter = await post(citizen.page, '/api/v1/letters', {
    kind: 'inquiry', departmentId: market.id, title, consentToPublish: true,
    body: `请问演唱会门票的最高限价是多少？${SCRIPT} 谢谢。`,
  }, 201);
  await post(moderator.page, `/api/v1/letters/${letter.trackingNo}/actions`, { action: 'accept', departmentId: market.id });
  // The handler's queue and the letter as the handler sees it, before and after the answer.
  await expectInert(handler.page, '/workspace/handler?sort=newest', 'onerror=alert(1)');
  await post(handler.page, `/api/v1/letters/${letter.trackingNo}/actions`, { action: 'reply', body: `您好，演出票价由主办方依法自主确定。${SVG}` });

  await expectInert(citizen.page, `/letters/${letter.trackingNo}`, 'onerror=alert(1)');
  await expectInert(citizen.page, '/workspace/citizen', 'onerror=alert(1)');
  await expectInert(handler.page, `/letters/${letter.trackingNo}`, '<svg data-xss=');

  // Curated into the archive and published: the editor (which marks masked spans), search with highlighting,
  // the entry page, the disclosure catalogue and the RSS feed.
  const draft = await post(moderator.page, '/api/v1/archive/entries', { letter: letter.trackingNo }, 201);
  const saved = (await (await moderator.page.request.patch(`/api/v1/archive/entries/${draft.id}`, { data: { version: draft.version, category: '10' } })).json());
  await post(moderator.page, `/api/v1/archive/entries/${draft.id}/actions`, { action: 'publish', version: saved.version });
  await expectInert(moderator.page, `/workspace/moderator/archive/${draft.id}`, '<script data-xss=');
  await expectInert(visitor, `/archive?q=${encodeURIComponent('票价')}`, 'onerror=alert(1)');
  await expectInert(visitor, `/archive/${draft.id}`, '<script data-xss=');
  await expectInert(visitor, '/disclosure?category=10', 'onerror=alert(1)');
  const feed = await (await visitor.request.get('/feeds/archive.xml')).text();
  expect(feed).toContain(`票价 &lt;img src=x data-xss=${MARK} onerror=alert(1)&gt;`);
  expect(feed).not.toContain(IMG);

  // Reflected: search words and looked-up numbers come back in the page as text.
  await expectInert(visitor, `/archive?q=${encodeURIComponent(SCRIPT)}`, '<script data-xss=');
  await expectInert(visitor, `/disclosure?q=${encodeURIComponent(IMG)}`, 'onerror=alert(1)');

  // A live interview: markup in the title (staff), a citizen's question and the guest's answer, delivered live
  // over the socket and rendered by the client.
  const leaderId = (await (await leader.page.request.get('/api/auth/session')).json()).user.id as string;
  const start = new Date(Date.now() - 5 * 60_000);
  const interview = await post(moderator.page, '/api/v1/interviews', {
    title: `文化惠民访谈 ${SVG}`, summary: '介绍文化惠民政策并回答市民的提问。', guestIds: [leaderId],
    scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 60 * 60_000).toISOString(),
  }, 201);
  for (const action of ['announce', 'go_live']) await post(moderator.page, `/api/v1/interviews/${interview.id}/actions`, { action });
  await expectInert(visitor, `/interviews/${interview.slug}`, '<svg data-xss=');
  await expect(visitor.getByTestId('connection')).toHaveText('● 实时更新中');

  const question = await post(citizen.page, `/api/v1/interviews/${interview.id}/questions`, { body: `图书馆周末开放吗？${IMG}` }, 201);
  await expectInert(moderator.page, `/workspace/moderator/interviews/${interview.id}`, 'onerror=alert(1)');
  await post(moderator.page, `/api/v1/questions/${question.id}/actions`, { action: 'approve' });
  await expectInert(leader.page, `/workspace/leader/interviews/${interview.id}`, 'onerror=alert(1)');
  await post(leader.page, `/api/v1/questions/${question.id}/answer`, { body: `周末照常开放。${SCRIPT}` }, 201);

  // The visitor's open page receives the answer live; the DOM still holds no payload element.
  await expect(visitor.getByTestId('transcript').getByText(`周末照常开放。<script data-xss=${MARK}>`, { exact: false })).toBeVisible();
  expect(await visitor.locator(`[data-xss="${MARK}"]`).count()).toBe(0);
  expect(await visitor.evaluate(() => (window as unknown as { __xss: number }).__xss)).toBe(0);
  await post(moderator.page, `/api/v1/interviews/${interview.id}/actions`, { action: 'end' });
  await expectInert(visitor, `/interviews/${interview.slug}/transcript`, `周末照常开放。<script data-xss=${MARK}>`);

  // A cover image address must be http(s): a javascript: URL is refused before it can reach an <img> or a link.
  const refused = await moderator.page.request.post('/api/v1/interviews', {
    data: {
      title: '封面地址校验', summary: '封面图片地址只能是 http 或 https。', guestIds: [leaderId], coverImageUrl: 'javascript:window.__xss=1',
      scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 60 * 60_000).toISOString(),
    },
  });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.fields.coverImageUrl).toBeTruthy();

  for (const context of [citizen.context, handler.context, leader.context, moderator.context, visitorContext]) await context.close();
});
