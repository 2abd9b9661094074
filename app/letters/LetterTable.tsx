import Link from 'next/link';
import type { LetterSummary } from '@/lib/letters/queries';
import { EmptyState } from '@/app/_components/EmptyState';
import { BADGE_LABEL, CHANNEL_LABEL, KIND_LABEL, STATUS_LABEL, formatDateTime } from './labels';

/** A list of letters: tracking number, title, kind, status, department, due date and urgency badges. */
export function LetterTable({ items, caption, empty }: { items: LetterSummary[]; caption: string; empty: string }) {
  if (items.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <div className="table-scroll">
      <table className="table-cards">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">查询编号</th>
            <th scope="col">标题</th>
            <th scope="col">类别</th>
            <th scope="col">状态</th>
            <th scope="col">承办部门</th>
            <th scope="col">提交时间</th>
            <th scope="col">办理期限</th>
          </tr>
        </thead>
        <tbody>
          {items.map((l) => (
            <tr key={l.trackingNo} data-testid="letter-row">
              <td data-label="查询编号">{l.trackingNo}</td>
              <th scope="row"><Link href={`/letters/${l.trackingNo}`}>{l.title}</Link></th>
              <td data-label="类别">
                {KIND_LABEL[l.kind]}
                {l.channel && l.channel !== 'web' ? <> <span className="tag" data-testid="letter-channel">{CHANNEL_LABEL[l.channel]}</span></> : null}
              </td>
              <td data-label="状态">{STATUS_LABEL[l.status]}</td>
              <td data-label="承办部门">{l.department ?? '待分办'}</td>
              <td data-label="提交时间">{formatDateTime(l.submittedAt)}</td>
              <td data-label="办理期限">
                {l.dueAt ?? '—'}{' '}
                {l.badges.map((b) => <span key={b} className={b === 'due_soon' ? 'tag tag-warn' : 'tag tag-danger'}>{BADGE_LABEL[b]}</span>)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
