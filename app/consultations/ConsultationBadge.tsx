import type { ConsultationStatus } from '@/lib/consultations/schema';

const CLASS: Record<ConsultationStatus, string> = { draft: 'tag', open: 'tag tag-live', closed: 'tag tag-warn', feedback_published: 'tag tag-ok' };

/** 征集中 / 已截止 / 已反馈 as a tag; the label comes from the caller's translations. */
export function ConsultationBadge({ status, label }: { status: ConsultationStatus; label: string }) {
  return <span className={CLASS[status]} data-status={status} data-testid="consultation-status">{label}</span>;
}
