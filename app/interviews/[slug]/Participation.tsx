import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { Actor } from '@/lib/auth/permissions';
import type { InterviewState } from '@/lib/interviews/queries';
import { subscriptionForViewer } from '@/lib/interviews/subscriptions';
import { LazySubscribeButton } from './LazySubscribeButton';
import { signInHref } from '@/lib/auth/redirect';

/**
 * Under the interview's status line (issue 16 item 6): 订阅提醒 — a citizen's button, a visitor's sign-in link — and
 * 添加到日历 (the .ics) while the interview is ahead or on. Staff see only the calendar link.
 */
export async function Participation({ interview, actor }: { interview: InterviewState; actor: Actor }) {
  const t = await getTranslations('interviews.subscription');
  const subscription = await subscriptionForViewer(actor, interview);
  const upcoming = interview.status === 'announced' || interview.status === 'live';
  const subscribable = upcoming || interview.status === 'ended';
  const returnTo = `/interviews/${interview.slug}`;
  let reminder: React.ReactNode = null;
  if (subscription?.open) {
    reminder = <LazySubscribeButton interviewId={interview.id} initial={subscription.subscribed} />;
  } else if (!actor.user && subscribable) {
    reminder = <Link className="button button-secondary" href={signInHref(returnTo)}>{t('signIn')}</Link>;
  }
  if (!reminder && !upcoming) return null;
  return (
    <div className="iv-participation no-print" data-testid="participation">
      {reminder}
      {upcoming ? (
        <a href={`${returnTo}/calendar.ics`} download={`interview-${interview.slug}.ics`} data-testid="calendar-link" title={t('calendarHint')}>
          {t('calendar')}
        </a>
      ) : null}
    </div>
  );
}
