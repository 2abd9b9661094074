import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { getPublicCatalogueItem } from '@/lib/disclosure/catalogue';
import { ConsultationOrigin } from '@/app/consultations/ConsultationOrigin';

type Props = { params: Promise<{ id: string }> };

async function load(id: string) {
  // Public ids and index numbers are short ASCII; anything else cannot exist.
  if (!/^[A-Za-z0-9-]{1,80}$/.test(id)) return null;
  return getPublicCatalogueItem(db(), id);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const item = await load((await params).id);
  return { title: item?.title ?? (await getTranslations('disclosure'))('title') };
}

/** One catalogue item (items made by the platform, e.g. archive entries, link to their own page instead). */
export default async function CatalogueItemPage({ params }: Props) {
  const item = await load((await params).id);
  if (!item) notFound();
  const t = await getTranslations('disclosure');
  const en = (await getLocale()) === 'en';
  return (
    <article>
      <p><Link href="/disclosure">{t('title')}</Link></p>
      <h1>{item.interpretation ? <><span className="tag">{t('interpretationBadge')}</span>{' '}</> : null}<span data-user-content="">{item.title}</span></h1>
      {item.interprets ? (
        <p className="notice" data-testid="interprets">
          {t('interprets')}{en ? ': ' : '：'}<Link href={item.interprets.url} data-user-content="">{item.interprets.title}</Link>
          {' '}<span className="code">{en ? `(${item.interprets.indexNo})` : `（${item.interprets.indexNo}）`}</span>
        </p>
      ) : null}
      {item.interpretations.length ? (
        <div className="notice" data-testid="interpretations">
          {t('interpretations')}{en ? ': ' : '：'}
          {item.interpretations.length === 1 ? (
            <Link href={item.interpretations[0]!.url} data-user-content="">{item.interpretations[0]!.title}</Link>
          ) : (
            <ul>
              {item.interpretations.map((i) => (
                <li key={i.id}><Link href={i.url} data-user-content="">{i.title}</Link> <span className="code">{en ? `(${i.indexNo})` : `（${i.indexNo}）`}</span></li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      <ConsultationOrigin itemId={item.id} />
      <dl className="facts">
        <div><dt>{t('colIndexNo')}</dt><dd className="code">{item.indexNo}</dd></div>
        <div><dt>{t('colCategory')}</dt><dd>{en ? item.category.nameEn : item.category.name}</dd></div>
        <div><dt>{t('colPublisher')}</dt><dd data-user-content="">{item.publisher}</dd></div>
        <div><dt>{t('colCreatedOn')}</dt><dd>{item.createdOn}</dd></div>
        <div><dt>{t('colPublishedOn')}</dt><dd>{item.publishedOn}</dd></div>
        <div><dt>{t('attribute')}</dt><dd>{t('proactive')}</dd></div>
      </dl>
      <h2>{t('summary')}</h2>
      <p className="prewrap" data-user-content="">{item.summary}</p>
      {item.body ? <div className="prewrap" data-user-content="">{item.body}</div> : null}
      {item.attachment ? (
        <p>
          {t('attachment')}{en ? ': ' : '：'}<a href={`/disclosure/files/${item.attachment.id}`} download data-user-content="">{item.attachment.fileName}</a>
          {en ? ` (${(item.attachment.sizeBytes / 1024).toFixed(0)} KB, PDF)` : ` （${(item.attachment.sizeBytes / 1024).toFixed(0)} KB, PDF）`}
        </p>
      ) : null}
      {item.url !== `/disclosure/items/${item.id}` ? <p><Link href={item.url}>{t('readSource')}</Link></p> : null}
    </article>
  );
}
