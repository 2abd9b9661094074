import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getOrganisation } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { getDisclosurePage } from '@/lib/disclosure/pages';
import { DisclosurePageForm, OfficeContactForm } from '../DisclosureForms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('disclosureStaff'))('editPages') };
}

/** 政府信息公开指南 / 制度 and the office's contact block. */
export default async function DisclosurePagesEditor() {
  await requirePermission('disclosure.publish', '/workspace/moderator/disclosure/pages');
  const t = await getTranslations('disclosureStaff');
  const [guide, rules, org] = await Promise.all([getDisclosurePage('guide'), getDisclosurePage('rules'), getOrganisation(db())]);
  return (
    <>
      <h1>{t('editPages')}</h1>
      <section aria-labelledby="edit-office">
        <h2 id="edit-office">{t('officeHeading')}</h2>
        <OfficeContactForm initial={{
          disclosureOffice: org?.disclosureOffice ?? '', address: org?.address ?? '', postcode: org?.postcode ?? '',
          phone: org?.phone ?? '', email: org?.email ?? '', officeHours: org?.officeHours ?? '',
        }} />
      </section>
      {[guide, rules].map((page) => (
        <section key={page.key} aria-labelledby={`edit-${page.key}`}>
          <h2 id={`edit-${page.key}`}>{page.title}</h2>
          <DisclosurePageForm pageKey={page.key} title={page.title} body={page.body} version={page.version} />
        </section>
      ))}
    </>
  );
}
