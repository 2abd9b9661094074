import { vi } from 'vitest';
import { useTestRequest } from '../support/request';

/**
 * Next's request-scoped modules outside Next, for every test file. Vitest runs a worker's files in one process
 * (vitest.config.mts, no per-file isolation), where a module imported by an earlier file keeps the mock it was
 * loaded with: so one mock for all, reading the request each file sets (test/support/request.ts).
 * - next/headers: the file's request (client address, Cookie header).
 * - next/cache: revalidatePath does nothing (there is no Next page cache to drop here).
 * - next-intl/server: the messages of the request's language (its language cookie; Chinese without one), as
 *   lib/i18n/request.ts gives them to a page.
 */
vi.mock('next/headers', async () => {
  const { testRequestCookies, testRequestHeaders } = await import('../support/request');
  return { headers: async () => testRequestHeaders(), cookies: async () => testRequestCookies() };
});
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
vi.mock('next-intl/server', async () => {
  const [{ createTranslator }, { catalogue }, { LOCALE_COOKIE }, { testRequestCookies }] = await Promise.all([
    import('next-intl'),
    import('@/lib/i18n/catalogue'),
    import('@/lib/i18n/config'),
    import('../support/request'),
  ]);
  const locale = () => (testRequestCookies().get(LOCALE_COOKIE)?.value === 'en' ? 'en' : 'zh-CN');
  return {
    getLocale: async () => locale(),
    getMessages: async () => catalogue(locale()),
    getTranslations: async (namespace?: string) =>
      createTranslator({ locale: locale(), messages: await catalogue(locale()), ...(namespace ? { namespace: namespace as never } : {}) }),
  };
});

// Each file starts as a visitor without cookies at the default address.
useTestRequest();
