import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

/**
 * Every spec's `test` (test/e2e-hygiene.test.ts keeps it so). Playwright closes its own `context`/`page` fixtures
 * after a test, but not the contexts a test opens with `browser.newContext()` for its second and third party: the
 * worker's browser lives for the whole run, so they would stay open — each page holding its Socket.IO connection
 * and re-rendering itself on every letter change (LiveRefresh, the bell) — and the run would slow down test by
 * test (67 leftover pages by test 43, live updates past their 10 s in later specs). This closes them.
 */
export const test = base.extend<{ closeOpenedContexts: void }>({
  closeOpenedContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((c) => !before.has(c)).map((c) => c.close()));
    },
    { auto: true },
  ],
});
