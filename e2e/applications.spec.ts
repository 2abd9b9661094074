import { type Page } from '@playwright/test';
import { expect, test } from './test';
import { errorSummary, signIn, signedInPage } from './helpers';
import { chinaYear } from '../lib/calendar/workdays';
import { expectAxeClean } from './support/axe';

/** A small valid PDF (the server checks the %PDF- magic bytes and the mime type). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
    'xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n109\n%%EOF\n',
  'latin1',
);


test.describe('applications for government information (依申请公开)', () => {
  test('a citizen applies → 补正 requested → corrected → replied 部分公开 with a PDF → the citizen downloads it', async ({ browser }) => {
    test.setTimeout(240_000); // five page loads with axe on a shared two-core machine
    const marker = `${Date.now() % 100000}`;
    const citizen = await signedInPage(browser, 'citizen@example.com');
    // The figures before: the statistics page and the annual report must count this application's outcome.
    const year = chinaYear();
    const staff = await signedInPage(browser, 'moderator@example.com');
    const partlyInStats = async () => (await (await staff.request.get(`/api/v1/stats?year=${year}`)).json()).applications.byOutcome.partly_disclosed as number;
    const reportCells = async () => (await (await staff.request.get(`/api/v1/disclosure/annual-report?year=${year}`)).json()).tables.applications as {
      cells: Record<string, Record<string, number>>; check: { ok: boolean };
    };
    const statsBefore = await partlyInStats();
    const reportBefore = await reportCells();
    await citizen.goto('/disclosure');
    await citizen.getByRole('link', { name: '在线申请政府信息公开（依申请公开）' }).click();
    await expect(citizen.getByRole('heading', { level: 1, name: '申请政府信息公开' })).toBeVisible();
    await expectAxeClean(citizen, { impact: 'all' });

    // Errors per field, from the same schema the server uses.
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await expect(errorSummary(citizen)).toBeVisible();
    await expect(citizen.locator('#field-description-error')).toHaveText('所需政府信息的内容描述至少 10 个字');
    // An organisation needs a valid credit code.
    await citizen.getByRole('radio', { name: '法人或其他组织：商业企业' }).check();
    await citizen.getByLabel('统一社会信用代码').fill('91350200MA2XXXXX0A');
    await citizen.getByLabel('所需政府信息的内容描述').fill(`请公开本局文化惠民工程项目资金的分配结果（${marker}）。`);
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await expect(citizen.locator('#field-creditCode-error')).toHaveText('统一社会信用代码应为 18 位，且校验位正确');
    // As a person, then.
    await citizen.getByRole('radio', { name: '公民（自然人）' }).check();
    await citizen.getByLabel('用途（选填）').fill('了解社区文化设施的资金来源');
    // The office's queue page is open and live: the new application is counted there without a reload.
    await staff.goto('/workspace/moderator/applications');
    await expect(staff.locator('.live-status')).toHaveAttribute('data-state', 'live');
    const openBefore = Number(await staff.getByTestId('count-open').textContent());
    await citizen.getByRole('button', { name: '提交申请' }).dblclick(); // one application however many clicks
    await expect(staff.getByTestId('count-open')).toHaveText(String(openBefore + 1));
    await expect(citizen.getByRole('heading', { name: '申请已提交' })).toBeVisible();
    const trackingNo = (await citizen.getByTestId('tracking-no').textContent())!.trim();
    expect(trackingNo).toMatch(/^GK\d{12}$/);
    await citizen.goto('/workspace/citizen');
    await expect(citizen.getByRole('link', { name: trackingNo })).toHaveCount(1);

    // The moderator finds it in the queue and asks for 补正.
    const moderator = await signedInPage(browser, 'moderator@example.com');
    await moderator.goto('/workspace/moderator/applications');
    await expect(moderator.getByRole('heading', { level: 1, name: '依申请公开办理' })).toBeVisible();
    await expectAxeClean(moderator, { impact: 'all' });
    await moderator.getByRole('link', { name: trackingNo }).click();
    await expect(moderator.getByTestId('application-status')).toHaveText('待登记');
    await moderator.getByLabel('需要补正的事项').fill('请写明所需资金信息的年度和项目名称。');
    await moderator.getByRole('button', { name: '告知补正' }).click();
    await expect(moderator.getByTestId('application-status')).toHaveText('待补正');

    // The citizen completes it; the 20 working days start again.
    await citizen.goto(`/disclosure/applications/${trackingNo}`);
    await expect(citizen.getByTestId('application-status')).toHaveText('待补正');
    await expect(citizen.getByText('请写明所需资金信息的年度和项目名称。').first()).toBeVisible();
    await citizen.getByLabel('补正内容').fill('所需信息为 2025 年度“文化惠民工程”项目资金的分配结果。');
    // The office's page is live (applications:subscribe): it will show the correction without a reload.
    await expect(moderator.locator('.live-status')).toHaveAttribute('data-state', 'live');
    await citizen.getByRole('button', { name: '提交补正' }).click();
    await expect(citizen.getByTestId('application-status')).toHaveText('办理中');
    await expect(citizen.getByTestId('application-due')).toHaveText(/^\d{4}-\d{2}-\d{2}/);
    await expectAxeClean(citizen, { impact: 'all' });

    // The moderator's open page has refreshed itself; the moderator replies 部分公开 with a reason and a PDF document.
    await expect(moderator.getByTestId('application-status')).toHaveText('办理中');
    await expect(citizen.locator('.live-status')).toHaveAttribute('data-state', 'live');
    await moderator.getByLabel('答复类型').selectOption({ label: '部分公开' });
    await moderator.getByRole('button', { name: '发出答复' }).click();
    await expect(moderator.getByText('请填写理由及依据')).toBeVisible();
    await moderator.getByLabel('理由及依据').fill('受资助企业的银行账户信息属于商业秘密，依据条例第十五条不予公开。');
    await moderator.getByLabel('答复内容').fill('经查，现将 2025 年度文化惠民工程项目资金分配结果提供给您，详见答复告知书。');
    await moderator.getByLabel('答复文书（PDF）（选填）').setInputFiles({ name: '答复告知书.pdf', mimeType: 'application/pdf', buffer: PDF });
    await moderator.getByRole('button', { name: '发出答复' }).click();
    await expect(moderator.getByTestId('application-status')).toHaveText('已答复');

    // The citizen's open page shows the outcome without a reload; the citizen downloads the document.
    await expect(citizen.getByTestId('application-status')).toHaveText('已答复');
    await expect(citizen.getByTestId('application-outcome')).toHaveText('部分公开');
    await expect(citizen.getByText('受资助企业的银行账户信息属于商业秘密', { exact: false })).toBeVisible();
    const link = citizen.getByRole('link', { name: /下载答复文书：答复告知书\.pdf/ });
    const [download] = await Promise.all([citizen.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('答复告知书.pdf');
    const response = await citizen.request.get((await link.getAttribute('href'))!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('答复告知书.pdf')}`);
    expect(Buffer.compare(await response.body(), PDF)).toBe(0);

    // The statistics page and the annual report show the new figures.
    expect(await partlyInStats()).toBe(statsBefore + 1);
    await staff.goto(`/stats?year=${year}`);
    await expect(staff.locator('section[aria-labelledby="stats-applications"]').getByRole('row', { name: '部分公开' }).first()).toContainText(String(statsBefore + 1));
    const reportAfter = await reportCells();
    expect(reportAfter.cells.partly_disclosed!.person).toBe(reportBefore.cells.partly_disclosed!.person! + 1);
    expect(reportAfter.cells.handled!.total).toBe(reportBefore.cells.handled!.total! + 1);
    expect(reportAfter.check.ok).toBe(true);

    // Nobody else may fetch it.
    const visitor = await (await browser.newContext()).newPage();
    expect((await visitor.request.get((await link.getAttribute('href'))!)).status()).toBe(404);
  });
});
