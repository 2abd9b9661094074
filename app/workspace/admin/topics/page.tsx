import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { listDepartments } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { listTopicsForAdmin, MAX_TOPIC_LEVEL, TOPICS_PERMISSION } from '@/lib/topics/admin';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { createTopicForm, moveTopicForm, setTopicActiveForm, updateTopicForm } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('topicsUi'))('title') };
}

/**
 * 诉求分类 (issue 17 item 3): the letters' topic tree. Add, rename, set the default department and keywords, reorder,
 * move under another parent, deactivate and activate again; never delete (lib/topics/admin.ts).
 */
export default async function TopicsPage() {
  const actor = await requirePermission(TOPICS_PERMISSION, '/workspace/admin/topics');
  const [rows, departments, t, locale] = await Promise.all([listTopicsForAdmin(actor), listDepartments(db()), getTranslations('topicsUi'), getLocale()]);
  const en = locale === 'en';
  const pathOf = (r: (typeof rows)[number]) => (en ? r.pathEn : r.path).join(' > ');
  const deptOptions = [{ value: '', label: t('noDepartment') }, ...departments.map((d) => ({ value: d.id, label: (en && d.nameEn) || d.name }))];
  const parentOptions = [{ value: '', label: t('topLevel') }, ...rows.filter((r) => r.level < MAX_TOPIC_LEVEL).map((r) => ({ value: String(r.id), label: pathOf(r) }))];
  return (
    <>
      <p><Link href="/workspace/admin">{t('back')}</Link></p>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>

      <section aria-labelledby="topic-new">
        <h2 id="topic-new">{t('newHeading')}</h2>
        <SimpleForm action={createTopicForm} idPrefix="topic-new" submit={t('create')} okText={t('created')}
          fields={[
            { name: 'parentId', label: t('parent'), type: 'select', value: '', options: parentOptions },
            { name: 'name', label: t('name'), required: true },
            { name: 'nameEn', label: t('nameEn'), hint: t('nameEnHint') },
            { name: 'departmentId', label: t('department'), type: 'select', value: '', options: deptOptions },
            { name: 'keywords', label: t('keywords'), hint: t('keywordsHint') },
          ]} />
      </section>

      <section aria-labelledby="topic-list">
        <h2 id="topic-list">{t('listHeading', { count: rows.length })}</h2>
        <div className="table-scroll">
          <table className="table-cards">
            <thead><tr><th scope="col">{t('colTopic')}</th><th scope="col">{t('colEdit')}</th></tr></thead>
            <tbody>
              {rows.map((r) => {
                const path = pathOf(r);
                const f = (field: string) => t('fieldFor', { topic: path, field });
                return (
                  <tr key={r.id} data-testid={`topic-${r.id}`}>
                    <th scope="row">
                      <span data-user-content="" style={{ paddingInlineStart: `${(r.level - 1) * 1.5}em` }}>{path}</span>
                      <br /><span className="hint">{t('level', { level: r.level })} · {t('letters', { count: r.letters })}{r.active ? '' : ` · ${t('inactive')}`}</span>
                    </th>
                    <td data-label={t('colEdit')}>
                      <SimpleForm action={updateTopicForm} idPrefix={`topic-${r.id}`} className="inline-form" submit={t('save')} okText={t('saved')}
                        fields={[
                          { name: 'id', label: '', type: 'hidden', value: String(r.id) },
                          { name: 'name', label: f(t('name')), value: r.name },
                          { name: 'nameEn', label: f(t('nameEn')), value: r.nameEn },
                          { name: 'departmentId', label: f(t('department')), type: 'select', value: r.departmentId ?? '', options: deptOptions },
                          { name: 'keywords', label: f(t('keywords')), value: r.keywords.join('，') },
                          { name: 'sortOrder', label: f(t('sortOrder')), type: 'number', value: String(r.sortOrder) },
                        ]} />
                      <SimpleForm action={moveTopicForm} idPrefix={`topic-move-${r.id}`} className="inline-form" submit={t('moveSubmit')} okText={t('moved')}
                        fields={[
                          { name: 'id', label: '', type: 'hidden', value: String(r.id) },
                          { name: 'parentId', label: f(t('moveTo')), type: 'select', value: r.parentId === null ? '' : String(r.parentId), options: parentOptions.filter((o) => o.value !== String(r.id)) },
                        ]} />
                      <SimpleForm action={setTopicActiveForm} idPrefix={`topic-active-${r.id}`} className="inline-form" danger={r.active}
                        submit={r.active ? t('deactivate') : t('activate')} okText={r.active ? t('deactivated') : t('activated')}
                        fields={[
                          { name: 'id', label: '', type: 'hidden', value: String(r.id) },
                          { name: 'active', label: '', type: 'hidden', value: r.active ? 'false' : 'true' },
                        ]} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
