import type { Metadata } from 'next';
import { requirePermission } from '@/lib/auth/session';
import { listOutbox } from '@/lib/notifications';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';
import { formatDateTime } from '@/app/letters/labels';
import { pageNumber } from '@/app/letters/pageNumber';

export const metadata: Metadata = { title: '邮件发件箱' };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.admin', '/workspace/admin/outbox');
  const params = await searchParams;
  const to = typeof params.to === 'string' ? params.to.trim().slice(0, 254) : '';
  const outbox = await listOutbox(actor, { page: pageNumber(params.page), ...(to ? { to } : {}) });
  return (
    <>
      <h1>邮件发件箱</h1>
      <p className="lead">系统发出的通知邮件。设置 SMTP_URL 后由服务器发送；未设置时邮件保留在这里，不会发出。接口：GET /api/v1/admin/outbox?to=&amp;page=</p>
      <form method="get" className="filters" role="search" aria-label="按收件人筛选">
        <label htmlFor="outbox-to">收件人</label>{' '}
        <input id="outbox-to" name="to" type="email" defaultValue={to} maxLength={254} />{' '}
        <button type="submit">筛选</button>
      </form>
      {outbox.items.length === 0 ? <EmptyState>{to ? '没有发给这个地址的邮件。' : '暂无邮件。'}</EmptyState> : (
        <div className="table-scroll">
          <table>
            <caption>共 {outbox.total} 封</caption>
            <thead>
              <tr><th scope="col">时间</th><th scope="col">收件人</th><th scope="col">主题与内容</th><th scope="col">状态</th></tr>
            </thead>
            <tbody>
              {outbox.items.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.createdAt)}</td>
                  <td>{m.to}</td>
                  <th scope="row"><details><summary>{m.subject}</summary><p className="prewrap">{m.text}</p></details></th>
                  <td>{m.sentAt ? `已发送 ${formatDateTime(m.sentAt)}` : m.lastError ? `发送失败（${m.attempts} 次）：${m.lastError}` : '待发送'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={outbox.page} pageSize={outbox.pageSize} total={outbox.total} basePath="/workspace/admin/outbox" query={{ to: to || undefined }} />
    </>
  );
}
