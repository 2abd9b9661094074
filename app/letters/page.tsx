import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { EmptyState } from '../_components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('letters'))('title') };
}

// The legal defaults of DESIGN.md §4; admins will be able to change them per kind.
const LIMITS = [
  { kind: 'inquiry', days: 5 },
  { kind: 'suggestion', days: 10 },
  { kind: 'complaint', days: 15 },
] as const;

export default async function LettersPage() {
  const t = await getTranslations('letters');
  const empty = await getTranslations('empty');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <p>
        <Link className="button" href="/letters/new">我要写信</Link>{' '}
        <Link className="button button-secondary" href="/letters/lookup">来信查询</Link>
      </p>
      <section aria-labelledby="letter-kinds">
        <h2 id="letter-kinds">{t('kinds')}</h2>
        <ul className="cards">
          {LIMITS.map((l) => (
            <li key={l.kind} className="card">
              <h3>{t(l.kind)}</h3>
              <p>{t('days', { count: l.days })}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="letter-public">
        <h2 id="letter-public">{t('public')}</h2>
        <EmptyState>{empty('letters')}</EmptyState>
      </section>
    </>
  );
}
