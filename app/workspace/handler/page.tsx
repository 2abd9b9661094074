import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { departmentById } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { EmptyState } from '@/app/_components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('workspaces'))('handler') };
}

export default async function HandlerWorkspace() {
  const { user } = await requirePermission('workspace.handler', '/workspace/handler');
  const t = await getTranslations();
  const en = (await getLocale()) === 'en';
  const dept = user.departmentId ? await departmentById(db(), user.departmentId) : null;
  return (
    <>
      <h1>{t('workspaces.handler')}</h1>
      <p className="lead">{t('workspace.handlerIntro', { department: dept ? (en ? dept.nameEn : dept.name) : '—' })}</p>
      <section aria-labelledby="queue">
        <h2 id="queue">{t('workspace.queue')}</h2>
        <EmptyState>{t('empty.workspace')}</EmptyState>
      </section>
    </>
  );
}
