import { Marked } from '@/app/_components/Marked';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { assignedQuestions } from '@/lib/interviews/queries';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';
import { formatDateTime, formatDay } from '../../moderator/interviews/_shared/format';
import { AnswerEditor, DeskNotices } from '../interviews/[id]/DeskForms';
import { AssignedLive } from './AssignedLive';
import '../../moderator/interviews/_shared/interviews-staff.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('interviewsManage.assigned'))('title') };
}

/**
 * 会后待答复问题: the leftover questions moderators assigned to the signed-in leader, across interviews, by due
 * date with an overdue mark; each is answered right here with the desk's autosaving editor. 已答复 lists the
 * answered ones. Re-renders when a new assignment's notification arrives.
 */
export default async function AssignedQuestions({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.leader', '/workspace/leader/questions');
  const t = await getTranslations('interviewsManage.assigned');
  const locale = await getLocale();
  const query = await searchParams;
  const status = query.status === 'answered' ? 'answered' : 'open';
  let list: Awaited<ReturnType<typeof assignedQuestions>>;
  try {
    list = await assignedQuestions(actor, { status, page: typeof query.page === 'string' ? query.page : undefined });
  } catch (error) {
    if (error instanceof AppError && error.status === 422) notFound();
    throw error;
  }
  const tabs = [
    { key: 'open', href: '/workspace/leader/questions', label: t('tabOpen', { count: list.counts.open }) },
    { key: 'answered', href: '/workspace/leader/questions?status=answered', label: t('tabAnswered', { count: list.counts.answered }) },
  ] as const;

  return (
    <>
      <p><Link href="/workspace/leader">{t('back')}</Link></p>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <AssignedLive />
      <nav aria-label={t('filter')} className="button-row">
        {tabs.map((tab) => (
          <Link key={tab.key} href={tab.href} aria-current={status === tab.key ? 'page' : undefined}>{tab.label}</Link>
        ))}
      </nav>
      {status === 'open' && list.counts.overdue ? (
        <p><span className="tag tag-danger" data-testid="overdue-count">{t('overdueCount', { count: list.counts.overdue })}</span></p>
      ) : null}

      <DeskNotices>
      {list.items.length ? (
        <ul className="question-list">
          {list.items.map((q) => (
            <li key={q.id}>
              <article className="question-card" data-testid="assigned-question" data-status={q.status} data-overdue={q.overdue} aria-labelledby={`aq-${q.id}`}>
                <p className="message-meta">
                  <Link href={`/workspace/leader/interviews/${q.interview.id}`} data-user-content="">{q.interview.title}</Link>
                  {' · '}<Marked text={t('askedBy', { name: q.asker, time: formatDateTime(q.askedAt, locale) })} user={[q.asker]} />
                </p>
                <p className="prewrap question-body" id={`aq-${q.id}`} data-user-content="">{q.body}</p>
                <p className="message-meta" data-testid="due">
                  {t('due', { date: formatDay(q.dueOn, locale) })}
                  {q.overdue ? <> <span className="tag tag-danger">{t('overdue')}</span></> : null}
                </p>
                {q.status === 'approved' ? (
                  <AnswerEditor interviewId={q.interview.id} questionId={q.id} question={q.body} draft={q.draft} />
                ) : (
                  <p><Link href={`/interviews/${q.interview.slug}`}>{t('seePublic')}</Link></p>
                )}
              </article>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState>{status === 'open' ? t('emptyOpen') : t('emptyAnswered')}</EmptyState>
      )}
      </DeskNotices>
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} basePath="/workspace/leader/questions" query={{ status: status === 'answered' ? 'answered' : undefined }} />
    </>
  );
}
