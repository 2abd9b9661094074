import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { catalogue } from './catalogue';
import { LOCALE_COOKIE, toLocale } from './config';
import { forFormatter } from './precompile';

export default getRequestConfig(async () => {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  // Compiled once per locale when the app's formatter takes precompiled messages (lib/i18n/precompile.ts).
  const messages = forFormatter(await catalogue(locale));
  return { locale, messages, timeZone: 'Asia/Shanghai' };
});
