import { getTranslations } from 'next-intl/server';
import { can } from '@/lib/auth/permissions';
import { currentActor } from '@/lib/auth/session';
import { NavLinks } from '@/app/_components/NavLinks';

/** The moderator's sections, on every page of the workspace (pages guard themselves; others see no menu). */
export default async function ModeratorLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  if (!can(actor, 'workspace.moderator')) return children;
  const t = await getTranslations('moderatorNav');
  const items = [
    { href: '/workspace/moderator', label: t('letters') },
    { href: '/workspace/moderator/interviews', label: t('interviews') },
    { href: '/workspace/moderator/consultations', label: t('consultations') },
    { href: '/workspace/moderator/archive', label: t('archive') },
    { href: '/workspace/moderator/disclosure', label: t('disclosure') },
    { href: '/workspace/moderator/applications', label: t('applications') },
    { href: '/workspace/moderator/annual-report', label: t('annualReport') },
  ];
  return (
    <>
      <NavLinks items={items} label={t('label')} className="section-nav" exact={['/workspace/moderator']} />
      {children}
    </>
  );
}
