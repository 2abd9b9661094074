'use client';

import { useTranslations } from 'next-intl';
import type { ModerationSummary } from '@/lib/interviews/event-types';

const SHOWN = ['received', 'approved', 'answered', 'merged', 'rejected'] as const;

/**
 * 问题处理情况, once the interview is over (the page and the transcript): how many questions were received,
 * approved, answered, merged (同问) and rejected — and, if any, how many were never moderated. Counted from the
 * database (lib/interviews/views.ts#moderationSummary).
 */
export function ModerationCounts({ summary }: { summary: ModerationSummary }) {
  const t = useTranslations('interviews.moderation');
  const shown = summary.pending > 0 ? [...SHOWN, 'pending' as const] : SHOWN;
  return (
    <section className="iv-counts" aria-labelledby="moderation-counts" data-testid="moderation-counts">
      <h2 id="moderation-counts">{t('heading')}</h2>
      <p className="hint">{t('hint')}</p>
      <dl>
        {shown.map((key) => (
          <div key={key} data-testid={`count-${key}`}>
            <dt>{t(key)}</dt>
            <dd>{summary[key]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
