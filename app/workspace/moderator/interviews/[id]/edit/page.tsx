import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { listDepartments } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { listHosts, listLeaders } from '@/lib/interviews/guests';
import { getInterviewForEdit, type InterviewForEdit } from '@/lib/interviews/queries';
import { StatusTag } from '../../_shared/InterviewParts';
import { beijingLocalInput } from '../../_shared/format';
import { EditInterviewForm } from '../../EditInterviewForm';
import { orNotFound } from '@/app/_components/or-not-found';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('interviewsManage.edit'))('title') };
}

/** The stored interview as the form's text values (the same names the form sends). */
function formValues(i: InterviewForEdit): Record<string, string> {
  return {
    title: i.title,
    summary: i.summary,
    hostId: i.hostId,
    departmentId: i.departmentId ?? '',
    scheduledStart: beijingLocalInput(i.scheduledStart),
    scheduledEnd: beijingLocalInput(i.scheduledEnd),
    coverImageUrl: i.coverImageUrl ?? '',
    questionQuota: String(i.questionQuota),
    guestIds: i.guests.map((g) => g.id).join(','),
    ...Object.fromEntries(i.guests.map((g) => [`guestTitle.${g.id}`, g.title])),
  };
}

/** 修改访谈信息: drafts and announced interviews; a live or finished one says why it can no longer be edited. */
export default async function EditInterview({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePermission('workspace.moderator', `/workspace/moderator/interviews/${encodeURIComponent(id)}/edit`);
  const t = await getTranslations('interviewsManage.edit');
  const ts = await getTranslations('interviewsStaff');
  const en = (await getLocale()) === 'en';
  const interview: InterviewForEdit = await orNotFound(getInterviewForEdit(actor, id));
  const [leaders, moderators, departments] = await Promise.all([listLeaders(actor), listHosts(actor), listDepartments(db())]);
  // Present guests and host stay listed even if their accounts were since disabled, so saving keeps them.
  const hosts = moderators.some((h) => h.id === interview.hostId) ? moderators : [{ id: interview.hostId, name: interview.hostName }, ...moderators];
  const choices = [
    ...leaders,
    ...interview.guests.filter((g) => !leaders.some((l) => l.id === g.id)).map((g) => ({ id: g.id, name: g.name, title: g.title, department: null })),
  ];

  return (
    <article aria-labelledby="edit-title">
      <p><Link href={`/workspace/moderator/interviews/${interview.id}`}>{t('back')}</Link></p>
      <h1 id="edit-title">{t('title')}</h1>
      <p><span data-user-content="">{interview.title}</span> <StatusTag status={interview.status} testId="interview-status" /></p>
      {interview.editable ? (
        <>
          <p className="lead">{interview.status === 'announced' ? t('introAnnounced') : t('introDraft')}</p>
          <EditInterviewForm
            interviewId={interview.id}
            version={interview.version}
            initial={formValues(interview)}
            leaders={choices}
            hosts={hosts}
            departments={departments.map((d) => ({ id: d.id, name: en ? d.nameEn : d.name }))}
          />
        </>
      ) : (
        <p className="notice" role="status">{t('locked', { status: ts(`status.${interview.status}`) })}</p>
      )}
    </article>
  );
}
