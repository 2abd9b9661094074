import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function Forbidden() {
  const t = await getTranslations('errors');
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t('forbiddenTitle')}</h1>
      <p>{t('forbiddenText')}</p>
      <p><Link href="/">{t('backHome')}</Link></p>
    </section>
  );
}
