import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * The page's WCAG 2.1 AA violations as `id: targets` lines, once the page is settled enough to be judged.
 *
 * Why the wait: Next streams a page's metadata, so right after a client-side navigation the new `<title>` can land
 * after the heading the test waited for — axe then reports `document-title` on a page that has one (CI caught it
 * on the transcript page). Every spec's axe check goes through here (test/e2e-hygiene.test.ts), so none can race it.
 */
export async function axeViolations(page: Page, options: { impact?: 'serious' | 'all'; tags?: string[] | null } = {}): Promise<string[]> {
  await expect(page).toHaveTitle(/\S/);
  let builder = new AxeBuilder({ page });
  const tags = options.tags === undefined ? WCAG_21_AA : options.tags;
  if (tags) builder = builder.withTags(tags);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => options.impact === 'all' || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** No serious or critical WCAG 2.1 AA violation (or none at all with `impact: 'all'`). */
export async function expectAxeClean(page: Page, options: { impact?: 'serious' | 'all'; tags?: string[] | null } = {}): Promise<void> {
  expect(await axeViolations(page, options)).toEqual([]);
}
