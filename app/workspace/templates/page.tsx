import type { Metadata } from 'next';
import { listDepartments } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { listManagedTemplates } from '@/lib/letters/templates';
import { EmptyState } from '@/app/_components/EmptyState';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { createTemplateForm, deleteTemplateForm, updateTemplateForm } from './actions';

export const metadata: Metadata = { title: '答复模板' };

/**
 * Reply templates offered in the answer form of a letter: handlers and leaders edit their department's, moderators
 * every department's and the bureau-wide ones.
 */
export default async function TemplatesPage() {
  const actor = await requirePermission('letters.templates', '/workspace/templates');
  const moderator = actor.user.role === 'moderator';
  const [templates, departments] = await Promise.all([listManagedTemplates(actor), moderator ? listDepartments(db()) : Promise.resolve([])]);
  return (
    <>
      <h1>答复模板</h1>
      <p className="lead">
        {moderator ? '可编辑各部门的模板和全局通用模板。' : '本部门的答复模板，办理来信时可在答复表单中选用。'}
      </p>

      <section aria-labelledby="tpl-new">
        <h2 id="tpl-new">新建模板</h2>
        <SimpleForm action={createTemplateForm} idPrefix="tpl-new" submit="新建模板" okText="已新建"
          fields={[
            ...(moderator ? [{ name: 'departmentId', label: '适用部门', type: 'select' as const, value: '', options: [{ value: '', label: '全局通用（所有部门）' }, ...departments.map((d) => ({ value: d.id, label: d.name }))] }] : []),
            { name: 'title', label: '标题', required: true },
            { name: 'body', label: '正文', type: 'textarea', rows: 6, required: true },
          ]} />
      </section>

      <section aria-labelledby="tpl-list">
        <h2 id="tpl-list">已有模板（{templates.length}）</h2>
        {templates.length === 0 ? <EmptyState>还没有答复模板。</EmptyState> : null}
        {templates.map((t) => (
          <article key={t.id} className="card" aria-labelledby={`tpl-${t.id}-title`}>
            <h3 id={`tpl-${t.id}-title`}>{t.title} <span className="tag">{t.department ?? '全局通用'}</span></h3>
            <SimpleForm action={updateTemplateForm} idPrefix={`tpl-${t.id}`} submit="保存" okText="已保存"
              fields={[
                { name: 'id', label: '', type: 'hidden', value: String(t.id) },
                { name: 'title', label: '标题', value: t.title, required: true },
                { name: 'body', label: '正文', type: 'textarea', rows: 6, value: t.body, required: true },
              ]} />
            <SimpleForm action={deleteTemplateForm} idPrefix={`tpl-${t.id}-del`} className="inline-form" submit={`删除“${t.title}”`} okText="已删除"
              fields={[{ name: 'id', label: '', type: 'hidden', value: String(t.id) }]} />
          </article>
        ))}
      </section>
    </>
  );
}
