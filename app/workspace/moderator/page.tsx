import type { Metadata } from 'next';
import Link from 'next/link';
import { DeadlineReminder } from '@/app/disclosure/annual-report/DeadlineReminder';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listLetters } from '@/lib/letters/queries';
import { listInterviews } from '@/lib/interviews/queries';
import { LiveRefresh } from '@/app/_components/LiveRefresh';
import { Pagination } from '@/app/_components/Pagination';
import { LetterTable } from '@/app/letters/LetterTable';
import { pageNumber } from '@/app/letters/pageNumber';
import { QueueCounts } from '../QueueCounts';
import { QueueSort, queueSort } from '../QueueSort';
import { QueueChannel, queueChannel } from '../QueueChannel';
import { QueueCsvLink } from '../QueueCsvLink';
import { ComplianceRadar } from '../ComplianceRadar';
import { requestRadar } from '../radar';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('workspaces'))('moderator') };
}

export default async function ModeratorWorkspace({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.moderator', '/workspace/moderator');
  const t = await getTranslations();
  const params = await searchParams;
  const page = pageNumber(params.page);
  const sort = queueSort(params.sort);
  const channel = queueChannel(params.channel);
  const queue = await listLetters(actor, { scope: 'queue', page, sort, channel });
  const interviews = await listInterviews({ includeDrafts: true });
  // What needs the moderator: live, announced, drafts, and ended ones whose transcript is not yet published.
  const current = [...interviews.live, ...interviews.upcoming, ...interviews.draft, ...interviews.past.filter((i) => i.status === 'ended')];
  return (
    <>
      <h1>{t('workspaces.moderator')}</h1>
      <p className="lead">{t('workspace.moderatorIntro')}</p>
      <p><Link href="/workspace/templates">{t('workspace.templatesLink')}</Link> · <Link href="/workspace/supervision">{t('supervision.link')}</Link> · <Link href="/workspace/hotspots">{t('hotspots.link')}</Link> · <Link href="/actions">{t('actions.link')}</Link> · <Link href="/workspace/letters/intake">{t('letterIntake.link')}</Link>{t('letterIntake.linkHint')} · <Link href="/workspace/disclosure/intake">{t('applicationIntake.link')}</Link></p>
      <LateDisclosureNotice />
      <DeadlineReminder link />
      <ComplianceRadar />
      <section aria-labelledby="triage">
        <h2 id="triage">{t('workspace.triage')}</h2>
        <LiveRefresh subscribe={{ queue: true }} />
        <QueueCounts total={queue.total} counts={queue.counts} />
        <QueueSort sort={sort} basePath="/workspace/moderator" />
        <QueueChannel channel={channel} sort={sort} basePath="/workspace/moderator" />
        <QueueCsvLink href="/api/v1/letters/export.csv" query={{ sort: sort === 'newest' ? sort : undefined, channel }} label={t('queueCsv.export')} />
        <LetterTable items={queue.items} caption={sort === 'newest' ? t('letterUi.queue.captionNewest') : t('letterUi.queue.captionRouting')} empty={t('empty.workspace')} />
        <Pagination page={queue.page} pageSize={queue.pageSize} total={queue.total} basePath="/workspace/moderator" query={{ sort: sort === 'newest' ? sort : undefined, channel }} />
      </section>
      <section aria-labelledby="moderator-applications">
        <h2 id="moderator-applications">{t('applications.queueTitle')}</h2>
        <p><Link href="/workspace/moderator/applications">{t('applications.queueLink')}</Link></p>
      </section>
      <section aria-labelledby="moderator-interviews">
        <h2 id="moderator-interviews">{t('interviewsStaff.workspace.moderatorHeading')}</h2>
        {current.length ? (
          <ul>
            {current.map((i) => (
              <li key={i.id}>
                <Link href={`/workspace/moderator/interviews/${i.id}`} data-user-content="">{i.title}</Link>{t('complianceUi.paren', { text: t(`interviewsStaff.status.${i.status}`) })}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('interviewsStaff.workspace.noCurrent')}</p>
        )}
        <p><Link href="/workspace/moderator/interviews">{t('interviewsStaff.workspace.manage')}</Link></p>
      </section>
    </>
  );
}

/** The staff dashboard's flag for 主动公开 information past its 20-working-day limit (issue 6). */
async function LateDisclosureNotice() {
  const t = await getTranslations('disclosureStaff');
  // The radar's late items (one read for both, lib/accountability/radar-cache.ts), due date first as before.
  const late = (await requestRadar()).late.slice(0, 51);
  if (late.length === 0) return null;
  return (
    <p className="notice" role="status" data-testid="late-disclosure">
      <Link href="/workspace/moderator/disclosure#late-items">{t('lateNotice', { count: late.length > 50 ? '50+' : String(late.length) })}</Link>
    </p>
  );
}
