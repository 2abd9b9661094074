import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LookupForm } from './LookupForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('letterLookup'))('title') };
}

/**
 * Anyone with the tracking number and the 6-digit query code follows a letter without signing in. The form posts
 * (LookupForm → actions.ts); an old link's ?trackingNo= fills the number in, a ?code= in a link is never used.
 */
export default async function LookupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const t = await getTranslations('letterLookup');
  const trackingNo = typeof params.trackingNo === 'string' ? params.trackingNo.trim().slice(0, 20) : '';
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <LookupForm trackingNo={trackingNo} />
    </>
  );
}
