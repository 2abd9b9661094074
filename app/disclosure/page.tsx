import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { getOrganisation } from '@/lib/accounts/departments';
import { db } from '@/lib/db';
import { categoryTree, type CategoryNode } from '@/lib/disclosure/categories';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('disclosure'))('title') };
}

function CategoryList({ nodes, en }: { nodes: CategoryNode[]; en: boolean }) {
  return (
    <ul>
      {nodes.map((n) => (
        <li key={n.code}>
          <span className="code">{n.code}</span>
          {en ? n.nameEn : n.name}
          {n.children.length ? <CategoryList nodes={n.children} en={en} /> : null}
        </li>
      ))}
    </ul>
  );
}

export default async function DisclosurePage() {
  const t = await getTranslations('disclosure');
  const en = (await getLocale()) === 'en';
  const [org, tree] = await Promise.all([getOrganisation(db()), categoryTree(db())]);
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <section aria-labelledby="disclosure-guide">
        <h2 id="disclosure-guide">{t('guide')}</h2>
        {org ? (
          <p>
            {t('office')}：{org.disclosureOffice}；{org.address}；{org.phone}；{org.officeHours}
          </p>
        ) : null}
        <h3>{t('timeLimits')}</h3>
        <ul>
          <li>{t('proactiveLimit')}</li>
          <li>{t('applicationLimit')}</li>
        </ul>
      </section>
      <section aria-labelledby="disclosure-catalogue">
        <h2 id="disclosure-catalogue">{t('catalogue')}</h2>
        <div className="tree">
          <CategoryList nodes={tree} en={en} />
        </div>
      </section>
    </>
  );
}
