import { withReportLabels } from '../disclosure/annual-labels';
import type { Locale } from './config';

const merged = new Map<Locale, Record<string, unknown>>();

/**
 * A locale's message catalogue as written (raw ICU strings), with the annual report's table labels put in
 * (annualReport.*, applications.actions.reasonOption.*): those are written once, in lib/disclosure/annual-labels.ts,
 * which the report's client table views import too. One object per locale (lib/i18n/precompile.ts compiles it once).
 */
export async function catalogue(locale: Locale) {
  const raw = locale === 'en' ? (await import('./messages/en.json')).default : (await import('./messages/zh-CN.json')).default;
  let messages = merged.get(locale);
  if (!messages) merged.set(locale, (messages = withReportLabels(raw, locale)));
  return messages as typeof raw;
}
