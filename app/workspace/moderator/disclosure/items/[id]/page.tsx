import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { categoryTree } from '@/lib/disclosure/categories';
import { getStaffCatalogueItem } from '@/lib/disclosure/manage';
import { CatalogueItemActionForm, CatalogueItemForm } from '../../DisclosureForms';
import { categoryOptions } from '../../categories';
import { orNotFound } from '@/app/_components/or-not-found';
import { dateTimeFormat } from '@/lib/calendar/date-format';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('disclosureStaff'))('editItem') };
}

export default async function CatalogueItemEditPage({ params, searchParams }: Props) {
  const { id } = await params;
  const actor = await requirePermission('disclosure.publish', `/workspace/moderator/disclosure/items/${id}`);
  const t = await getTranslations('disclosureStaff');
  const en = (await getLocale()) === 'en';
  const item = await orNotFound(getStaffCatalogueItem(actor, id));
  const created = (await searchParams).created === '1';
  const tree = await categoryTree(db());
  return (
    <>
      <p><Link href="/workspace/moderator/disclosure">{t('heading')}</Link></p>
      <h1>{item.title}</h1>
      {created ? <p className="notice" role="status">{t('createdNotice', { indexNo: item.indexNo })}</p> : null}
      <dl className="facts">
        <div><dt>{t('colIndexNo')}</dt><dd className="code" data-testid="index-no">{item.indexNo}</dd></div>
        <div><dt>{t('status')}</dt><dd>{t(`statuses.${item.status}`)}{item.withdrawReason ? `（${item.withdrawReason}）` : ''}</dd></div>
        <div><dt>{t('attribute')}</dt><dd>{t(`attributes.${item.attribute}`)}</dd></div>
        <div><dt>{t('version')}</dt><dd>{item.version}</dd></div>
        {item.interprets ? (
          <div>
            <dt>{t('interpretsLine')}</dt>
            <dd data-testid="staff-interprets">
              <Link href={`/workspace/moderator/disclosure/items/${item.interprets.id}`}>{item.interprets.title}</Link>
              {' '}<span className="code">{item.interprets.indexNo}</span>{item.interprets.status !== 'published' ? `（${t(`statuses.${item.interprets.status}`)}）` : ''}
            </dd>
          </div>
        ) : null}
        {item.interpretations.length ? (
          <div>
            <dt>{t('interpretationsLine')}</dt>
            <dd>
              <ul>
                {item.interpretations.map((i) => (
                  <li key={i.id}>
                    <Link href={`/workspace/moderator/disclosure/items/${i.id}`}>{i.title}</Link> <span className="code">{i.indexNo}</span>（{t(`statuses.${i.status}`)}）
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
      {item.status === 'published' && item.attribute === 'proactive' ? <p><Link href={`/disclosure/items/${item.id}`}>{t('viewPublic')}</Link></p> : null}
      {item.sourceUrl ? (
        <p className="notice">{t('platformItem')} <Link href={item.sourceUrl}>{item.sourceUrl}</Link></p>
      ) : (
        <>
          <section aria-labelledby="item-state">
            <h2 id="item-state">{item.status === 'published' ? t('withdraw') : t('publish')}</h2>
            <CatalogueItemActionForm itemId={item.id} version={item.version} status={item.status} />
          </section>
          <section aria-labelledby="item-edit">
            <h2 id="item-edit">{t('editItem')}</h2>
            <CatalogueItemForm
              itemId={item.id}
              version={item.version}
              categories={categoryOptions(tree, en)}
              attachment={item.attachment}
              interpretsTitle={item.interprets?.title}
              initial={{ categoryCode: item.categoryCode, title: item.title, summary: item.summary, body: item.body, publisher: item.publisher, attribute: item.attribute, generatedOn: item.generatedOn, interprets: item.interprets?.indexNo ?? '' }}
            />
          </section>
        </>
      )}
      <section aria-labelledby="item-versions">
        <h2 id="item-versions">{t('versions')}</h2>
        <ol reversed>
          {item.versions.map((v) => (
            <li key={v.version}>
              {t('versionLine', { version: v.version, title: v.title, at: dateTimeFormat(en ? 'en' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).format(v.editedAt) })}
              {v.note ? `（${v.note}）` : ''}
              {v.interprets ? ` · ${t('versionInterprets', { indexNo: v.interprets })}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
