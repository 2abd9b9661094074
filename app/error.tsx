'use client';

import Link from 'next/link';
import { useErrorTexts } from './_components/ErrorTexts';

/** The 500 page inside the site shell; its texts come from the root layout (ErrorTexts). */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useErrorTexts();
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t?.serverTitle ?? '500'}</h1>
      {t ? <p>{t.serverText}</p> : null}
      <p>
        <button type="button" onClick={reset}>{t?.retry ?? '↻'}</button> <Link href="/">{t?.backHome ?? '/'}</Link>
      </p>
    </section>
  );
}
