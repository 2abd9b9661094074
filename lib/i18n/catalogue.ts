import type { Locale } from './config';

/** A locale's message catalogue as written (raw ICU strings). */
export async function catalogue(locale: Locale) {
  return locale === 'en' ? (await import('./messages/en.json')).default : (await import('./messages/zh-CN.json')).default;
}
