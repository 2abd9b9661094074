import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { catalogue } from './catalogue';
import { LOCALE_COOKIE, PAGE_PATH_HEADER } from './config';
import { requestLocale } from './page-locale';
import { forFormatter } from './precompile';

export default getRequestConfig(async () => {
  // The visitor's choice (the cookie), else a page's own (an invitation's language): lib/i18n/page-locale.ts.
  const locale = await requestLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get(PAGE_PATH_HEADER));
  // Compiled once per locale when the app's formatter takes precompiled messages (lib/i18n/precompile.ts).
  const messages = forFormatter(await catalogue(locale));
  return { locale, messages, timeZone: 'Asia/Shanghai' };
});
