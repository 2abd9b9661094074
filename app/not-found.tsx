import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('errors');
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t('notFoundTitle')}</h1>
      <p>{t('notFoundText')}</p>
      <p><Link href="/">{t('backHome')}</Link></p>
    </section>
  );
}
