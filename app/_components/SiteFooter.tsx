import { getLocale, getTranslations } from 'next-intl/server';
import type { OrganisationView } from '@/lib/accounts/departments';

/**
 * The bureau's contact block, as every government site carries it. The profile's fields are the bureau's own words
 * (an address, office hours): marked `data-user-content` (e2e/english.spec.ts); its name in English when it has one.
 */
export async function SiteFooter({ org }: { org: OrganisationView | null }) {
  const t = await getTranslations('footer');
  const en = (await getLocale()) === 'en';
  return (
    <footer className="site-footer">
      <div className="container footer-inner">
        {org ? (
          <section aria-labelledby="footer-contact">
            <h2 id="footer-contact">{t('contact')}</h2>
            <dl className="contact">
              {/* A field the organisation profile leaves empty (e.g. right after setup) is not shown. */}
              {org.address ? <div><dt>{t('address')}</dt><dd><span data-user-content="">{org.address}</span>{org.postcode ? (en ? ` (${t('postcode')} ${org.postcode})` : `（${t('postcode')} ${org.postcode}）`) : ''}</dd></div> : null}
              {org.phone ? <div><dt>{t('phone')}</dt><dd><a href={`tel:${org.phone}`}>{org.phone}</a></dd></div> : null}
              {org.email ? <div><dt>{t('email')}</dt><dd><a href={`mailto:${org.email}`}>{org.email}</a></dd></div> : null}
              {org.officeHours ? <div><dt>{t('hours')}</dt><dd data-user-content="">{org.officeHours}</dd></div> : null}
              {org.disclosureOffice ? <div><dt>{t('office')}</dt><dd data-user-content="">{org.disclosureOffice}</dd></div> : null}
            </dl>
          </section>
        ) : null}
        <div className="footer-about">
          {org ? <p>{t('sponsor', { name: (en && org.nameEn) || org.name })}</p> : null}
          <p>{t('about')}</p>
        </div>
      </div>
    </footer>
  );
}
