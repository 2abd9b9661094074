import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/**
 * What `unauthorized()` shows. The pages send visitors to /login instead, but with authInterrupts on Next puts this
 * boundary into every page's payload: without this file its own English page with inline styles (~1.2 KB per page).
 */
export default async function Unauthorized() {
  const t = await getTranslations('errors');
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t('unauthorizedTitle')}</h1>
      <p>{t('unauthorizedText')}</p>
      <p><Link href="/login">{t('signIn')}</Link></p>
    </section>
  );
}
