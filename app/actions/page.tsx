import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { listPublicActions } from '@/lib/hotspots/actions';
import { EmptyState } from '../_components/EmptyState';
import { ProgressBar } from './ProgressBar';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('actions'))('title') };
}

/** 每月一题 (issue 17 item 6): every action with its owner and progress, newest first. Nothing of the letters but their number. */
export default async function ActionsPage() {
  const t = await getTranslations('actions');
  const en = (await getLocale()) === 'en';
  const items = await listPublicActions();
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {items.length === 0 ? <EmptyState>{t('empty')}</EmptyState> : (
        <ul className="card-list" data-testid="actions-list">
          {items.map((a) => (
            <li key={a.id} className="card" data-testid="action-card">
              <h2><Link href={a.url} data-user-content="">{a.title}</Link></h2>
              <p>{t('owner')}{en ? ': ' : '：'}<span data-user-content="">{en ? a.owner.nameEn : a.owner.name}</span> · {t('createdOn', { date: a.createdOn })}</p>
              <p>
                <ProgressBar done={a.milestonesDone} total={a.milestonesTotal} text={t('progressValue', { done: a.milestonesDone, total: a.milestonesTotal })} />
                {' · '}{t('letterCount', { count: a.letterCount })}
                {a.nextTargetOn ? <> · {t('nextTarget', { date: a.nextTargetOn })}</> : a.milestonesTotal > 0 ? <> · {t('allDone')}</> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
