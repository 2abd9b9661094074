import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listDepartments } from '@/lib/accounts/departments';
import { db } from '@/lib/db';
import { listSupervision, supervisionQuery, SUPERVISION_RISKS, SUPERVISION_SORTS, type SupervisionItem } from '@/lib/accountability/supervision';
import { CASE_KINDS } from '@/lib/accountability/schema';
import { EmptyState } from '@/app/_components/EmptyState';
import { LiveRefresh } from '@/app/_components/LiveRefresh';
import { Pagination } from '@/app/_components/Pagination';
import { SupervisionTable, type BoardColumn, type BoardRow } from './SupervisionTable';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('supervision'))('title') };
}

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const RISK_TAG: Record<string, string> = { due_soon: 'tag tag-warn', overdue: 'tag tag-danger', days60: 'tag tag-danger', days90: 'tag tag-danger' };

/**
 * 督办台: every open case the reader may supervise (lib/accountability/supervision.ts decides: moderators and admins
 * bureau-wide, a leader the own department's letters and the bureau's applications — read-only, without a link to
 * the office's page), most urgent first, refreshed live when a letter or an application changes.
 */
export default async function SupervisionPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePermission('supervision.read', '/workspace/supervision');
  const t = await getTranslations('supervision');
  const params = await searchParams;
  const en = (await getLocale()) === 'en';
  const raw = { departmentId: first(params.departmentId), kind: first(params.kind), risk: first(params.risk), sort: first(params.sort), page: first(params.page) };
  const parsed = supervisionQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : { page: 1, sort: 'due' as const };
  const everything = actor.user.role === 'moderator' || actor.user.role === 'admin';
  // A leader's board is the own department's: a filter on another one shows the own department instead.
  const effective = everything ? query : { ...query, departmentId: undefined };
  const [list, departments] = await Promise.all([listSupervision(actor, effective), everything ? listDepartments(db()) : Promise.resolve([])]);
  // The default order stays out of addresses, so the plain board link and a filtered one read the same.
  const filters = { departmentId: effective.departmentId, kind: effective.kind, risk: effective.risk, sort: effective.sort === 'due' ? undefined : effective.sort };
  const csvQuery = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]).toString();
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{everything ? t('intro') : t('introLeader')}</p>
      {!parsed.success ? <p className="notice" role="alert">{t('badFilter')}</p> : null}
      <form method="get" className="inline-form" role="search" aria-label={t('filterLabel')}>
        {everything ? (
          <>
            <label htmlFor="sv-department">{t('department')}</label>
            <select id="sv-department" name="departmentId" defaultValue={filters.departmentId ?? ''}>
              <option value="">{t('allDepartments')}</option>
              {departments.map((d) => <option key={d.id} value={d.id}>{(en && d.nameEn) || d.name}</option>)}
            </select>
          </>
        ) : null}
        <label htmlFor="sv-kind">{t('kind')}</label>
        <select id="sv-kind" name="kind" defaultValue={filters.kind ?? ''}>
          <option value="">{t('allKinds')}</option>
          {CASE_KINDS.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
        </select>
        <label htmlFor="sv-risk">{t('risk')}</label>
        <select id="sv-risk" name="risk" defaultValue={filters.risk ?? ''}>
          <option value="">{t('allRisks')}</option>
          {SUPERVISION_RISKS.map((r) => <option key={r} value={r}>{t(`risks.${r}`)}</option>)}
        </select>
        <label htmlFor="sv-sort">{t('sort')}</label>
        <select id="sv-sort" name="sort" defaultValue={effective.sort}>
          {SUPERVISION_SORTS.map((s) => <option key={s} value={s}>{t(`sorts.${s}`)}</option>)}
        </select>
        <button type="submit">{t('filterSubmit')}</button>
      </form>
      <p><a href={`/api/v1/supervision/export.csv${csvQuery ? `?${csvQuery}` : ''}`} download data-testid="supervision-csv">{t('exportCsv')}</a></p>
      <LiveRefresh subscribe={{ supervision: true }} />
      {list.items.length === 0 ? <EmptyState>{t('empty')}</EmptyState> : (
        <SupervisionTable
          caption={t('caption', { total: list.total })}
          columns={Object.fromEntries(BOARD_COLUMNS.map((c) => [c, t(`columns.${c}`)])) as Record<BoardColumn, string>}
          rows={boardRows(list.items, t)}
        />
      )}
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} basePath="/workspace/supervision" query={filters} />
    </>
  );
}

type Translator = Awaited<ReturnType<typeof getTranslations<'supervision'>>>;

/**
 * The board's rows as texts for SupervisionTable. The same few texts recur on every row (kinds, states, risks, the
 * day counts), so each is translated once per render: 50 rows asked the translator ~15 times each.
 */
function boardRows(items: SupervisionItem[], t: Translator): BoardRow[] {
  const memo = new Map<string, string>();
  const tr = (key: string, values?: Record<string, string | number>) => {
    const id = values ? `${key}|${JSON.stringify(values)}` : key;
    let text = memo.get(id);
    if (text === undefined) memo.set(id, (text = t(key as never, values as never)));
    return text;
  };
  return items.map((i) => ({
    trackingNo: i.trackingNo,
    url: i.url,
    risk: i.risk ?? 'none',
    title: i.title,
    kind: tr(`kinds.${i.kind}`),
    department: i.department?.name ?? null,
    departmentNote: i.department ? '' : tr(i.kind === 'application' ? 'disclosureOffice' : 'awaitingTriage'),
    status: tr(`status.${i.kind}.${i.status}`),
    dueAt: i.dueAt ?? tr('paused'),
    remaining: i.remainingWorkingDays === null ? tr('paused')
      : i.remainingWorkingDays < 0 ? tr('overdueDays', { n: -i.remainingWorkingDays }) : tr('remainingDays', { n: i.remainingWorkingDays }),
    paused: i.remainingWorkingDays === null,
    age: tr('age', { n: i.ageWorkingDays, days: i.ageDays }),
    riskLabel: tr(`risks.${i.risk ?? 'none'}`),
    riskClass: i.risk ? RISK_TAG[i.risk] ?? null : null,
    urged: i.urged ? tr('urged') : null,
    supervision: i.supervision
      ? { text: `${tr('supervised', { date: i.supervision.targetDate })}${i.supervision.overdue ? `（${tr('supervisionOverdue')}）` : ''}`, overdue: i.supervision.overdue }
      : null,
  }));
}

const BOARD_COLUMNS: BoardColumn[] = ['trackingNo', 'title', 'department', 'status', 'dueAt', 'remaining', 'age', 'risk', 'flags'];
