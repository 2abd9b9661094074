import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { getAccountabilitySettings } from '@/lib/accountability/settings';
import { AccountabilitySettingsForm } from './SettingsForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('accountabilityAdmin'))('title') };
}

export default async function AccountabilitySettingsPage() {
  const actor = await requirePermission('workspace.admin', '/workspace/admin/accountability');
  const t = await getTranslations('accountabilityAdmin');
  const settings = await getAccountabilitySettings(actor);
  return (
    <>
      <p><Link href="/workspace/admin">{t('backToAdmin')}</Link></p>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <AccountabilitySettingsForm settings={settings} />
    </>
  );
}
