import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/session';
import { chinaDate } from '@/lib/calendar/workdays';
import { canProgress, readAction } from '@/lib/hotspots/actions';
import { ProgressBar } from '../ProgressBar';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const action = await readAction((await params).id);
  return { title: action?.title ?? (await getTranslations('actions'))('title') };
}

/**
 * One 每月一题 action: what, who, the milestones and how many letters it answers, with links to the published answers
 * among them. Never a letter's text or writer. Its owner, moderators and admins get a link to update the progress.
 */
export default async function ActionPage({ params }: { params: Promise<{ id: string }> }) {
  const action = await readAction((await params).id);
  if (!action) notFound();
  const t = await getTranslations('actions');
  const en = (await getLocale()) === 'en';
  const actor = await currentActor();
  const today = chinaDate(new Date());
  return (
    <>
      <p><Link href="/actions">{t('back')}</Link></p>
      <h1 data-user-content="">{action.title}</h1>
      <dl className="facts">
        <dt>{t('owner')}</dt><dd data-user-content="">{en ? action.owner.nameEn : action.owner.name}</dd>
        <dt>{t('progress')}</dt><dd><ProgressBar done={action.milestonesDone} total={action.milestonesTotal} text={t('progressValue', { done: action.milestonesDone, total: action.milestonesTotal })} /></dd>
        <dt>{t('lettersLabel')}</dt><dd data-testid="action-letter-count">{t('letterCount', { count: action.letterCount })}</dd>
        <dt>{t('createdLabel')}</dt><dd>{action.createdOn}</dd>
      </dl>
      {action.description ? <p className="prose" data-user-content="">{action.description}</p> : null}
      {canProgress(actor, action) ? <p><Link href={`/workspace/actions/${action.id}`}>{t('manage')}</Link></p> : null}
      <section aria-labelledby="action-milestones">
        <h2 id="action-milestones">{t('milestones')}</h2>
        {action.milestones.length === 0 ? <p>{t('noMilestones')}</p> : (
          <div className="table-scroll">
            <table className="table-cards" data-testid="action-milestones">
              <caption>{t('milestonesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('columns.title')}</th>
                  <th scope="col">{t('columns.targetOn')}</th>
                  <th scope="col">{t('columns.doneOn')}</th>
                  <th scope="col">{t('columns.status')}</th>
                </tr>
              </thead>
              <tbody>
                {action.milestones.map((m) => (
                  <tr key={m.id} data-done={m.doneOn ? 'true' : 'false'}>
                    <th scope="row" data-user-content="">{m.title}</th>
                    <td data-label={t('columns.targetOn')}>{m.targetOn}</td>
                    <td data-label={t('columns.doneOn')}>{m.doneOn ?? '—'}</td>
                    <td data-label={t('columns.status')}>
                      {m.doneOn ? <span className="tag tag-ok">{t('done')}</span> : m.targetOn < today ? <span className="tag tag-danger">{t('overdue')}</span> : <span className="tag">{t('open')}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {action.publishedAnswers.length ? (
        <section aria-labelledby="action-answers">
          <h2 id="action-answers">{t('publishedAnswers')}</h2>
          <ul>{action.publishedAnswers.map((a) => <li key={a.url}><Link href={a.url} data-user-content="">{a.title}</Link></li>)}</ul>
        </section>
      ) : null}
    </>
  );
}
