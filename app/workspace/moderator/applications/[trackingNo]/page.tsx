import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { getApplication, type ApplicationView } from '@/lib/disclosure/applications';
import { ApplicationDetails } from '@/app/disclosure/applications/_components/ApplicationDetails';
import { ActionForms } from '@/app/disclosure/applications/_components/ActionForms';
import { orNotFound } from '@/app/_components/or-not-found';
import { CaseAccountability } from '@/app/_components/CaseAccountability';
import { LiveRefresh } from '@/app/_components/LiveRefresh';
import { applicationCaseActionForm } from '@/app/disclosure/applications/actions';
import { chinaDate } from '@/lib/calendar';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('applications'))('detailTitle') };
}

/**
 * An application in the disclosure office: everything about it, the actions the lifecycle allows now, and the
 * supervisors' 督办 and 回访 (the same forms and action as the public application page shows staff).
 */
export default async function HandleApplicationPage({ params }: { params: Promise<{ trackingNo: string }> }) {
  const { trackingNo } = await params;
  const actor = await requirePermission('disclosure.handle', `/workspace/moderator/applications/${trackingNo}`);
  const application: ApplicationView = await orNotFound(getApplication(actor, trackingNo));
  const t = await getTranslations('applications');
  return (
    <article aria-labelledby="application-title">
      <p><Link href="/workspace/moderator/applications">{t('backToQueue')}</Link></p>
      <h1 id="application-title">{t('detailHeading', { no: application.trackingNo })}</h1>
      <LiveRefresh subscribe={{ application: application.trackingNo }} />
      {application.consultationNote && application.status === 'consulting' ? (
        <p className="notice">{t('consultingNote', { note: application.consultationNote, days: application.remainingDays ?? 0 })}</p>
      ) : null}
      <ActionForms application={application} heading={t('staffActions')} />
      <CaseAccountability view={application.accountability} action={applicationCaseActionForm.bind(null, application.trackingNo)} version={application.version} today={chinaDate(new Date())} />
      <ApplicationDetails application={application} />
    </article>
  );
}
