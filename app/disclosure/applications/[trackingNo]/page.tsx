import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/session';
import { APPLICATION_READ_LIMIT, getApplication, type ApplicationView } from '@/lib/disclosure/applications';
import { ApplicationDetails } from '../_components/ApplicationDetails';
import { ActionForms } from '../_components/ActionForms';
import { orNotFound } from '@/app/_components/or-not-found';
import { CaseAccountability } from '@/app/_components/CaseAccountability';
import { LiveRefresh } from '@/app/_components/LiveRefresh';
import { chinaDate } from '@/lib/calendar';
import { applicationCaseActionForm } from '../actions';
import { signInHref } from '@/lib/auth/redirect';
import { limitRender } from '@/lib/ratelimit';
import { RateLimited } from '@/app/_components/RateLimited';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('applications'))('detailTitle') };
}

/**
 * An application for its applicant (with the 补正 and withdrawal forms) or for staff (with a link to handle it).
 * Counted as GET /api/v1/disclosure/applications/{trackingNo} is, in the same budget (APPLICATION_READ_LIMIT: the
 * applicant's lookups; staff are not counted).
 */
export default async function ApplicationPage({ params }: { params: Promise<{ trackingNo: string }> }) {
  const { trackingNo } = await params;
  const actor = await currentActor();
  if (!actor.user) redirect(signInHref(`/disclosure/applications/${trackingNo}`));
  const retryAfter = await limitRender(APPLICATION_READ_LIMIT, actor);
  if (retryAfter) return <RateLimited retryAfter={retryAfter} back={{ href: '/workspace/citizen', label: (await getTranslations('applications'))('backToMine') }} />;
  const application: ApplicationView = await orNotFound(getApplication(actor, trackingNo));
  const t = await getTranslations('applications');
  return (
    <article aria-labelledby="application-title">
      <p>
        {application.viewer === 'applicant'
          ? <Link href="/workspace/citizen">{t('backToMine')}</Link>
          : <Link href={`/workspace/moderator/applications/${application.trackingNo}`}>{t('handleLink')}</Link>}
      </p>
      <h1 id="application-title">{t('detailHeading', { no: application.trackingNo })}</h1>
      <LiveRefresh subscribe={{ application: application.trackingNo }} />
      <ApplicationDetails application={application} />
      {application.viewer === 'applicant' ? <ActionForms application={application} heading={t('applicantActions')} /> : null}
      <CaseAccountability view={application.accountability} action={applicationCaseActionForm.bind(null, application.trackingNo)} version={application.version} today={chinaDate(new Date())} />
    </article>
  );
}
