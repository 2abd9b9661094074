import { getTranslations } from 'next-intl/server';
import { StatusPage } from './_components/StatusPage';

export default async function Forbidden() {
  const t = await getTranslations('errors');
  return <StatusPage title={t('forbiddenTitle')} text={t('forbiddenText')} link={{ href: '/', label: t('backHome') }} />;
}
