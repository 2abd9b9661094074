import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { chinaDate } from '@/lib/calendar';
import { ApplyForm } from '@/app/disclosure/apply/ApplyForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('applicationIntake'))('title') };
}

/**
 * 代为登记政府信息公开申请 (issue 17): a handler or moderator enters an application received on paper, in person, by
 * telephone, e-mail or a 12345 transfer — the public application form with the channel, received date and e-mail
 * (lib/disclosure/intake.ts); then the printable receipt.
 */
export default async function ApplicationIntakePage() {
  await requirePermission('disclosure.intake', '/workspace/disclosure/intake');
  const t = await getTranslations('applicationIntake');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <ApplyForm defaultName="" intake={{ today: chinaDate(new Date()) }} />
    </>
  );
}
