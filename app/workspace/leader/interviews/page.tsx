import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listInterviews, type InterviewSummary } from '@/lib/interviews/queries';
import { EmptyState } from '@/app/_components/EmptyState';
import { guestLine, StatusTag } from '../../moderator/interviews/_shared/InterviewParts';
import { formatRange } from '../../moderator/interviews/_shared/format';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('interviewsStaff.desk'))('listTitle') };
}

/** The interviews in which the signed-in leader is a guest: live first, then upcoming, drafts and past ones. */
export default async function LeaderInterviews() {
  const actor = await requirePermission('workspace.leader', '/workspace/leader/interviews');
  const t = await getTranslations('interviewsStaff');
  const locale = await getLocale();
  const lists = await listInterviews({ includeDrafts: true });
  const mine = (items: InterviewSummary[]) => items.filter((i) => i.guests.some((g) => g.id === actor.user.publicId));
  const groups = [
    { key: 'live', items: mine(lists.live) },
    { key: 'upcoming', items: mine(lists.upcoming) },
    { key: 'draft', items: mine(lists.draft) },
    { key: 'past', items: mine(lists.past) },
  ] as const;
  const total = groups.reduce((n, g) => n + g.items.length, 0);

  return (
    <>
      <p><Link href="/workspace/leader">{t('desk.backToWorkspace')}</Link></p>
      <h1>{t('desk.listTitle')}</h1>
      <p className="lead">{t('desk.listIntro')}</p>
      {total === 0 ? <EmptyState>{t('desk.listEmpty')}</EmptyState> : null}
      {groups.map((g) =>
        g.items.length ? (
          <section key={g.key} aria-labelledby={`leader-interviews-${g.key}`}>
            <h2 id={`leader-interviews-${g.key}`}>{t(`manage.groups.${g.key}`, { count: g.items.length })}</h2>
            <ul className="interview-list">
              {g.items.map((i) => (
                <li key={i.id} className="interview-item" data-testid="interview-item">
                  <h3><Link href={`/workspace/leader/interviews/${i.id}`} data-user-content="">{i.title}</Link></h3>
                  <p><StatusTag status={i.status} /> {formatRange(i.scheduledStart, i.scheduledEnd, locale)}</p>
                  <p>{t('facts.guests')}{t('labelSeparator')}{guestLine(i.guests, (v) => t('guestWithTitle', v), t('guestSeparator'))}</p>
                </li>
              ))}
            </ul>
          </section>
        ) : null,
      )}
    </>
  );
}
