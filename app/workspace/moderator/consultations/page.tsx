import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listDepartments } from '@/lib/accounts/departments';
import { listStaffConsultations } from '@/lib/consultations/queries';
import { db } from '@/lib/db';
import { EmptyState } from '@/app/_components/EmptyState';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { formatDateTime } from '@/app/interviews/format';
import { ConsultationBadge } from '@/app/consultations/ConsultationBadge';
import { createConsultationForm } from './actions';
import { consultationFields } from './fields';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('consultationsStaff'))('heading') };
}

/** 意见征集管理: every consultation with what waits (comments to moderate, dispositions), and the drafting form. */
export default async function ModeratorConsultationsPage() {
  const actor = await requirePermission('consultations.manage', '/workspace/moderator/consultations');
  const t = await getTranslations('consultationsStaff');
  const tp = await getTranslations('consultations');
  const locale = await getLocale();
  const [rows, departments] = await Promise.all([listStaffConsultations(actor), listDepartments(db())]);
  return (
    <>
      <h1>{t('heading')}</h1>
      <p className="lead">{t('intro')}</p>
      <section aria-labelledby="consultations-list">
        <h2 id="consultations-list">{t('listHeading')}</h2>
        {rows.length === 0 ? <EmptyState>{t('empty')}</EmptyState> : (
          <div className="table-wrap">
            <table className="table-cards">
              <thead>
                <tr><th scope="col">{t('colTitle')}</th><th scope="col">{t('colStatus')}</th><th scope="col">{t('colPeriod')}</th><th scope="col">{t('colComments')}</th><th scope="col">{t('colWaiting')}</th></tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid="staff-consultation">
                    <th scope="row"><Link href={`/workspace/moderator/consultations/${r.id}`} data-user-content="">{r.title}</Link></th>
                    <td data-label={t('colStatus')}><ConsultationBadge status={r.status} label={tp(`status.${r.status}`)} /></td>
                    <td data-label={t('colPeriod')}>{formatDateTime(r.opensAt, locale)} – {formatDateTime(r.closesAt, locale)}</td>
                    <td data-label={t('colComments')}>{r.commentCount}</td>
                    <td data-label={t('colWaiting')}>{r.pending || r.undisposed ? t('waiting', { pending: r.pending, undisposed: r.undisposed }) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="consultations-new">
        <h2 id="consultations-new">{t('newHeading')}</h2>
        <SimpleForm action={createConsultationForm} idPrefix="consultation-new" submit={t('create')} okText={t('created')}
          fields={consultationFields(t, departments.map((d) => ({ value: d.id, label: locale === 'en' ? d.nameEn : d.name })))} />
      </section>
    </>
  );
}
