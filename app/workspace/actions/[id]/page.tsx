import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { actionForEdit, canProgress, readAction } from '@/lib/hotspots/actions';
import { listDepartments } from '@/lib/accounts/departments';
import { db } from '@/lib/db';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { ProgressBar } from '@/app/actions/ProgressBar';
import { milestoneForm, updateActionForm } from '@/app/workspace/hotspots/actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('actions'))('manage') };
}

/**
 * Updating a 每月一题 action's progress: its owner (the owning department's handlers and leaders, or the staff
 * member named), moderators and admins mark milestones done or open them again; moderators and admins add milestones.
 * Other staff read it.
 */
export default async function ActionProgressPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePermission('actions.progress', `/workspace/actions/${encodeURIComponent(id)}`);
  const action = await readAction(id);
  if (!action) notFound();
  const t = await getTranslations('actions');
  const mine = canProgress(actor, action);
  const manager = can(actor, 'actions.manage');
  const act = milestoneForm.bind(null, action.id);
  const edit = manager ? await actionForEdit(actor, action.id) : null;
  const en = (await getLocale()) === 'en';
  const departments = edit ? await listDepartments(db()) : [];
  return (
    <>
      <p><Link href={action.url}>{t('back')}</Link></p>
      <h1>{t('manageTitle', { title: action.title })}</h1>
      <p className="lead">{mine ? t('manageIntro') : t('readOnly')}</p>
      <p><ProgressBar done={action.milestonesDone} total={action.milestonesTotal} text={t('progressValue', { done: action.milestonesDone, total: action.milestonesTotal })} /> · {t('letterCount', { count: action.letterCount })}</p>
      <section aria-labelledby="progress-milestones">
        <h2 id="progress-milestones">{t('milestones')}</h2>
        {action.milestones.length === 0 ? <p>{t('noMilestones')}</p> : (
          <ol className="card-list">
            {action.milestones.map((m) => (
              <li key={m.id} className="card" data-testid="milestone" data-done={m.doneOn ? 'true' : 'false'}>
                <h3 data-user-content="">{m.title}</h3>
                <p>{t('targetLine', { date: m.targetOn })} · {m.doneOn ? <span className="tag tag-ok">{t('done')} {m.doneOn}</span> : <span className="tag">{t('open')}</span>}</p>
                {mine ? (
                  m.doneOn
                    ? <SimpleForm action={act} idPrefix={`reopen-${m.id}`} submit={t('reopen')} okText={t('saved')}
                        fields={[{ name: 'action', type: 'hidden', label: '', value: 'reopen' }, { name: 'milestoneId', type: 'hidden', label: '', value: m.id }]} />
                    : <SimpleForm action={act} idPrefix={`done-${m.id}`} submit={t('markDone')} okText={t('saved')}
                        fields={[{ name: 'action', type: 'hidden', label: '', value: 'done' }, { name: 'milestoneId', type: 'hidden', label: '', value: m.id },
                          { name: 'doneOn', type: 'date', label: t('doneOnLabel') }]} />
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
      {edit ? (
        <section aria-labelledby="action-edit">
          <h2 id="action-edit">{t('edit')}</h2>
          <SimpleForm action={updateActionForm.bind(null, action.id)} idPrefix="action-edit" submit={t('save')} okText={t('saved')}
            fields={[
              { name: 'version', type: 'hidden', label: '', value: String(edit.version) },
              { name: 'title', label: t('editTitle'), required: true, value: edit.title },
              { name: 'description', label: t('editDescription'), type: 'textarea', rows: 4, value: edit.description },
              { name: 'owner', label: t('owner'), hint: t('editOwnerHint'), type: 'select', required: true, value: edit.owner,
                options: [
                  { value: '', label: '—' },
                  ...departments.map((d) => ({ value: `department:${d.id}`, label: (en && d.nameEn) || d.name })),
                  ...edit.staff.map((u) => ({ value: `user:${u.id}`, label: t('editStaffOption', { name: u.name }) })),
                ] },
              { name: 'letters', label: t('lettersLabel'), hint: t('editLettersHint'), type: 'textarea', rows: 6, value: edit.letters.join('\n') },
            ]} />
        </section>
      ) : null}
      {manager ? (
        <section aria-labelledby="progress-add">
          <h2 id="progress-add">{t('addMilestone')}</h2>
          <SimpleForm action={act} idPrefix="milestone-new" submit={t('add')} okText={t('saved')}
            fields={[{ name: 'action', type: 'hidden', label: '', value: 'add' }, { name: 'title', label: t('milestoneTitle'), required: true }, { name: 'targetOn', type: 'date', label: t('milestoneDate'), required: true }]} />
        </section>
      ) : null}
    </>
  );
}
