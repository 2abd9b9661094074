import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { TOPICS_PERMISSION } from '@/lib/topics/admin';
import { listDistrictsForAdmin } from '@/lib/topics/districts';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { createDistrictForm, setDistrictActiveForm, updateDistrictForm } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('districtsAdmin'))('title') };
}

/**
 * 所在区 (issue 17 item 3): the districts a letter may name. Add, rename, reorder, deactivate and activate again;
 * never delete (lib/topics/districts.ts). Beside the topic tree, under the same permission.
 */
export default async function DistrictsPage() {
  const actor = await requirePermission(TOPICS_PERMISSION, '/workspace/admin/districts');
  const [rows, t] = await Promise.all([listDistrictsForAdmin(actor), getTranslations('districtsAdmin')]);
  return (
    <>
      <p><Link href="/workspace/admin">{t('back')}</Link></p>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>

      <section aria-labelledby="district-new">
        <h2 id="district-new">{t('newHeading')}</h2>
        <SimpleForm action={createDistrictForm} idPrefix="district-new" submit={t('create')} okText={t('created')}
          fields={[
            { name: 'code', label: t('code'), hint: t('codeHint'), required: true },
            { name: 'name', label: t('name'), required: true },
            { name: 'nameEn', label: t('nameEn'), hint: t('nameEnHint') },
          ]} />
      </section>

      <section aria-labelledby="district-list">
        <h2 id="district-list">{t('listHeading', { count: rows.length })}</h2>
        <div className="table-scroll">
          <table>
            <thead><tr><th scope="col">{t('colDistrict')}</th><th scope="col">{t('colEdit')}</th></tr></thead>
            <tbody>
              {rows.map((r) => {
                const f = (field: string) => t('fieldFor', { district: r.name, field });
                return (
                  <tr key={r.id} data-testid={`district-${r.code}`}>
                    <th scope="row">
                      <span data-user-content="">{r.name}</span> <span className="hint">{r.code}</span>
                      <br /><span className="hint">{t('letters', { count: r.letters })}{r.active ? '' : ` · ${t('inactive')}`}</span>
                    </th>
                    <td>
                      <SimpleForm action={updateDistrictForm} idPrefix={`district-${r.id}`} className="inline-form" submit={t('save')} okText={t('saved')}
                        fields={[
                          { name: 'id', label: '', type: 'hidden', value: String(r.id) },
                          { name: 'name', label: f(t('name')), value: r.name },
                          { name: 'nameEn', label: f(t('nameEn')), value: r.nameEn },
                          { name: 'sortOrder', label: f(t('sortOrder')), type: 'number', value: String(r.sortOrder) },
                        ]} />
                      <SimpleForm action={setDistrictActiveForm} idPrefix={`district-active-${r.id}`} className="inline-form" danger={r.active}
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
