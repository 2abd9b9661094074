import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { getOrganisation } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { chinaDate } from '@/lib/calendar';
import { db } from '@/lib/db';
import { categoryTree } from '@/lib/disclosure/categories';
import { CatalogueItemForm } from '../DisclosureForms';
import { categoryOptions } from '../categories';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('disclosureStaff'))('newItem') };
}

export default async function NewCatalogueItemPage() {
  await requirePermission('disclosure.publish', '/workspace/moderator/disclosure/new');
  const t = await getTranslations('disclosureStaff');
  const en = (await getLocale()) === 'en';
  const [tree, org] = await Promise.all([categoryTree(db()), getOrganisation(db())]);
  return (
    <>
      <h1>{t('newItem')}</h1>
      <p className="lead">{t('newItemIntro')}</p>
      <CatalogueItemForm
        categories={categoryOptions(tree, en)}
        initial={{ categoryCode: '', title: '', summary: '', body: '', publisher: org?.name ?? '', attribute: 'proactive', generatedOn: chinaDate(new Date()), interprets: '' }}
      />
    </>
  );
}
