import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { listUsers, userListQuery } from '@/lib/accounts/admin';
import { listDepartments } from '@/lib/accounts/departments';
import { listInvitations, STAFF_ROLES } from '@/lib/accounts/invitations';
import { ROLES } from '@/lib/accounts/schema';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { ApiForm, Field } from '@/app/_components/ApiForm';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';

export const metadata: Metadata = { title: '工作人员与账号' };

const beijing = (d: Date) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(d);
const INVITATION_STATUS = { pending: '待接受', accepted: '已接受', expired: '已过期', revoked: '已撤销' } as const;

/**
 * 工作人员与账号 (admin): staff and citizens shown apart, search and filters, per account role / department / title /
 * bio / status and 强制重置密码; invitations by e-mail and their state, with 撤销.
 */
export default async function StaffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.admin', '/workspace/admin/staff');
  const t = await getTranslations();
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
      <p><Link href="/workspace/admin">返回系统管理</Link></p>
      <h1>工作人员与账号</h1>

      <nav aria-label="账号类别" className="tabs">
        <ul>
          <li><Link href="/workspace/admin/staff?kind=staff" aria-current={kind === 'staff' ? 'page' : undefined}>工作人员</Link></li>
          <li><Link href="/workspace/admin/staff?kind=citizen" aria-current={kind === 'citizen' ? 'page' : undefined}>市民</Link></li>
        </ul>
      </nav>

      <form method="get" className="filters" aria-label="筛选账号">
        <input type="hidden" name="kind" value={kind} />
        <label htmlFor="filter-q">搜索</label>
        <input id="filter-q" name="q" type="search" defaultValue={query.q ?? ''} maxLength={50} placeholder="姓名、邮箱或手机号" />
        {kind === 'staff' ? (
          <>
            <label htmlFor="filter-role">角色</label>
            <select id="filter-role" name="role" defaultValue={query.role ?? ''}>
              <option value="">全部</option>
              {ROLES.filter((r) => r !== 'citizen').map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
            <label htmlFor="filter-department">部门</label>
            <select id="filter-department" name="departmentId" defaultValue={query.departmentId ?? ''}>
              <option value="">全部</option>
              {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          </>
        ) : null}
        <label htmlFor="filter-status">状态</label>
        <select id="filter-status" name="status" defaultValue={query.status ?? ''}>
          <option value="">全部</option>
          <option value="active">正常</option>
          <option value="disabled">已停用</option>
        </select>
        <button type="submit">筛选</button>
      </form>

      <section aria-labelledby="staff-list">
        <h2 id="staff-list">{kind === 'staff' ? '工作人员' : '市民'}（共 {users.total} 个）</h2>
        {users.items.length === 0 ? (
          <EmptyState>没有符合条件的账号。</EmptyState>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">登录</th>
                  <th scope="col">角色 / 部门</th>
                  <th scope="col">状态</th>
                  <th scope="col">管理</th>
                </tr>
              </thead>
              <tbody>
                {users.items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">{u.name}{u.title ? `（${u.title}）` : ''}</th>
                    <td>{u.email ?? u.phone}</td>
                    <td>{t(`roles.${u.role}`)}{u.department ? ` · ${u.department}` : ''}</td>
                    <td>{u.status === 'active' ? '正常' : <span className="tag tag-warn">已停用</span>}</td>
                    <td>
                      {u.id === actor.user.publicId ? (
                        <span>（您本人：请在<Link href="/account">账号设置</Link>中修改）</span>
                      ) : (
                        <details>
                          <summary>编辑 {u.name}</summary>
                          <ApiForm endpoint={`/api/v1/admin/users/${u.id}`} method="PATCH" idPrefix={`user-${u.id}`} submitLabel="保存" successMessage="已保存。"
                            nullIfEmpty={['departmentId', 'title', 'bio']}>
                            <div className="field">
                              <label htmlFor={`user-${u.id}-role`}>角色</label>
                              <select id={`user-${u.id}-role`} name="role" defaultValue={u.role}>
                                {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
                              </select>
                            </div>
                            <div className="field">
                              <label htmlFor={`user-${u.id}-departmentId`}>部门（办理人员、领导必填）</label>
                              <select id={`user-${u.id}-departmentId`} name="departmentId" defaultValue={u.departmentId ?? ''}>
                                <option value="">—</option>
                                {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
                              </select>
                            </div>
                            <Field form={`user-${u.id}`} name="title" label="职务（访谈中显示，如 副局长）" defaultValue={u.title ?? ''} maxLength={30} />
                            <div className="field">
                              <label htmlFor={`user-${u.id}-bio`}>简介（访谈中显示，最多 500 字）</label>
                              <textarea id={`user-${u.id}-bio`} name="bio" defaultValue={u.bio ?? ''} maxLength={500} rows={3} />
                            </div>
                            <div className="field">
                              <label htmlFor={`user-${u.id}-status`}>状态</label>
                              <select id={`user-${u.id}-status`} name="status" defaultValue={u.status}>
                                <option value="active">正常</option>
                                <option value="disabled">停用</option>
                              </select>
                            </div>
                          </ApiForm>
                          {u.email && u.status === 'active' ? (
                            <ApiForm endpoint={`/api/v1/admin/users/${u.id}/password-reset`} idPrefix={`reset-${u.id}`} submitLabel={`强制 ${u.name} 重置密码`}
                              successMessage="原密码已失效、登录已退出，重置链接已发送到其邮箱。" buttonClassName="danger" />
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
        <h2 id="invite">邀请工作人员</h2>
        <p>被邀请人会收到一封邮件，其中的链接 72 小时内有效、只能使用一次；打开后设置密码即可登录。</p>
        <ApiForm endpoint="/api/v1/admin/invitations" idPrefix="invite" submitLabel="发送邀请" successMessage="邀请已发送。" nullIfEmpty={['departmentId', 'title']}>
          <Field form="invite" name="email" label="邮箱" type="email" autoComplete="off" maxLength={200} required />
          <Field form="invite" name="name" label="姓名" maxLength={30} required />
          <div className="field">
            <label htmlFor="invite-role">角色</label>
            <select id="invite-role" name="role" defaultValue="handler">
              {STAFF_ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="invite-departmentId">部门（办理人员、领导必填）</label>
            <select id="invite-departmentId" name="departmentId" defaultValue="">
              <option value="">—</option>
              {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          </div>
          <Field form="invite" name="title" label="职务（领导，如 副局长）" maxLength={30} />
        </ApiForm>
      </section>

      <section aria-labelledby="invitations">
        <h2 id="invitations">待接受的邀请（{invitations.total}）</h2>
        {invitations.items.length === 0 ? (
          <EmptyState>没有待接受的邀请。</EmptyState>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr><th scope="col">被邀请人</th><th scope="col">角色</th><th scope="col">邀请人</th><th scope="col">有效期至</th><th scope="col">状态</th><th scope="col">操作</th></tr>
              </thead>
              <tbody>
                {invitations.items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">{i.name}（{i.email}）</th>
                    <td>{t(`roles.${i.role}`)}{i.department ? ` · ${i.department}` : ''}{i.title ? ` · ${i.title}` : ''}</td>
                    <td>{i.invitedBy}</td>
                    <td>{beijing(i.expiresAt)}</td>
                    <td>{INVITATION_STATUS[i.status]}</td>
                    <td>
                      <ApiForm endpoint={`/api/v1/admin/invitations/${i.id}`} method="DELETE" idPrefix={`revoke-${i.id}`} submitLabel={`撤销对 ${i.email} 的邀请`} successMessage="已撤销。" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {invitations.total > invitations.items.length ? <p>只显示最新的 {invitations.items.length} 个。</p> : null}
      </section>
    </>
  );
}
