import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { listDepartments } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { listManagedTemplates } from '@/lib/letters/templates';
import { EmptyState } from '@/app/_components/EmptyState';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { createTemplateForm, deleteTemplateForm, updateTemplateForm } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('templatesUi'))('title') };
}

/**
 * Reply templates offered in the answer form of a letter: handlers and leaders edit their department's, moderators
 * every department's and the bureau-wide ones.
 */
export default async function TemplatesPage() {
  const actor = await requirePermission('letters.templates', '/workspace/templates');
  const moderator = actor.user.role === 'moderator';
  const tt = await getTranslations('templatesUi');
  const en = (await getLocale()) === 'en';
  const [templates, departments] = await Promise.all([listManagedTemplates(actor), moderator ? listDepartments(db()) : Promise.resolve([])]);
  return (
    <>
      <h1>{tt('title')}</h1>
      <p className="lead">
        {moderator ? tt('introModerator') : tt('intro')}
      </p>

      <section aria-labelledby="tpl-new">
        <h2 id="tpl-new">{tt('new')}</h2>
        <SimpleForm action={createTemplateForm} idPrefix="tpl-new" submit={tt('new')} okText={tt('created')}
          fields={[
            ...(moderator ? [{ name: 'departmentId', label: tt('department'), type: 'select' as const, value: '', options: [{ value: '', label: tt('global') }, ...departments.map((d) => ({ value: d.id, label: (en && d.nameEn) || d.name }))] }] : []),
            { name: 'title', label: tt('titleField'), required: true },
            { name: 'body', label: tt('body'), type: 'textarea', rows: 6, required: true },
          ]} />
      </section>

      <section aria-labelledby="tpl-list">
        <h2 id="tpl-list">{tt('list', { count: templates.length })}</h2>
        {templates.length === 0 ? <EmptyState>{tt('empty')}</EmptyState> : null}
        {templates.map((t) => (
          <article key={t.id} className="card" aria-labelledby={`tpl-${t.id}-title`}>
            <h3 id={`tpl-${t.id}-title`}><span data-user-content="">{t.title}</span> <span className="tag">{t.department ? <span data-user-content="">{t.department}</span> : tt('globalShort')}</span></h3>
            <SimpleForm action={updateTemplateForm} idPrefix={`tpl-${t.id}`} submit={tt('save')} okText={tt('saved')}
              fields={[
                { name: 'id', label: '', type: 'hidden', value: String(t.id) },
                { name: 'title', label: tt('titleField'), value: t.title, required: true },
                { name: 'body', label: tt('body'), type: 'textarea', rows: 6, value: t.body, required: true },
              ]} />
            <SimpleForm action={deleteTemplateForm} idPrefix={`tpl-${t.id}-del`} className="inline-form" submit={tt.rich('delete', { title: t.title, u: (c) => <span data-user-content="">{c}</span> })} okText={tt('deleted')}
              fields={[{ name: 'id', label: '', type: 'hidden', value: String(t.id) }]} />
          </article>
        ))}
      </section>
    </>
  );
}
