import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { listDepartmentsForAdmin } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { EmptyState } from '@/app/_components/EmptyState';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { createDepartmentForm, setDepartmentActive, updateDepartmentForm } from '../settings-actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('departmentsAdmin'))('title') };
}

/** Departments: create, rename, describe, order, deactivate (moving open letters) and reactivate. */
export default async function DepartmentsPage() {
  const actor = await requirePermission('admin.departments', '/workspace/admin/departments');
  const [all, t, locale] = await Promise.all([listDepartmentsForAdmin(actor), getTranslations('departmentsAdmin'), getLocale()]);
  // A department's name is user data: marked for the English check, or its English name where one was given.
  const label = (d: { name: string; nameEn: string | null }) => (locale === 'en' && d.nameEn) || d.name;
  const active = all.filter((d) => d.active);
  return (
    <>
      <p><Link href="/workspace/admin">{t('back')}</Link></p>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>

      <section aria-labelledby="dept-new">
        <h2 id="dept-new">{t('new')}</h2>
        <SimpleForm action={createDepartmentForm} idPrefix="dept-new" submit={t('new')} okText={t('created')}
          fields={[
            { name: 'name', label: t('name'), required: true },
            { name: 'nameEn', label: t('nameEn'), hint: t('nameEnHint') },
            { name: 'description', label: t('duties'), type: 'textarea', rows: 3 },
            { name: 'phone', label: t('phone'), type: 'tel' },
          ]} />
      </section>

      <section aria-labelledby="dept-list">
        <h2 id="dept-list">{t('all', { count: all.length })}</h2>
        {all.length === 0 ? <EmptyState>{t('none')}</EmptyState> : null}
        {all.map((d) => (
          <article key={d.id} className="card" aria-labelledby={`dept-${d.id}-title`}>
            <h3 id={`dept-${d.id}-title`}>
              <span data-user-content="">{d.name}</span> <span className={d.active ? 'tag tag-ok' : 'tag tag-warn'}>{d.active ? t('inUse') : t('disabled')}</span>
            </h3>
            <p>{t('counts', { open: d.openLetters, staff: d.staff })}</p>
            <details>
              <summary>{t('edit')} <span data-user-content="">{d.name}</span></summary>
              <SimpleForm action={updateDepartmentForm} idPrefix={`dept-${d.id}`} submit={t('save')} okText={t('saved')}
                fields={[
                  { name: 'id', label: '', type: 'hidden', value: d.id },
                  { name: 'name', label: t('name'), value: d.name, required: true },
                  { name: 'nameEn', label: t('nameEn'), value: d.nameEn },
                  { name: 'description', label: t('duties'), type: 'textarea', rows: 3, value: d.duties },
                  { name: 'phone', label: t('phone'), type: 'tel', value: d.phone },
                  { name: 'sortOrder', label: t('sortOrder'), type: 'number', value: String(d.sortOrder) },
                ]} />
            </details>
            {d.active ? (
              <SimpleForm action={setDepartmentActive} idPrefix={`dept-${d.id}-off`} className="inline-form" submit={<>{t('disable')} <span data-user-content="">{d.name}</span></>} okText={t('disabled')}
                fields={[
                  { name: 'id', label: '', type: 'hidden', value: d.id },
                  { name: 'active', label: '', type: 'hidden', value: 'false' },
                  ...(d.openLetters > 0 || d.staff > 0 ? [{
                    name: 'moveOpenTo', label: t('moveTo', { count: d.openLetters, staff: d.staff }), type: 'select' as const, value: '',
                    options: [{ value: '', label: t('chooseDepartment') }, ...active.filter((o) => o.id !== d.id).map((o) => ({ value: o.id, label: label(o) }))],
                  }] : []),
                ]} />
            ) : (
              <SimpleForm action={setDepartmentActive} idPrefix={`dept-${d.id}-on`} className="inline-form" submit={<>{t('enable')} <span data-user-content="">{d.name}</span></>} okText={t('enabled')}
                fields={[{ name: 'id', label: '', type: 'hidden', value: d.id }, { name: 'active', label: '', type: 'hidden', value: 'true' }]} />
            )}
          </article>
        ))}
      </section>
    </>
  );
}
