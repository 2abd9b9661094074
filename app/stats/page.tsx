import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { EmptyState } from '../_components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('stats'))('title') };
}

export default async function StatsPage() {
  const t = await getTranslations('stats');
  const empty = await getTranslations('empty');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <EmptyState>{empty('stats')}</EmptyState>
    </>
  );
}
