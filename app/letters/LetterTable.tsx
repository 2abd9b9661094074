import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import type { LetterSummary } from '@/lib/letters/queries';
import { EmptyState } from '@/app/_components/EmptyState';
import { formatDateTime } from './labels';

/** A list of letters: tracking number, title, kind, status, department, due date and urgency badges (messages: letterUi). */
export function LetterTable({ items, caption, empty }: { items: LetterSummary[]; caption: string; empty: string }) {
  const t = useTranslations('letterUi');
  const locale = useLocale();
  if (items.length === 0) return <EmptyState>{empty}</EmptyState>;
  const h = {
    trackingNo: t('table.trackingNo'), title: t('table.title'), kind: t('table.kind'), status: t('table.status'),
    department: t('table.department'), submittedAt: t('table.submittedAt'), dueAt: t('table.dueAt'),
  };
  return (
    <div className="table-scroll">
      <table className="table-cards">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{h.trackingNo}</th>
            <th scope="col">{h.title}</th>
            <th scope="col">{h.kind}</th>
            <th scope="col">{h.status}</th>
            <th scope="col">{h.department}</th>
            <th scope="col">{h.submittedAt}</th>
            <th scope="col">{h.dueAt}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((l) => (
            <tr key={l.trackingNo} data-testid="letter-row">
              <td data-label={h.trackingNo}>{l.trackingNo}</td>
              <th scope="row"><Link href={`/letters/${l.trackingNo}`} data-user-content="">{l.title}</Link></th>
              <td data-label={h.kind}>
                {t(`kinds.${l.kind}`)}
                {l.channel && l.channel !== 'web' ? <> <span className="tag" data-testid="letter-channel">{t(`channels.${l.channel}`)}</span></> : null}
              </td>
              <td data-label={h.status}>{t(`statuses.${l.status}`)}</td>
              <td data-label={h.department}>{l.department ? <span data-user-content="">{l.department}</span> : t('table.unrouted')}</td>
              <td data-label={h.submittedAt}>{formatDateTime(l.submittedAt, locale)}</td>
              <td data-label={h.dueAt}>
                {l.dueAt ?? '—'}{' '}
                {l.badges.map((b) => <span key={b} className={b === 'due_soon' ? 'tag tag-warn' : 'tag tag-danger'}>{t(`badges.${b}`)}</span>)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
