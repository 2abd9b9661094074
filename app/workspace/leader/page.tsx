import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { assignedQuestions, listInterviews } from '@/lib/interviews/queries';
import { EmptyState } from '@/app/_components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('workspaces'))('leader') };
}

export default async function LeaderWorkspace() {
  const actor = await requirePermission('workspace.leader', '/workspace/leader');
  const t = await getTranslations();
  const [lists, assigned] = await Promise.all([listInterviews({ includeDrafts: true }), assignedQuestions(actor)]);
  const isMine = (i: { guests: Array<{ id: string }> }) => i.guests.some((g) => g.id === actor.user.publicId);
  // Current ones, then the five most recent past ones; the full list is on /workspace/leader/interviews.
  const mine = [...lists.live, ...lists.upcoming, ...lists.draft].filter(isMine).concat(lists.past.filter(isMine).slice(0, 5));
  return (
    <>
      <h1>{t('workspaces.leader')}</h1>
      <p className="lead">{t('workspace.leaderIntro')}</p>
      <p><Link href="/workspace/supervision">{t('supervision.link')}</Link> · <Link href="/workspace/hotspots">{t('hotspots.link')}</Link> · <Link href="/actions">{t('actions.link')}</Link></p>
      <section aria-labelledby="my-assigned">
        <h2 id="my-assigned">{t('interviewsManage.assigned.title')}</h2>
        {assigned.counts.open ? (
          <p data-testid="assigned-summary">
            {t('interviewsManage.assigned.summary', { count: assigned.counts.open })}
            {assigned.counts.overdue ? <> <span className="tag tag-danger">{t('interviewsManage.assigned.overdueCount', { count: assigned.counts.overdue })}</span></> : null}
            {assigned.items[0] ? <> {t('interviewsManage.assigned.nextDue', { date: assigned.items[0].dueOn })}</> : null}
          </p>
        ) : (
          <p>{t('interviewsManage.assigned.emptyOpen')}</p>
        )}
        <p><Link href="/workspace/leader/questions">{t('interviewsManage.assigned.open')}</Link></p>
      </section>
      <section aria-labelledby="my-interviews">
        <h2 id="my-interviews">{t('workspace.myInterviews')}</h2>
        {mine.length ? (
          <ul>
            {mine.map((i) => (
              <li key={i.id}>
                <Link href={`/workspace/leader/interviews/${i.id}`} data-user-content="">{i.title}</Link>{t('complianceUi.paren', { text: t(`interviewsStaff.status.${i.status}`) })}
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState>{t('empty.workspace')}</EmptyState>
        )}
        <p><Link href="/workspace/leader/interviews">{t('interviewsStaff.workspace.allMine')}</Link></p>
      </section>
    </>
  );
}
