import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/session';
import { listCategoriesForAdmin } from '@/lib/disclosure/category-admin';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { createCategoryForm, updateCategoryForm } from '../settings-actions';

export const metadata: Metadata = { title: '公开目录分类' };

/** The disclosure catalogue's category tree: add, rename and reorder; codes (and issued index numbers) never change. */
export default async function CategoriesPage() {
  const actor = await requirePermission('admin.categories', '/workspace/admin/categories');
  const rows = await listCategoriesForAdmin(actor);
  const tops = rows.filter((r) => r.parentId === null);
  return (
    <>
      <p><Link href="/workspace/admin">← 系统管理</Link></p>
      <h1>公开目录分类</h1>
      <p className="lead">分类代码是索引号的一部分，新建后不再改变，分类也不能删除；改名和调整顺序不影响已发布的索引号。</p>

      <section aria-labelledby="cat-new">
        <h2 id="cat-new">新建分类</h2>
        <SimpleForm action={createCategoryForm} idPrefix="cat-new" submit="新建分类" okText="已新建"
          fields={[
            { name: 'parentCode', label: '上级分类', type: 'select', value: '', options: [{ value: '', label: '（一级分类）' }, ...tops.map((t) => ({ value: t.code, label: `${t.code} ${t.name}` }))] },
            { name: 'name', label: '分类名称', required: true },
            { name: 'nameEn', label: '英文名称', hint: '可留空' },
          ]} />
      </section>

      <section aria-labelledby="cat-list">
        <h2 id="cat-list">全部分类（{rows.length}）</h2>
        <div className="table-scroll">
          <table className="table-cards">
            <thead><tr><th scope="col">代码</th><th scope="col">名称、英文名称和排序</th></tr></thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.code}>
                  <th scope="row"><span className="code">{c.code}</span></th>
                  <td data-label="名称、英文名称和排序">
                    <SimpleForm action={updateCategoryForm} idPrefix={`cat-${c.code}`} className="inline-form" submit="保存" okText="已保存"
                      fields={[
                        { name: 'code', label: '', type: 'hidden', value: c.code },
                        { name: 'name', label: `${c.code} 名称`, value: c.name },
                        { name: 'nameEn', label: `${c.code} 英文名称`, value: c.nameEn },
                        { name: 'sortOrder', label: `${c.code} 排序`, type: 'number', value: String(c.sortOrder) },
                      ]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
