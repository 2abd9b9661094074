import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, toLocale } from './config';

export default getRequestConfig(async () => {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  const messages = locale === 'en' ? (await import('./messages/en.json')).default : (await import('./messages/zh-CN.json')).default;
  return { locale, messages, timeZone: 'Asia/Shanghai' };
});
