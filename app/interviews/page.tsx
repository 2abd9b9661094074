import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { EmptyState } from '../_components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('interviews'))('title') };
}

export default async function InterviewsPage() {
  const t = await getTranslations('interviews');
  const empty = await getTranslations('empty');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {(['live', 'upcoming', 'past'] as const).map((section) => (
        <section key={section} aria-labelledby={`interviews-${section}`}>
          <h2 id={`interviews-${section}`}>{t(section)}</h2>
          <EmptyState>{empty('interviews')}</EmptyState>
        </section>
      ))}
    </>
  );
}
