import { getTranslations } from 'next-intl/server';
import type { ApiFormTexts } from './ApiForm';

/** ApiForm's own words in the request's language, for a server page to hand to its forms (no client catalogue needed). */
export async function apiFormTexts(): Promise<ApiFormTexts> {
  const t = await getTranslations('apiForm');
  // `{status}` stays a placeholder: the form fills it in with the answer's status.
  return { failed: t('failed'), network: t('network'), http: t('http', { status: '{status}' }) };
}
