import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getOrganisation, listDepartments } from '@/lib/accounts/departments';
import { db } from '@/lib/db';
import { EmptyState } from './_components/EmptyState';

export default async function HomePage() {
  const t = await getTranslations();
  const locale = await getLocale();
  const [org, departments] = await Promise.all([getOrganisation(db()), listDepartments(db())]);
  const bureau = org ? (locale === 'en' ? org.nameEn || org.name : org.name) : t('site.defaultBureau');
  return (
    <>
      <h1>{t('home.title', { bureau })}</h1>
      <p className="lead">{t('home.intro')}</p>
      <ul className="cards">
        <li className="card">
          <h2><Link href="/letters">{t('home.lettersTitle')}</Link></h2>
          <p>{t('home.lettersText')}</p>
        </li>
        <li className="card">
          <h2><Link href="/interviews">{t('home.interviewsTitle')}</Link></h2>
          <p>{t('home.interviewsText')}</p>
        </li>
        <li className="card">
          <h2><Link href="/disclosure">{t('home.disclosureTitle')}</Link></h2>
          <p>{t('home.disclosureText')}</p>
        </li>
      </ul>
      <section aria-labelledby="home-departments">
        <h2 id="home-departments">{t('home.departments')}</h2>
        {departments.length === 0 ? (
          <EmptyState>{t('home.noDepartments')}</EmptyState>
        ) : (
          <ul className="cards">
            {departments.map((d) => (
              <li key={d.id} className="card">
                <h3>{locale === 'en' ? d.nameEn : d.name}</h3>
                <p>{d.duties}</p>
                {d.phone ? <p>☎ {d.phone}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
