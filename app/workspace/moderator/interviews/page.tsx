import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { listDepartments } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { listLeaders } from '@/lib/interviews/guests';
import { listInterviews, type InterviewSummary } from '@/lib/interviews/queries';
import { EmptyState } from '@/app/_components/EmptyState';
import { guestLine, StatusTag } from './_shared/InterviewParts';
import { formatRange } from './_shared/format';
import { CreateInterviewForm } from './CreateInterviewForm';
import { LifecycleForm } from './LifecycleForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('interviewsStaff.manage'))('title') };
}

/** 访谈管理: every interview including drafts, each with its next lifecycle step, and the form to schedule one. */
export default async function InterviewManagement() {
  const actor = await requirePermission('workspace.moderator', '/workspace/moderator/interviews');
  const t = await getTranslations('interviewsStaff');
  const tm = await getTranslations('interviewsManage.edit');
  const locale = await getLocale();
  const en = locale === 'en';
  const [lists, leaders, departments] = await Promise.all([listInterviews({ includeDrafts: true }), listLeaders(actor), listDepartments(db())]);
  const groups = [
    { key: 'live', items: lists.live },
    { key: 'upcoming', items: lists.upcoming },
    { key: 'draft', items: lists.draft },
    { key: 'past', items: lists.past },
  ] as const;
  const total = groups.reduce((n, g) => n + g.items.length, 0);

  const item = (i: InterviewSummary) => (
    <li key={i.id} className="interview-item" data-testid="interview-item">
      <h3><Link href={`/workspace/moderator/interviews/${i.id}`} data-user-content="">{i.title}</Link></h3>
      <p><StatusTag status={i.status} /> {formatRange(i.scheduledStart, i.scheduledEnd, locale)}</p>
      <p>{t('facts.guests')}{t('labelSeparator')}{guestLine(i.guests, (v) => t('guestWithTitle', v), t('guestSeparator'))}{i.department ? <> · <span data-user-content="">{i.department}</span></> : null}</p>
      {i.status === 'draft' || i.status === 'announced' ? (
        <p><Link href={`/workspace/moderator/interviews/${i.id}/edit`} aria-label={tm('linkFor', { title: i.title })}>{tm('link')}</Link></p>
      ) : null}
      <LifecycleForm interviewId={i.id} status={i.status} title={i.title} />
    </li>
  );

  return (
    <>
      <p><Link href="/workspace/moderator">{t('manage.back')}</Link></p>
      <h1>{t('manage.title')}</h1>
      <p className="lead">{t('manage.intro')}</p>
      <p><a href="#create-interview">{t('manage.jumpToCreate')}</a></p>

      {total === 0 ? <EmptyState>{t('manage.empty')}</EmptyState> : null}
      {groups.map((g) =>
        g.items.length ? (
          <section key={g.key} aria-labelledby={`interviews-${g.key}`}>
            <h2 id={`interviews-${g.key}`}>{t(`manage.groups.${g.key}`, { count: g.items.length })}</h2>
            <ul className="interview-list">{g.items.map(item)}</ul>
          </section>
        ) : null,
      )}

      <section aria-labelledby="create-interview">
        <h2 id="create-interview">{t('create.heading')}</h2>
        <p>{t('create.intro')}</p>
        <CreateInterviewForm
          leaders={leaders}
          departments={departments.map((d) => ({ id: d.id, name: en ? d.nameEn : d.name }))}
        />
      </section>
    </>
  );
}
