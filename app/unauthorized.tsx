import { getTranslations } from 'next-intl/server';
import { StatusPage } from './_components/StatusPage';

/**
 * What `unauthorized()` shows. The pages send visitors to /login instead, but with authInterrupts on Next puts this
 * boundary into every page's payload: without this file its own English page with inline styles (~1.2 KB per page).
 */
export default async function Unauthorized() {
  const t = await getTranslations('errors');
  return <StatusPage title={t('unauthorizedTitle')} text={t('unauthorizedText')} link={{ href: '/login', label: t('signIn') }} />;
}
