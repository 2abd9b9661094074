import type { Metadata } from 'next';
import Link from 'next/link';
import { listDepartmentsForAdmin } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { EmptyState } from '@/app/_components/EmptyState';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { createDepartmentForm, setDepartmentActive, updateDepartmentForm } from '../settings-actions';

export const metadata: Metadata = { title: '部门管理' };

/** Departments: create, rename, describe, order, deactivate (moving open letters) and reactivate. */
export default async function DepartmentsPage() {
  const actor = await requirePermission('admin.departments', '/workspace/admin/departments');
  const all = await listDepartmentsForAdmin(actor);
  const active = all.filter((d) => d.active);
  return (
    <>
      <p><Link href="/workspace/admin">← 系统管理</Link></p>
      <h1>部门管理</h1>
      <p className="lead">
        在用的部门可以接收来信。停用部门前，其未办结的来信须先办结，或在停用时转入另一个部门；已办结来信保留原部门名称。
      </p>

      <section aria-labelledby="dept-new">
        <h2 id="dept-new">新建部门</h2>
        <SimpleForm action={createDepartmentForm} idPrefix="dept-new" submit="新建部门" okText="已新建"
          fields={[
            { name: 'name', label: '部门名称', required: true },
            { name: 'nameEn', label: '英文名称', hint: '可留空' },
            { name: 'description', label: '职责说明', type: 'textarea', rows: 3 },
            { name: 'phone', label: '联系电话', type: 'tel' },
          ]} />
      </section>

      <section aria-labelledby="dept-list">
        <h2 id="dept-list">全部部门（{all.length}）</h2>
        {all.length === 0 ? <EmptyState>还没有部门，请先新建。</EmptyState> : null}
        {all.map((d) => (
          <article key={d.id} className="card" aria-labelledby={`dept-${d.id}-title`}>
            <h3 id={`dept-${d.id}-title`}>
              {d.name} <span className={d.active ? 'tag tag-ok' : 'tag tag-warn'}>{d.active ? '在用' : '已停用'}</span>
            </h3>
            <p>未办结来信 {d.openLetters} 件 · 工作人员 {d.staff} 人</p>
            <details>
              <summary>编辑 {d.name}</summary>
              <SimpleForm action={updateDepartmentForm} idPrefix={`dept-${d.id}`} submit="保存" okText="已保存"
                fields={[
                  { name: 'id', label: '', type: 'hidden', value: d.id },
                  { name: 'name', label: '部门名称', value: d.name, required: true },
                  { name: 'nameEn', label: '英文名称', value: d.nameEn },
                  { name: 'description', label: '职责说明', type: 'textarea', rows: 3, value: d.duties },
                  { name: 'phone', label: '联系电话', type: 'tel', value: d.phone },
                  { name: 'sortOrder', label: '排序（数字小的在前）', type: 'number', value: String(d.sortOrder) },
                ]} />
            </details>
            {d.active ? (
              <SimpleForm action={setDepartmentActive} idPrefix={`dept-${d.id}-off`} className="inline-form" submit={`停用 ${d.name}`} okText="已停用"
                fields={[
                  { name: 'id', label: '', type: 'hidden', value: d.id },
                  { name: 'active', label: '', type: 'hidden', value: 'false' },
                  ...(d.openLetters > 0 ? [{
                    name: 'moveOpenTo', label: `未办结来信转入（${d.openLetters} 件）`, type: 'select' as const, value: '',
                    options: [{ value: '', label: '请选择接收部门' }, ...active.filter((o) => o.id !== d.id).map((o) => ({ value: o.id, label: o.name }))],
                  }] : []),
                ]} />
            ) : (
              <SimpleForm action={setDepartmentActive} idPrefix={`dept-${d.id}-on`} className="inline-form" submit={`重新启用 ${d.name}`} okText="已启用"
                fields={[{ name: 'id', label: '', type: 'hidden', value: d.id }, { name: 'active', label: '', type: 'hidden', value: 'true' }]} />
            )}
          </article>
        ))}
      </section>
    </>
  );
}
