import { getLocale, getTranslations } from 'next-intl/server';
import type { OrganisationView } from '@/lib/accounts/departments';
import { SiteFooterView, type SiteFooterTexts } from './SiteFooterView';

/**
 * The bureau's contact block, as every government site carries it. The profile's fields are the bureau's own words
 * (an address, office hours); its name in English when it has one. Translated here, drawn by SiteFooterView.tsx.
 */
export async function SiteFooter({ org }: { org: OrganisationView | null }) {
  const t = await getTranslations('footer');
  const en = (await getLocale()) === 'en';
  const texts: SiteFooterTexts = { contact: t('contact'), about: t('about') };
  if (org) {
    // A field the organisation profile leaves empty (e.g. right after setup) is not shown.
    if (org.address) texts.address = [t('address'), org.address, org.postcode ? (en ? ` (${t('postcode')} ${org.postcode})` : `（${t('postcode')} ${org.postcode}）`) : ''];
    if (org.phone) texts.phone = [t('phone'), org.phone];
    if (org.email) texts.email = [t('email'), org.email];
    if (org.officeHours) texts.hours = [t('hours'), org.officeHours];
    if (org.disclosureOffice) texts.office = [t('office'), org.disclosureOffice];
    texts.sponsor = t('sponsor', { name: (en && org.nameEn) || org.name });
  }
  return <SiteFooterView texts={texts} org={Boolean(org)} />;
}
