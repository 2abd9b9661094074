import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getApplication, type ApplicationView } from '@/lib/disclosure/applications';
import { ApplicationDetails } from '@/app/disclosure/applications/_components/ApplicationDetails';
import { ActionForms } from '@/app/disclosure/applications/_components/ActionForms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('applications'))('detailTitle') };
}

/** An application in the disclosure office: everything about it and the actions the lifecycle allows now. */
export default async function HandleApplicationPage({ params }: { params: Promise<{ trackingNo: string }> }) {
  const { trackingNo } = await params;
  const actor = await requirePermission('disclosure.handle', `/workspace/moderator/applications/${trackingNo}`);
  let application: ApplicationView;
  try {
    application = await getApplication(actor, trackingNo);
  } catch (error) {
    if (error instanceof AppError && (error.status === 404 || error.status === 422)) notFound();
    throw error;
  }
  const t = await getTranslations('applications');
  return (
    <article aria-labelledby="application-title">
      <p><Link href="/workspace/moderator/applications">{t('backToQueue')}</Link></p>
      <h1 id="application-title">{t('detailHeading', { no: application.trackingNo })}</h1>
      {application.consultationNote && application.status === 'consulting' ? (
        <p className="notice">{t('consultingNote', { note: application.consultationNote, days: application.remainingDays ?? 0 })}</p>
      ) : null}
      <ActionForms application={application} heading={t('staffActions')} />
      <ApplicationDetails application={application} />
    </article>
  );
}
