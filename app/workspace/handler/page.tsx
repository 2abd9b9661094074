import Link from 'next/link';
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { departmentById } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { listLetters } from '@/lib/letters/queries';
import { LiveRefresh } from '@/app/_components/LiveRefresh';
import { Pagination } from '@/app/_components/Pagination';
import { LetterTable } from '@/app/letters/LetterTable';
import { pageNumber } from '@/app/letters/pageNumber';
import { QueueCounts } from '../QueueCounts';
import { QueueSort, queueSort } from '../QueueSort';
import { QueueChannel, queueChannel } from '../QueueChannel';
import { QueueCsvLink } from '../QueueCsvLink';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('workspaces'))('handler') };
}

export default async function HandlerWorkspace({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.handler', '/workspace/handler');
  const { user } = actor;
  const t = await getTranslations();
  const en = (await getLocale()) === 'en';
  const dept = user.departmentId ? await departmentById(db(), user.departmentId) : null;
  const params = await searchParams;
  const page = pageNumber(params.page);
  const sort = queueSort(params.sort);
  const channel = queueChannel(params.channel);
  const queue = await listLetters(actor, { scope: 'queue', page, sort, channel });
  return (
    <>
      <h1>{t('workspaces.handler')}</h1>
      <p className="lead">{t('workspace.handlerIntro', { department: dept ? (en ? dept.nameEn : dept.name) : '—' })}</p>
      <p>
        <Link href="/workspace/templates">{t('workspace.templatesLink')}</Link>
        {can(actor, 'letters.intake') ? <> · <Link href="/workspace/letters/intake">{t('letterIntake.link')}</Link>{t('letterIntake.linkHint')}</> : null}
        {can(actor, 'disclosure.intake') ? <> · <Link href="/workspace/disclosure/intake">{t('applicationIntake.link')}</Link></> : null}
        {' · '}<Link href="/actions">{t('actions.link')}</Link>
      </p>
      <section aria-labelledby="queue">
        <h2 id="queue">{t('workspace.queue')}</h2>
        <LiveRefresh subscribe={{ queue: true }} />
        <QueueCounts total={queue.total} counts={queue.counts} />
        <QueueSort sort={sort} basePath="/workspace/handler" />
        <QueueChannel channel={channel} sort={sort} basePath="/workspace/handler" />
        <QueueCsvLink href="/api/v1/letters/export.csv" query={{ sort: sort === 'newest' ? sort : undefined, channel }} label={t('queueCsv.export')} />
        <LetterTable items={queue.items} caption={sort === 'newest' ? t('letterUi.queue.captionNewest') : t('letterUi.queue.captionDue')} empty={t('empty.workspace')} />
        <Pagination page={queue.page} pageSize={queue.pageSize} total={queue.total} basePath="/workspace/handler" query={{ sort: sort === 'newest' ? sort : undefined, channel }} />
      </section>
    </>
  );
}
