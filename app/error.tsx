'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';

/** The 500 page inside the site shell. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('errors');
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t('serverTitle')}</h1>
      <p>{t('serverText')}</p>
      <p>
        <button type="button" onClick={reset}>{t('retry')}</button> <Link href="/">{t('backHome')}</Link>
      </p>
    </section>
  );
}
