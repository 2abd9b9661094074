import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { PERMISSION_NAMES } from '@/lib/auth/permissions';
import { listTokens, tokenAccounts, DEFAULT_TOKEN_DAYS } from '@/lib/tokens';
import { chinaDate } from '@/lib/calendar';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';
import { formatDateTime } from '@/app/letters/labels';
import { pageNumber } from '@/app/letters/pageNumber';
import { CreateTokenForm, RevokeTokenForm, type TokenFormTexts } from './TokenForms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('tokensAdmin'))('title') };
}

/** Account and token names are user data: marked for the English check (e2e/english.spec.ts). */
const U = ({ children }: { children: React.ReactNode }) => <span data-user-content="">{children}</span>;

export default async function TokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.admin', '/workspace/admin/tokens');
  const page = pageNumber((await searchParams).page);
  const [tokens, accounts, t, roles, locale] = await Promise.all([
    listTokens(actor, { page }), tokenAccounts(actor), getTranslations('tokensAdmin'), getTranslations('roles'), getLocale(),
  ]);
  const role = (r: string) => (roles.has(r) ? roles(r) : r);
  // 林办事（办理人员，文化市场管理处） in Chinese, "Name (handler, department)" in English.
  const zh = locale !== 'en';
  const paren = (name: string, parts: Array<string | null>) =>
    zh ? `${name}（${parts.filter(Boolean).join('，')}）` : `${name} (${parts.filter(Boolean).join(', ')})`;
  const texts: TokenFormTexts = Object.fromEntries(
    (['created', 'copyNow', 'token', 'usage', 'notCreated', 'name', 'nameHint', 'scopes', 'scopesHint', 'expiresOn', 'expiresOnHint', 'actAs',
      'actAsHint', 'newServiceAccount', 'create', 'revoke', 'revokeLabel'] as const)
      // `{name}` stays a placeholder: the form fills in the token's name.
      .map((key) => [key, t(key, { name: '{name}' })]),
  ) as TokenFormTexts;
  const defaultExpiry = chinaDate(new Date(Date.now() + DEFAULT_TOKEN_DAYS * 86_400_000));
  return (
    <>
      <p><Link href="/workspace/admin">{t('back')}</Link></p>
      <h1>{t('title')}</h1>
      <p className="lead">
        {t.rich('intro', { code: (chunks) => <code>{chunks}</code>, link: (chunks) => <a href="/api/v1/openapi.json">{chunks}</a> })}
      </p>

      <section aria-labelledby="tokens-list">
        <h2 id="tokens-list">{t('list')}</h2>
        {tokens.items.length === 0 ? <EmptyState>{t('none')}</EmptyState> : (
          <div className="table-scroll">
            <table className="table-cards">
              <caption>{t('count', { total: tokens.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colName')}</th><th scope="col">{t('colAccount')}</th><th scope="col">{t('colScopes')}</th>
                  <th scope="col">{t('colExpires')}</th><th scope="col">{t('colLastUsed')}</th><th scope="col">{t('colStatus')}</th><th scope="col">{t('colAction')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.items.map((k) => (
                  <tr key={k.id}>
                    <th scope="row"><U>{k.name}</U><br /><span className="code">{k.prefix}…</span></th>
                    <td data-label={t('colAccount')}><U>{k.actAs.name}</U>{zh ? '（' : ' ('}{role(k.actAs.role)}{k.serviceAccount ? t('serviceAccount') : ''}{k.actAs.status === 'disabled' ? t('accountDisabled') : ''}{zh ? '）' : ')'}</td>
                    <td data-label={t('colScopes')}><ul className="plain">{k.scopes.map((s) => <li key={s}><span className="code">{s}</span></li>)}</ul></td>
                    <td data-label={t('colExpires')}>{formatDateTime(k.expiresAt, locale)}</td>
                    <td data-label={t('colLastUsed')}>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : t('neverUsed')}</td>
                    <td data-label={t('colStatus')}>{t(`status.${k.status}`)}{k.revokedAt ? (zh ? `（${formatDateTime(k.revokedAt, locale)}）` : ` (${formatDateTime(k.revokedAt, locale)})`) : ''}</td>
                    <td data-label={t('colAction')}>{k.status === 'revoked' ? '—' : <RevokeTokenForm id={k.id} name={k.name} texts={texts} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={tokens.page} pageSize={tokens.pageSize} total={tokens.total} basePath="/workspace/admin/tokens" />
      </section>

      <section aria-labelledby="tokens-new">
        <h2 id="tokens-new">{t('new')}</h2>
        <CreateTokenForm
          scopes={PERMISSION_NAMES.map((p) => ({ value: p, label: t(`scopeLabels.${p.replace('.', '_')}`) }))}
          accounts={accounts.map((a) => ({ value: a.id, label: paren(a.name, [role(a.role), a.department]) }))}
          texts={texts}
          defaultExpiry={defaultExpiry}
        />
      </section>
    </>
  );
}
