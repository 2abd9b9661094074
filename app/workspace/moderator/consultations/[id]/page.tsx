import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listDepartments } from '@/lib/accounts/departments';
import { getStaffConsultation } from '@/lib/consultations/queries';
import { COMMENT_REJECT_REASONS, DISPOSITIONS } from '@/lib/consultations/schema';
import { FEEDBACK_CATEGORY_CODE } from '@/lib/consultations/operations';
import { categoryTree } from '@/lib/disclosure/categories';
import { categoryOptions } from '@/app/workspace/moderator/disclosure/categories';
import { db } from '@/lib/db';
import { orNotFound } from '@/app/_components/or-not-found';
import { EmptyState } from '@/app/_components/EmptyState';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { formatDateTime } from '@/app/interviews/format';
import { ConsultationBadge } from '@/app/consultations/ConsultationBadge';
import { commentActionForm, consultationActionForm, removeAttachmentForm, updateConsultationForm, uploadAttachmentForm } from '../actions';
import { AttachmentForm } from '../AttachmentForm';
import { Attachments } from '@/app/consultations/Attachments';
import { consultationFields } from '../fields';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('consultationsStaff'))('heading') };
}

/** One consultation for the moderator: edit the draft, the lifecycle, every comment (moderate, dispose), the linked document. */
export default async function ModeratorConsultationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePermission('consultations.manage', `/workspace/moderator/consultations/${id}`);
  const { view, departmentId, resultIndexNo, comments } = await orNotFound(getStaffConsultation(actor, id));
  const t = await getTranslations('consultationsStaff');
  const tp = await getTranslations('consultations');
  const locale = await getLocale();
  const departments = await listDepartments(db());
  const where = (i: number | null) => (i === null ? tp('onWhole') : tp('onSection', { n: i + 1, heading: view.sections[i]?.heading ?? '' }));
  const act = consultationActionForm.bind(null, view.id);
  return (
    <>
      <p><Link href="/workspace/moderator/consultations">{t('back')}</Link></p>
      <h1 data-user-content="">{view.title}</h1>
      <p>
        <ConsultationBadge status={view.status} label={tp(`status.${view.status}`)} />{' '}
        {tp('period', { opens: formatDateTime(view.opensAt, locale), closes: formatDateTime(view.closesAt, locale) })}
        {view.status !== 'draft' ? <> · <Link href={`/consultations/${view.slug}`}>{t('publicPage')}</Link></> : null}
      </p>

      <section aria-labelledby="consultation-lifecycle">
        <h2 id="consultation-lifecycle">{t('lifecycleHeading')}</h2>
        {view.status === 'draft' ? (
          <SimpleForm action={act} idPrefix="consultation-open" submit={t('open')} okText={t('opened')} fields={[{ name: 'action', label: '', type: 'hidden', value: 'open' }]} />
        ) : null}
        {view.status === 'open' ? (
          <SimpleForm action={act} idPrefix="consultation-close" submit={t('close')} okText={t('closed')} danger
            fields={[{ name: 'action', label: '', type: 'hidden', value: 'close' }, { name: 'reason', label: t('closeReason') }]} />
        ) : null}
        {view.status === 'closed' ? (
          <>
            <p className="hint">{t('publishHint')}</p>
            <SimpleForm action={act} idPrefix="consultation-publish" submit={t('publish')} okText={t('published')} fields={[
              { name: 'action', label: '', type: 'hidden', value: 'publish_feedback' },
              { name: 'categoryCode', label: t('feedbackCategory'), hint: t('feedbackCategoryHint'), type: 'select', value: FEEDBACK_CATEGORY_CODE,
                options: categoryOptions(await categoryTree(db()), locale === 'en').map((c) => ({ value: c.code, label: c.label })) },
            ]} />
          </>
        ) : null}
        {view.feedback ? <p><Link href={`/consultations/${view.slug}/feedback`}>{tp('feedbackLink')}</Link> · {tp('feedbackItem', { indexNo: view.feedback.indexNo })}</p> : null}
      </section>

      <section aria-labelledby="consultation-attachments">
        <h2 id="consultation-attachments">{t('attachmentsHeading')}</h2>
        {view.attachments.length && (view.status === 'draft' || view.status === 'open') ? <p className="hint">{t('detachHint')}</p> : null}
        <Attachments items={view.attachments} remove={view.status === 'draft' || view.status === 'open' ? (a) => (
          <SimpleForm action={removeAttachmentForm.bind(null, view.id)} idPrefix={`detach-${a.id}`} className="inline-form" danger
            submit={t('detach', { name: a.fileName })} okText={t('detached')} fields={[{ name: 'fileId', label: '', type: 'hidden', value: a.id }]} />
        ) : undefined} />
        {view.status !== 'feedback_published' ? (
          <AttachmentForm action={uploadAttachmentForm.bind(null, view.id)} label={t('attachmentLabel')} hint={t('attachmentHint')} submit={t('attach')} okText={t('attached')} />
        ) : null}
      </section>

      {view.status === 'draft' ? (
        <section aria-labelledby="consultation-edit">
          <h2 id="consultation-edit">{t('editHeading')}</h2>
          <SimpleForm action={updateConsultationForm.bind(null, view.id)} idPrefix="consultation-edit" submit={t('save')} okText={t('saved')}
            fields={consultationFields(t, departments.map((d) => ({ value: d.id, label: locale === 'en' ? d.nameEn : d.name })), { view, departmentId })} />
        </section>
      ) : (
        <section aria-labelledby="consultation-link">
          <h2 id="consultation-link">{t('linkHeading')}</h2>
          {view.resultDocument ? <p><Link href={`/disclosure/items/${view.resultDocument.id}`} data-user-content="">{view.resultDocument.title}</Link></p> : null}
          <SimpleForm action={act} idPrefix="consultation-link" submit={t('link')} okText={t('linked')}
            fields={[{ name: 'action', label: '', type: 'hidden', value: 'link_document' }, { name: 'itemId', label: t('linkLabel'), hint: t('linkHint'), value: resultIndexNo ?? '' }]} />
        </section>
      )}

      <section aria-labelledby="consultation-staff-comments">
        <h2 id="consultation-staff-comments">{t('commentsHeading', { count: comments.length })}</h2>
        {view.status === 'open' ? <p className="hint">{t('disposeAfterClose')}</p> : null}
        {comments.length === 0 ? <EmptyState>{t('noComments')}</EmptyState> : comments.map((c) => (
          <article key={c.id} className="card" data-testid="staff-comment" data-status={c.status} aria-labelledby={`comment-${c.id}`}>
            <h3 id={`comment-${c.id}`}>{where(c.sectionIndex)} · {tp(`mineStatus.${c.status}`)}{c.disposition ? ` · ${tp(`disposition.${c.disposition}`)}` : ''}</h3>
            <p className="pre-line" data-user-content="">{c.body}</p>
            <details>
              <summary>{t('original')}</summary>
              <p className="pre-line" data-user-content="">{c.originalBody}</p>
              <p data-user-content="">{t('author', { name: c.authorName })}</p>
            </details>
            <p className="hint">{formatDateTime(c.createdAt, locale)}</p>
            {c.status === 'rejected' && c.rejectCode ? (
              <p className="hint">{t('rejectedBecause', { reason: tp(`rejectReason.${c.rejectCode}`) })}{c.rejectReason ? <>{' · '}<span data-user-content="">{c.rejectReason}</span></> : null}</p>
            ) : null}
            {c.status === 'pending' && view.status !== 'feedback_published' ? (
              <div className="inline-form">
                <SimpleForm action={commentActionForm.bind(null, view.id, c.id)} idPrefix={`approve-${c.id}`} className="inline-form" submit={t('approve')} okText={t('approved')}
                  fields={[{ name: 'action', label: '', type: 'hidden', value: 'approve' }]} />
                <SimpleForm action={commentActionForm.bind(null, view.id, c.id)} idPrefix={`reject-${c.id}`} submit={t('reject')} okText={t('rejected')} danger
                  fields={[
                    { name: 'action', label: '', type: 'hidden', value: 'reject' },
                    { name: 'reason', label: t('rejectReason'), type: 'select', value: 'off_topic', options: COMMENT_REJECT_REASONS.map((r) => ({ value: r, label: tp(`rejectReason.${r}`) })) },
                    { name: 'note', label: t('rejectNote') },
                  ]} />
              </div>
            ) : null}
            {c.status === 'approved' && view.status === 'closed' ? (
              <SimpleForm action={commentActionForm.bind(null, view.id, c.id)} idPrefix={`dispose-${c.id}`} submit={t('dispose')} okText={t('disposed')}
                fields={[
                  { name: 'action', label: '', type: 'hidden', value: 'dispose' },
                  { name: 'disposition', label: t('dispositionLabel'), type: 'select', value: c.disposition ?? 'adopted', options: DISPOSITIONS.map((d) => ({ value: d, label: tp(`disposition.${d}`) })) },
                  { name: 'reason', label: t('dispositionReason'), type: 'textarea', rows: 2, value: c.dispositionReason ?? '' },
                ]} />
            ) : null}
          </article>
        ))}
      </section>
    </>
  );
}
