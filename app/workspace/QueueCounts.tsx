import type { Badge } from '@/lib/letters/queries';
import { BADGE_LABEL } from '@/app/letters/labels';

/** Overdue / due-soon / 60-days-unanswered counts over the whole queue. */
export function QueueCounts({ total, counts }: { total: number; counts: Record<Badge, number> }) {
  return (
    <ul className="counts" aria-label="队列统计">
      <li><strong>{total}</strong> 待办</li>
      {(Object.keys(counts) as Badge[]).map((b) => (
        <li key={b} className={counts[b] ? 'count-alert' : undefined}><strong data-testid={`count-${b}`}>{counts[b]}</strong> {BADGE_LABEL[b]}</li>
      ))}
    </ul>
  );
}
