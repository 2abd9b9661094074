import { getTranslations } from 'next-intl/server';
import { StatusPage } from './_components/StatusPage';

export default async function NotFound() {
  const t = await getTranslations('errors');
  return <StatusPage title={t('notFoundTitle')} text={t('notFoundText')} link={{ href: '/', label: t('backHome') }} />;
}
