import type { Metadata } from 'next';
import Link from 'next/link';
import { DeadlineReminder } from '@/app/disclosure/annual-report/DeadlineReminder';
import { getLocale, getTranslations } from 'next-intl/server';
import { listUsers } from '@/lib/accounts/admin';
import { listDepartments } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { listCalendarYears } from '@/lib/calendar';
import { db } from '@/lib/db';
import { categoryTree } from '@/lib/disclosure/categories';
import { Pagination } from '@/app/_components/Pagination';
import { UserRowForm } from './UserRowForm';
import { ComplianceRadar } from '../ComplianceRadar';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('workspaces'))('admin') };
}

export default async function AdminWorkspace({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.admin', '/workspace/admin');
  const t = await getTranslations();
  const en = (await getLocale()) === 'en';
  const params = await searchParams;
  // A malformed page number in the address shows the first page rather than an error.
  const requested = Number(params.page);
  const page = Number.isInteger(requested) && requested >= 1 && requested <= 10_000 ? requested : 1;
  const users = await listUsers(actor, { page });
  const [departments, years, categories] = await Promise.all([listDepartments(db()), listCalendarYears(db()), categoryTree(db())]);

  return (
    <>
      <h1>{t('workspaces.admin')}</h1>
      <p className="lead">{t('workspace.adminIntro')}</p>
      <p><Link href="/workspace/supervision">{t('supervision.link')}</Link> · <Link href="/workspace/hotspots">{t('hotspots.link')}</Link> · <Link href="/actions">{t('actions.link')}</Link></p>
      <ComplianceRadar />
      <DeadlineReminder link />

      <section aria-labelledby="admin-organisation">
        <h2 id="admin-organisation">{t('workspace.organisation')}</h2>
        <p>{t('workspace.organisationText')} <Link href="/workspace/admin/organisation">{t('workspace.organisationLink')}</Link></p>
      </section>

      <section aria-labelledby="admin-users">
        <h2 id="admin-users">{t('workspace.users')}</h2>
        <p><Link href="/workspace/admin/staff">{t('adminUi.staffLink')}</Link></p>
        <p>{t('workspace.userCount', { total: users.total })}</p>
        <div className="table-scroll">
          <table className="table-cards">
            <thead>
              <tr>
                <th scope="col">{t('workspace.colName')}</th>
                <th scope="col">{t('workspace.colLogin')}</th>
                <th scope="col">{t('workspace.colRole')} / {t('workspace.colDepartment')} / {t('workspace.colStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row"><span data-user-content="">{u.name}</span>{u.title ? <>{en ? ' (' : '（'}<span data-user-content="">{u.title}</span>{en ? ')' : '）'}</> : null}</th>
                  <td data-label={t('workspace.colLogin')}>{u.email ?? u.phone}</td>
                  <td data-label={`${t('workspace.colRole')} / ${t('workspace.colDepartment')} / ${t('workspace.colStatus')}`}>
                    {u.id === actor.user.publicId ? (
                      <span>{t(`roles.${u.role}`)}</span>
                    ) : (
                      <UserRowForm userId={u.id} userName={u.name} role={u.role} departmentId={u.departmentId} status={u.status}
                        departments={departments.map((d) => ({ id: d.id, name: en ? d.nameEn : d.name }))} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={users.page} pageSize={users.pageSize} total={users.total} basePath="/workspace/admin" />
      </section>

      <section aria-labelledby="admin-calendar">
        <h2 id="admin-calendar">{t('workspace.calendar')}</h2>
        {years.map((y) => (
          <div key={y.year}>
            <h3>
              {t('calendarAdmin.yearHeading', { year: y.year })}{' '}
              <span className={y.status === 'announced' ? 'tag tag-ok' : 'tag tag-warn'}>
                {y.status === 'announced' ? t('workspace.announced') : t('workspace.provisional')}
              </span>
            </h3>
            <p>
              {t('workspace.holidays', { count: y.days.filter((d) => d.kind === 'holiday').length })} ·{' '}
              {t('workspace.workdays', { count: y.days.filter((d) => d.kind === 'workday').length })}
            </p>
            {y.status === 'provisional' ? <p className="notice">{t('workspace.provisionalNote', { year: y.year })}</p> : null}
          </div>
        ))}
        <p><Link href="/workspace/admin/calendar">{t('calendarAdmin.manageLink')}</Link></p>
      </section>

      <section aria-labelledby="admin-accountability">
        <h2 id="admin-accountability">{t('accountabilityAdmin.title')}</h2>
        <p>{t('accountabilityAdmin.intro')}</p>
        <p><Link href="/workspace/admin/accountability">{t('accountabilityAdmin.manageLink')}</Link> · <Link href="/workspace/bulletins">{t('bulletins.title')}</Link></p>
      </section>

      <section aria-labelledby="admin-outbox">
        <h2 id="admin-outbox">{t('adminUi.outbox')}</h2>
        <p>{t('adminUi.outboxText')}<Link href="/workspace/admin/outbox">{t('adminUi.outboxLink')}</Link></p>
      </section>

      <section aria-labelledby="admin-tokens">
        <h2 id="admin-tokens">{t('adminUi.tokens')}</h2>
        <p>{t('adminUi.tokensText')}<Link href="/workspace/admin/tokens">{t('adminUi.tokensLink')}</Link></p>
      </section>

      <section aria-labelledby="admin-departments">
        <h2 id="admin-departments">{t('workspace.departments')}</h2>
        <ul>
          {departments.map((d) => <li key={d.id}>{en ? d.nameEn || d.name : d.name}{d.phone ? ` · ${d.phone}` : ''}</li>)}
        </ul>
        <p><Link href="/workspace/admin/departments">{t('workspace.departmentsLink')}</Link></p>
      </section>

      <section aria-labelledby="admin-categories">
        <h2 id="admin-categories">{t('workspace.categories')}</h2>
        <ul>
          {categories.map((c) => (
            <li key={c.code}>
              <span className="code">{c.code}</span>{en ? c.nameEn : c.name}
              {c.children.length ? ` — ${c.children.map((k) => (en ? k.nameEn : k.name)).join(t('adminUi.listSeparator'))}` : ''}
            </li>
          ))}
        </ul>
        <p><Link href="/workspace/admin/categories">{t('workspace.categoriesLink')}</Link></p>
        <p><Link href="/workspace/admin/topics">{t('topicsUi.adminLink')}</Link></p>
        <p><Link href="/workspace/admin/districts">{t('districtsAdmin.adminLink')}</Link></p>
      </section>
    </>
  );
}
