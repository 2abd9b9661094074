import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { type Page } from '@playwright/test';
import { expect, test } from './test';
import { chinaYear } from '../lib/calendar/workdays';
import { signIn, signOut } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * 数据统计 and 政府信息公开工作年度报告 (issue 6 parts 4 and 5): the page shows the year's figures as charts with
 * tables behind them and moves when a letter arrives; the CSV downloads; a moderator writes and publishes last
 * year's report, which the public then reads and finds in the disclosure catalogue.
 */

const thisYear = chinaYear();
const lastYear = thisYear - 1;

async function receivedThisYear(page: Page): Promise<number> {
  const response = await page.request.get(`/api/v1/stats?year=${thisYear}`);
  expect(response.status()).toBe(200);
  return (await response.json()).letters.total.received as number;
}

// Several page loads, axe runs and a build's cold start on a shared machine: more than the default minute.
test.describe.configure({ timeout: 180_000 });

test.describe('statistics page', () => {
  test('shows the year\'s figures, charts with tables, and counts a new letter; axe-clean', async ({ page }) => {
    const before = await receivedThisYear(page);
    await signIn(page, 'citizen@example.com');
    await expect(page.getByRole('heading', { level: 1, name: '我的办事' })).toBeVisible();
    const created = await page.request.post('/api/v1/letters', {
      data: { kind: 'suggestion', title: '建议延长图书馆开放时间', body: '希望市图书馆周末延长开放时间到晚上九点。', consentToPublish: false },
    });
    expect(created.status()).toBe(201);
    await signOut(page);

    await page.goto('/stats');
    await expect(page.getByRole('heading', { level: 1, name: '数据统计' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: `${thisYear}年统计` })).toBeVisible();
    const summary = page.getByTestId('stats-summary');
    await expect(summary.getByRole('definition').first()).toHaveText(String(before + 1));
    expect(await receivedThisYear(page)).toBe(before + 1);

    // Charts are pictures (/stats/charts/{name}.svg) with a name and a description. Their data are tables: on the
    // page for interviews and applications, on 来信办理明细 for letters (issue 15 item 6: the page stays light).
    const byMonthChart = page.getByRole('img', { name: `${thisYear}年各月收信与办结件数` });
    await expect(byMonthChart).toBeVisible();
    await expect(page.getByRole('img', { name: `${thisYear}年各类来信的收信与办结件数` })).toBeVisible();
    expect(await byMonthChart.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(760);
    const svg = await page.request.get((await byMonthChart.getAttribute('src'))!);
    expect(svg.headers()['content-type']).toContain('image/svg+xml');
    expect(await svg.text()).toContain(`<title>${thisYear}年各月收信与办结件数</title>`);
    await expect(page.getByRole('table', { name: `${thisYear}年政府信息公开申请答复情况` })).toBeVisible();
    await expect(page.getByRole('heading', { name: '统计口径' })).toBeVisible();
    await expectAxeClean(page, { impact: 'all', tags: null });

    await page.getByRole('link', { name: `数据表：${thisYear}年各类来信的收信与办结件数` }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${thisYear}年来信办理明细` })).toBeVisible();
    const byKind = page.getByRole('table', { name: `${thisYear}年各类来信办理情况` });
    await expect(byKind.getByRole('row', { name: /^建议/ })).toBeVisible();
    await expect(page.getByRole('table', { name: `${thisYear}年各月来信办理情况` }).getByRole('row')).toHaveCount(13);
    await expectAxeClean(page, { impact: 'all', tags: null });

    // Interviews and applications per month, and applicants by type, are on 访谈与申请明细 (/stats stays ≤ 40 KB).
    await page.goto(`/stats?year=${thisYear}`);
    await page.getByRole('link', { name: `数据表：${thisYear}年各月在线访谈场次与答复问题数` }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${thisYear}年在线访谈与政府信息公开申请明细` })).toBeVisible();
    await expect(page.getByRole('table', { name: `${thisYear}年各月在线访谈情况` }).getByRole('row')).toHaveCount(13);
    await expect(page.getByRole('table', { name: `${thisYear}年各月政府信息公开申请收到与答复情况` }).getByRole('row')).toHaveCount(13);
    await expect(page.getByRole('table', { name: `${thisYear}年政府信息公开申请人类型` })).toBeVisible();
    await expectAxeClean(page, { impact: 'all', tags: null });

    // A malformed year is said so, and this year is shown; a year without data has an empty state.
    await page.goto('/stats?year=abc');
    await expect(page.getByRole('alert').filter({ hasText: '年份无效' })).toBeVisible();
    await page.getByLabel('统计年度').fill('2001');
    await page.getByRole('button', { name: '查看' }).click();
    await expect(page).toHaveURL(/year=2001/);
    await expect(page.getByText('2001年暂无来信、访谈或政府信息公开申请数据。')).toBeVisible();
  });

  test('downloads the figures as CSV with a BOM for Excel', async ({ page }) => {
    await page.goto(`/stats?year=${thisYear}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载 CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe(`minsheng-stats-${thisYear}.csv`);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(`民声数据统计 ${thisYear}年`);
    expect(lines).toContain('来信办理');
    expect(lines.find((l) => l.startsWith(`全年,${thisYear},`))).toMatch(new RegExp(`^全年,${thisYear},${await receivedThisYear(page)},`));

    // In English: the page and the file.
    await page.getByRole('button', { name: /切换到英文/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Statistics' })).toBeVisible();
    await expect(page.getByRole('img', { name: `Letters received and answered per month, ${thisYear}` })).toBeVisible();
    await page.getByRole('link', { name: /^Letters in detail/ }).click();
    await expect(page.getByRole('table', { name: `Letters per month, ${thisYear}` })).toBeVisible();
    const english = await page.request.get(`/stats/export.csv?year=${thisYear}`);
    expect((await english.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(`Minsheng statistics ${thisYear}`);
  });
});

test.describe('annual report', () => {
  test('a moderator writes and publishes last year\'s report; the public reads it and finds it in the catalogue', async ({ page }) => {
    // Before publication the public gets 404.
    const hidden = await page.goto(`/disclosure/annual-report/${lastYear}`);
    expect(hidden?.status()).toBe(404);

    await signIn(page, 'moderator@example.com');
    await expect(page.getByRole('heading', { level: 1, name: '管理控制台' })).toBeVisible();
    await page.goto('/workspace/moderator/annual-report');
    await expect(page.getByRole('heading', { level: 1, name: '年度报告' })).toBeVisible();
    await page.getByRole('link', { name: `${lastYear}年度` }).click();
    await expect(page.getByRole('heading', { level: 1, name: `编辑${lastYear}年度报告` })).toBeVisible();

    // The generated tables and their check.
    const applications = page.getByRole('table', { name: '收到和处理政府信息公开申请情况（单位：件）' });
    await expect(applications.getByRole('row', { name: /一、本年新收政府信息公开申请数量/ })).toBeVisible();
    await expect(applications.getByRole('columnheader', { name: '法人或其他组织' })).toBeVisible();
    await expect(page.getByTestId('report-check')).toHaveText(/核对无误/);
    await expect(page.getByRole('table', { name: '主动公开政府信息情况（单位：条）' }).getByRole('row', { name: /统计信息/ })).toBeVisible();

    // Section 四: a 行政复议 case recorded on the page is counted in the generated table.
    await expect(page.getByTestId('annual-report-deadline')).toContainText('-01-31');
    // The first figure: 行政复议 · 结果维持.
    const upheld = page.getByTestId('report-reviews').locator('tbody td').first();
    const upheldBefore = Number(await upheld.textContent());
    await page.getByLabel('案件类型').selectOption({ label: '行政复议' });
    await page.getByLabel('立案（收到）日期').fill(`${lastYear}-06-15`);
    await page.getByLabel('结果', { exact: true }).selectOption({ label: '结果维持' });
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: '已登记。' })).toBeVisible();
    await expect(upheld).toHaveText(String(upheldBefore + 1));

    // Publishing before anything is saved is refused with a message.
    await page.getByRole('button', { name: '发布年度报告' }).click();
    await expect(page.getByText('请先保存报告正文，再发布')).toBeVisible();

    await page.getByLabel('一、总体情况').fill(`${lastYear}年，本局依法推进政府信息公开工作，平台数据自动汇总。`);
    await page.getByLabel('五、存在的主要问题及改进情况').fill('公开内容的便民性有待提高。');
    await page.getByRole('button', { name: '保存正文' }).click();
    await expect(page.getByRole('status').filter({ hasText: '已保存。' })).toBeVisible();
    await expect(page.getByText('状态：草稿')).toBeVisible();

    // The draft page shows the text to the moderator, marked as a draft.
    await page.goto(`/disclosure/annual-report/${lastYear}`);
    await expect(page.getByText('草稿：尚未发布，仅管理员可见。')).toBeVisible();
    await page.getByRole('link', { name: '编辑本报告' }).click();

    await page.getByRole('button', { name: '发布年度报告' }).click();
    await expect(page.getByText(/本报告已发布/)).toBeVisible();
    await expect(page.getByTestId('figures-changed')).toHaveCount(0);

    // A case recorded after publication: the staff page shows the current figure and says the published report
    // differs; the public report keeps the figures it was published with until 更新数据 (page and PDF together).
    await page.getByLabel('案件类型').selectOption({ label: '行政复议' });
    await page.getByLabel('立案（收到）日期').fill(`${lastYear}-09-01`);
    await page.getByLabel('结果', { exact: true }).selectOption({ label: '结果维持' });
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expect(upheld).toHaveText(String(upheldBefore + 2));
    await expect(page.getByTestId('figures-changed')).toContainText('与公开的报告不同');
    const publicUpheld = async () => {
      await page.goto(`/disclosure/annual-report/${lastYear}`);
      return page.getByTestId('report-reviews').locator('tbody td').first().textContent();
    };
    expect(await publicUpheld()).toBe(String(upheldBefore + 1));
    await page.goto(`/workspace/moderator/annual-report/${lastYear}`);
    await page.getByRole('button', { name: '按现在的数据更新报告和 PDF' }).click();
    await expect(page.getByRole('status').filter({ hasText: '已更新' })).toBeVisible();
    await expect(page.getByTestId('figures-changed')).toHaveCount(0);
    expect(await publicUpheld()).toBe(String(upheldBefore + 2));
    await signOut(page);

    // The public report page: title, index number, text and tables; printable; axe-clean.
    const title = `示范市文化和旅游局${lastYear}年政府信息公开工作年度报告`;
    await page.goto(`/disclosure/annual-report/${lastYear}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText(/索引号：.+-11-\d{4}-\d{5}/)).toBeVisible();
    await expect(page.getByText(`${lastYear}年，本局依法推进政府信息公开工作，平台数据自动汇总。`)).toBeVisible();
    await expect(page.getByRole('table', { name: '收到和处理政府信息公开申请情况（单位：件）' })).toBeVisible();
    await expect(page.getByRole('table', { name: '政民互动与在线访谈（单位：件）' })).toBeVisible();
    await expect(page.getByRole('button', { name: '打印本页' })).toBeVisible();
    await expectAxeClean(page, { impact: 'all', tags: null });
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: '打印本页' })).toBeHidden();
    await expect(page.getByRole('banner')).toBeHidden();
    await page.emulateMedia({ media: 'screen' });

    // The PDF generated on publication downloads for an anonymous visitor: a PDF whose text has the title.
    const download = page.waitForEvent('download');
    await page.getByTestId('report-pdf').click();
    const pdf = await readFile((await (await download).path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' });
    expect(text).toContain(title);
    expect(text).toContain('三、收到和处理政府信息公开申请情况');
    const fetched = await page.request.get((await page.getByTestId('report-pdf').getAttribute('href'))!);
    expect(fetched.headers()['content-type']).toBe('application/pdf');
    expect(fetched.headers()['x-content-type-options']).toBe('nosniff');

    // In the disclosure catalogue under 统计信息, linking to the report.
    await page.goto('/disclosure?category=11');
    await page.getByRole('link', { name: title }).click();
    await expect(page).toHaveURL(new RegExp(`/disclosure/annual-report/${lastYear}$`));
    await page.goto('/disclosure/annual-report');
    await expect(page.getByRole('link', { name: `${lastYear}年度` })).toBeVisible();
  });
});
