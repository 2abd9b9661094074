import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/session';
import { PERMISSION_NAMES } from '@/lib/auth/permissions';
import { listTokens, tokenAccounts, DEFAULT_TOKEN_DAYS } from '@/lib/tokens';
import { chinaDate } from '@/lib/calendar';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';
import { formatDateTime } from '@/app/letters/labels';
import { pageNumber } from '@/app/letters/pageNumber';
import { CreateTokenForm, RevokeTokenForm } from './TokenForms';
import { ROLE_LABELS, SCOPE_LABELS } from './labels';

export const metadata: Metadata = { title: 'API 令牌' };

const STATUS_LABEL = { active: '有效', expired: '已过期', revoked: '已撤销' } as const;

export default async function TokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.admin', '/workspace/admin/tokens');
  const page = pageNumber((await searchParams).page);
  const [tokens, accounts] = await Promise.all([listTokens(actor, { page }), tokenAccounts(actor)]);
  const defaultExpiry = chinaDate(new Date(Date.now() + DEFAULT_TOKEN_DAYS * 86_400_000));
  return (
    <>
      <p><Link href="/workspace/admin">← 系统管理</Link></p>
      <h1>API 令牌</h1>
      <p className="lead">
        供 12345 热线、数据办等系统对接接口使用。调用时在请求头加 <code>Authorization: Bearer 令牌</code>；令牌代表所选账号，只能使用所选权限。
        令牌只在创建时显示一次，系统只保存其摘要。说明见 docs/API-TOKENS.md 与 <a href="/api/v1/openapi.json">接口文档</a>。
      </p>

      <section aria-labelledby="tokens-list">
        <h2 id="tokens-list">已有令牌</h2>
        {tokens.items.length === 0 ? <EmptyState>还没有令牌。</EmptyState> : (
          <div className="table-scroll">
            <table>
              <caption>共 {tokens.total} 个</caption>
              <thead>
                <tr>
                  <th scope="col">名称</th><th scope="col">代表账号</th><th scope="col">权限范围</th>
                  <th scope="col">有效期至</th><th scope="col">最近使用</th><th scope="col">状态</th><th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {tokens.items.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">{t.name}<br /><span className="code">{t.prefix}…</span></th>
                    <td>{t.actAs.name}（{ROLE_LABELS[t.actAs.role] ?? t.actAs.role}{t.serviceAccount ? '，服务账号' : ''}{t.actAs.status === 'disabled' ? '，已停用' : ''}）</td>
                    <td><ul className="plain">{t.scopes.map((s) => <li key={s}><span className="code">{s}</span></li>)}</ul></td>
                    <td>{formatDateTime(t.expiresAt)}</td>
                    <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : '从未使用'}</td>
                    <td>{STATUS_LABEL[t.status]}{t.revokedAt ? `（${formatDateTime(t.revokedAt)}）` : ''}</td>
                    <td>{t.status === 'revoked' ? '—' : <RevokeTokenForm id={t.id} name={t.name} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={tokens.page} pageSize={tokens.pageSize} total={tokens.total} basePath="/workspace/admin/tokens" />
      </section>

      <section aria-labelledby="tokens-new">
        <h2 id="tokens-new">新建令牌</h2>
        <CreateTokenForm
          scopes={PERMISSION_NAMES.map((p) => ({ value: p, label: SCOPE_LABELS[p] }))}
          accounts={accounts.map((a) => ({ value: a.id, label: `${a.name}（${ROLE_LABELS[a.role] ?? a.role}${a.department ? `，${a.department}` : ''}）` }))}
          defaultExpiry={defaultExpiry}
        />
      </section>
    </>
  );
}
