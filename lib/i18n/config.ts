/** zh-CN first; English as the second language. The choice is a cookie so the server renders the right one. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_COOKIE = 'minsheng-locale';
/** The request's path, set by proxy.ts for the language of a page that chose one (lib/i18n/request.ts). */
export const PAGE_PATH_HEADER = 'x-minsheng-path';
/** 长辈模式 (larger text, higher contrast) is remembered the same way. */
export const ELDER_COOKIE = 'minsheng-elder';

export function toLocale(value: string | undefined): Locale {
  return (LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : DEFAULT_LOCALE;
}
