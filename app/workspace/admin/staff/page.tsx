import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { listUsers, userListQuery } from '@/lib/accounts/admin';
import { listDepartments } from '@/lib/accounts/departments';
import { listInvitations, STAFF_ROLES } from '@/lib/accounts/invitations';
import { ROLES } from '@/lib/accounts/schema';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { ApiForm, Field } from '@/app/_components/ApiForm';
import { apiFormTexts } from '@/app/_components/api-form-texts';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';
import { formatDateTime } from '@/app/letters/labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('staffAdmin'))('title') };
}

/** User data (names, departments, titles, addresses) is marked so the English check (e2e/english.spec.ts) leaves it alone. */
const U = ({ children }: { children: React.ReactNode }) => <span data-user-content="">{children}</span>;

/**
 * 工作人员与账号 (admin): staff and citizens shown apart, search and filters, per account role / department / title /
 * bio / status and 强制重置密码; invitations by e-mail and their state, with 撤销.
 */
export default async function StaffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.admin', '/workspace/admin/staff');
  const [t, s, locale, texts] = await Promise.all([getTranslations(), getTranslations('staffAdmin'), getLocale(), apiFormTexts()]);
  const deptName = (d: { name: string; nameEn?: string | null }) => (locale === 'en' && d.nameEn) || d.name;
  const raw = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' && v !== '' ? v : undefined);
  // A malformed filter in the address shows the unfiltered first page rather than an error.
  const parsed = userListQuery.safeParse({ page: one(raw.page), role: one(raw.role), q: one(raw.q), kind: one(raw.kind) ?? 'staff', departmentId: one(raw.departmentId), status: one(raw.status) });
  const query = parsed.success ? parsed.data : { page: 1, kind: 'staff' as const };
  const [users, departments, invitations] = await Promise.all([
    listUsers(actor, query),
    listDepartments(db()),
    listInvitations(actor, { status: 'pending' }),
  ]);
  const kind = query.kind ?? 'staff';
  const keep = { kind, role: query.role, q: query.q, departmentId: query.departmentId, status: query.status };

  return (
    <>
      <p><Link href="/workspace/admin">{s('back')}</Link></p>
      <h1>{s('title')}</h1>

      <nav aria-label={s('kinds')} className="tabs">
        <ul>
          <li><Link href="/workspace/admin/staff?kind=staff" aria-current={kind === 'staff' ? 'page' : undefined}>{s('staff')}</Link></li>
          <li><Link href="/workspace/admin/staff?kind=citizen" aria-current={kind === 'citizen' ? 'page' : undefined}>{s('citizens')}</Link></li>
        </ul>
      </nav>

      <form method="get" className="filters" aria-label={s('filters')}>
        <input type="hidden" name="kind" value={kind} />
        <label htmlFor="filter-q">{s('search')}</label>
        <input id="filter-q" name="q" type="search" defaultValue={query.q ?? ''} maxLength={50} placeholder={s('searchPlaceholder')} />
        {kind === 'staff' ? (
          <>
            <label htmlFor="filter-role">{s('role')}</label>
            <select id="filter-role" name="role" defaultValue={query.role ?? ''}>
              <option value="">{s('all')}</option>
              {ROLES.filter((r) => r !== 'citizen').map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
            <label htmlFor="filter-department">{s('department')}</label>
            <select id="filter-department" name="departmentId" defaultValue={query.departmentId ?? ''}>
              <option value="">{s('all')}</option>
              {departments.map((d) => <option key={d.id} value={d.id} data-user-content="">{deptName(d)}</option>)}
            </select>
          </>
        ) : null}
        <label htmlFor="filter-status">{s('status')}</label>
        <select id="filter-status" name="status" defaultValue={query.status ?? ''}>
          <option value="">{s('all')}</option>
          <option value="active">{s('active')}</option>
          <option value="disabled">{s('disabled')}</option>
        </select>
        <button type="submit">{s('filter')}</button>
      </form>

      <section aria-labelledby="staff-list">
        <h2 id="staff-list">{s('count', { kind: kind === 'staff' ? s('staff') : s('citizens'), total: users.total })}</h2>
        {users.items.length === 0 ? (
          <EmptyState>{s('none')}</EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="table-cards">
              <thead>
                <tr>
                  <th scope="col">{s('colName')}</th>
                  <th scope="col">{s('colLogin')}</th>
                  <th scope="col">{s('colRoleDepartment')}</th>
                  <th scope="col">{s('colStatus')}</th>
                  <th scope="col">{s('colManage')}</th>
                </tr>
              </thead>
              <tbody>
                {users.items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row"><U>{u.name}{u.title ? `（${u.title}）` : ''}</U></th>
                    <td data-label={s('colLogin')}><U>{u.email ?? u.phone}</U></td>
                    <td data-label={s('colRoleDepartment')}>{t(`roles.${u.role}`)}{u.department ? <> · <U>{u.department}</U></> : ''}</td>
                    <td data-label={s('colStatus')}>{u.status === 'active' ? s('active') : <span className="tag tag-warn">{s('disabled')}</span>}</td>
                    <td data-label={s('colManage')}>
                      {u.id === actor.user.publicId ? (
                        <span>{s.rich('yourself', { link: (chunks) => <Link href="/account">{chunks}</Link> })}</span>
                      ) : (
                        <details>
                          <summary>{s('edit')} <U>{u.name}</U></summary>
                          <ApiForm endpoint={`/api/v1/admin/users/${u.id}`} method="PATCH" idPrefix={`user-${u.id}`} submitLabel={s('save')} successMessage={s('saved')} texts={texts}
                            nullIfEmpty={['departmentId', 'title', 'bio']}>
                            <div className="field">
                              <label htmlFor={`user-${u.id}-role`}>{s('role')}</label>
                              <select id={`user-${u.id}-role`} name="role" defaultValue={u.role}>
                                {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
                              </select>
                            </div>
                            <div className="field">
                              <label htmlFor={`user-${u.id}-departmentId`}>{s('departmentRequired')}</label>
                              <select id={`user-${u.id}-departmentId`} name="departmentId" defaultValue={u.departmentId ?? ''}>
                                <option value="">—</option>
                                {departments.map((d) => <option key={d.id} value={d.id} data-user-content="">{deptName(d)}</option>)}
                              </select>
                            </div>
                            <Field form={`user-${u.id}`} name="title" label={s('titleField')} defaultValue={u.title ?? ''} maxLength={30} />
                            <div className="field">
                              <label htmlFor={`user-${u.id}-bio`}>{s('bio')}</label>
                              <textarea id={`user-${u.id}-bio`} name="bio" defaultValue={u.bio ?? ''} maxLength={500} rows={3} />
                            </div>
                            <div className="field">
                              <label htmlFor={`user-${u.id}-status`}>{s('status')}</label>
                              <select id={`user-${u.id}-status`} name="status" defaultValue={u.status}>
                                <option value="active">{s('active')}</option>
                                <option value="disabled">{s('disable')}</option>
                              </select>
                            </div>
                          </ApiForm>
                          {u.email && u.status === 'active' ? (
                            <ApiForm endpoint={`/api/v1/admin/users/${u.id}/password-reset`} idPrefix={`reset-${u.id}`} submitLabel={<>{s('forceReset')} <U>{u.name}</U></>}
                              successMessage={s('forceResetDone')} texts={texts} buttonClassName="danger" />
                          ) : null}
                        </details>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={users.page} pageSize={users.pageSize} total={users.total} basePath="/workspace/admin/staff" query={keep} />
      </section>

      <section aria-labelledby="invite">
        <h2 id="invite">{s('invite')}</h2>
        <p>{s('inviteIntro')}</p>
        <ApiForm endpoint="/api/v1/admin/invitations" idPrefix="invite" submitLabel={s('sendInvite')} successMessage={s('inviteSent')} texts={texts} nullIfEmpty={['departmentId', 'title']}>
          <Field form="invite" name="email" label={s('email')} type="email" autoComplete="off" maxLength={200} required />
          <Field form="invite" name="name" label={s('name')} maxLength={30} required />
          <div className="field">
            <label htmlFor="invite-role">{s('role')}</label>
            <select id="invite-role" name="role" defaultValue="handler">
              {STAFF_ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="invite-departmentId">{s('departmentRequired')}</label>
            <select id="invite-departmentId" name="departmentId" defaultValue="">
              <option value="">—</option>
              {departments.map((d) => <option key={d.id} value={d.id} data-user-content="">{deptName(d)}</option>)}
            </select>
          </div>
          <Field form="invite" name="title" label={s('inviteTitle')} maxLength={30} />
          <div className="field">
            <label htmlFor="invite-locale">{s('inviteLocale')}</label>
            <span className="hint" id="invite-locale-hint">{s('inviteLocaleHint')}</span>
            {/* The inviting admin's language first: the one this page is in. */}
            <select id="invite-locale" name="locale" defaultValue={locale} aria-describedby="invite-locale-hint">
              <option value="zh-CN">{s('localeZh')}</option>
              <option value="en">{s('localeEn')}</option>
            </select>
          </div>
        </ApiForm>
      </section>

      <section aria-labelledby="invitations">
        <h2 id="invitations">{s('pending', { total: invitations.total })}</h2>
        {invitations.items.length === 0 ? (
          <EmptyState>{s('noPending')}</EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="table-cards">
              <thead>
                <tr><th scope="col">{s('colInvitee')}</th><th scope="col">{s('role')}</th><th scope="col">{s('colInvitedBy')}</th><th scope="col">{s('colExpires')}</th><th scope="col">{s('status')}</th><th scope="col">{s('colAction')}</th></tr>
              </thead>
              <tbody>
                {invitations.items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row"><U>{i.name}</U>{locale === 'en' ? ' (' : '（'}<U>{i.email}</U>{locale === 'en' ? ')' : '）'}</th>
                    <td data-label={s('role')}>{t(`roles.${i.role}`)}{i.department ? <> · <U>{i.department}</U></> : ''}{i.title ? <> · <U>{i.title}</U></> : ''}</td>
                    <td data-label={s('colInvitedBy')}><U>{i.invitedBy}</U></td>
                    <td data-label={s('colExpires')}>{formatDateTime(i.expiresAt, locale)}</td>
                    <td data-label={s('status')}>{s(`invitationStatus.${i.status}`)}</td>
                    <td data-label={s('colAction')}>
                      <ApiForm endpoint={`/api/v1/admin/invitations/${i.id}`} method="DELETE" idPrefix={`revoke-${i.id}`} submitLabel={<>{s('revoke')} <U>{i.email}</U></>} successMessage={s('revoked')} texts={texts} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {invitations.total > invitations.items.length ? <p>{s('newestOnly', { count: invitations.items.length })}</p> : null}
      </section>
    </>
  );
}
