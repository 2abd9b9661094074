import { useTranslations } from 'next-intl';
import type { Badge } from '@/lib/letters/queries';

/** Overdue / due-soon / 60-days-unanswered counts over the whole queue. */
export function QueueCounts({ total, counts }: { total: number; counts: Record<Badge, number> }) {
  const t = useTranslations('letterUi');
  return (
    <ul className="counts" aria-label={t('queue.counts')}>
      <li><strong>{total}</strong> {t('queue.pending')}</li>
      {(Object.keys(counts) as Badge[]).map((b) => (
        <li key={b} className={counts[b] ? 'count-alert' : undefined}><strong data-testid={`count-${b}`}>{counts[b]}</strong> {t(`badges.${b}`)}</li>
      ))}
    </ul>
  );
}
