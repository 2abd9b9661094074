import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getOrganisationProfile } from '@/lib/accounts/organisation';
import { requirePermission } from '@/lib/auth/session';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { saveOrganisation } from '../settings-actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('organisationUi'))('title') };
}

/** The organisation profile: names, the index-number code and the contact block every page's footer shows. */
export default async function OrganisationPage() {
  const actor = await requirePermission('admin.organisation', '/workspace/admin/organisation');
  const [org, t] = await Promise.all([getOrganisationProfile(actor), getTranslations('organisationUi')]);
  return (
    <>
      <p><Link href="/workspace/admin">{t('back')}</Link></p>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <SimpleForm
        action={saveOrganisation}
        idPrefix="org"
        submit={t('submit')}
        okText={t('saved')}
        fields={[
          { name: 'name', label: t('name'), value: org.name, required: true },
          { name: 'nameEn', label: t('nameEn'), value: org.nameEn, hint: t('nameEnHint') },
          { name: 'code', label: t('code'), value: org.code, required: true, hint: t('codeHint') },
          { name: 'address', label: t('address'), value: org.address },
          { name: 'postcode', label: t('postcode'), value: org.postcode, hint: t('postcodeHint') },
          { name: 'phone', label: t('phone'), type: 'tel', value: org.phone },
          { name: 'email', label: t('email'), type: 'email', value: org.email },
          { name: 'officeHours', label: t('officeHours'), value: org.officeHours },
          { name: 'disclosureOffice', label: t('disclosureOffice'), value: org.disclosureOffice },
        ]}
      />
    </>
  );
}
