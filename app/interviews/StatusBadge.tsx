import type { InterviewStatus } from '@/lib/interviews/schema';

const CLASS: Record<InterviewStatus, string> = {
  draft: 'tag',
  announced: 'tag tag-warn',
  live: 'tag tag-live',
  ended: 'tag',
  published: 'tag tag-ok',
};

/** 预告 / 直播中 / 已结束 / 已发布 as a tag; the label comes from the caller's translations. */
export function StatusBadge({ status, label, testId }: { status: InterviewStatus; label: string; testId?: string }) {
  return <span className={CLASS[status] ?? 'tag'} data-status={status} data-testid={testId}>{label}</span>;
}
