import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/session';
import { getConsultationView } from '@/lib/consultations/queries';
import { orNotFound } from '@/app/_components/or-not-found';
import { FeedbackReport } from '../FeedbackReport';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const view = await getConsultationView(await currentActor(), slug).catch(() => null);
  const t = await getTranslations('consultations');
  return { title: view ? `${t('feedbackHeading')} · ${view.title}` : t('title') };
}

/** The feedback report's own page: the catalogue item's address (its source URL) and the link the commenters receive. */
export default async function FeedbackPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const view = await orNotFound(getConsultationView(await currentActor(), slug));
  if (!view.feedback) notFound();
  const t = await getTranslations('consultations');
  return (
    <>
      <p><Link href={`/consultations/${view.slug}`}>{t('backToConsultation')}</Link></p>
      <p className="lead" data-user-content="">{view.title}</p>
      <FeedbackReport view={view} level={1} />
    </>
  );
}
