import { and, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { users } from '../accounts/schema';
import { notifyUsers } from '../notifications';
import { interviewSubscriptions, interviews, type InterviewStatus } from './schema';
import { dateTimeFormat } from '../calendar/date-format';

/**
 * 订阅提醒 (issue 16, item 6): a signed-in citizen subscribes to a public interview before or during it and is told —
 * in the bell and by e-mail (lib/notifications, muted per kind on the account page) — when it goes live and when its
 * transcript is published. The notices are written in the transaction of the status change (notifySubscribers, from
 * lib/interviews/operations.ts#actOnInterview), so a change that rolls back tells no one.
 */

/** Whom a subscription may start on: public interviews that still have something to announce. */
const SUBSCRIBABLE: readonly InterviewStatus[] = ['announced', 'live', 'ended'];

export interface SubscriptionState {
  interviewId: string;
  subscribed: boolean;
}

async function publicInterview(tx: Tx, idOrSlug: string) {
  const [row] = await tx
    .select({ id: interviews.id, publicId: interviews.publicId, status: interviews.status })
    .from(interviews)
    .where(sql`${interviews.publicId} = ${idOrSlug} or ${interviews.slug} = ${idOrSlug}`);
  // A draft has no public page: for a subscriber it does not exist.
  if (!row || row.status === 'draft') throw notFound('没有这场访谈');
  return row;
}

/** POST /api/v1/interviews/{id}/subscription: idempotent; 409 once the transcript is published (nothing left to tell). */
export async function subscribeToInterview(actor: Actor, idOrSlug: string, now = new Date()): Promise<SubscriptionState> {
  assertCan(actor, 'interviews.subscribe');
  const user = actor.user!;
  return db().transaction(async (tx) => {
    const interview = await publicInterview(tx, idOrSlug);
    if (!SUBSCRIBABLE.includes(interview.status)) throw new AppError('conflict', '这场访谈的文字实录已发布，无需再订阅提醒');
    const inserted = await tx.insert(interviewSubscriptions).values({ interviewId: interview.id, userId: user.id, createdAt: now })
      .onConflictDoNothing().returning({ userId: interviewSubscriptions.userId });
    if (inserted.length) {
      await recordAudit(tx, actor, { action: 'interview.subscribe', entityType: 'interview', entityId: interview.publicId, details: { status: interview.status } });
    }
    return { interviewId: interview.publicId, subscribed: true };
  });
}

/** DELETE /api/v1/interviews/{id}/subscription: idempotent, in any public state. */
export async function unsubscribeFromInterview(actor: Actor, idOrSlug: string): Promise<SubscriptionState> {
  assertCan(actor, 'interviews.subscribe');
  const user = actor.user!;
  return db().transaction(async (tx) => {
    const interview = await publicInterview(tx, idOrSlug);
    const deleted = await tx.delete(interviewSubscriptions)
      .where(and(eq(interviewSubscriptions.interviewId, interview.id), eq(interviewSubscriptions.userId, user.id)))
      .returning({ userId: interviewSubscriptions.userId });
    if (deleted.length) {
      await recordAudit(tx, actor, { action: 'interview.unsubscribe', entityType: 'interview', entityId: interview.publicId, details: { status: interview.status } });
    }
    return { interviewId: interview.publicId, subscribed: false };
  });
}

/**
 * What the interview page shows the viewer: null when the viewer cannot subscribe (a visitor is asked to sign in by
 * the page; staff have no button), else whether this citizen is subscribed and whether a subscription may start.
 */
export async function subscriptionForViewer(actor: Actor, interview: { id: string; status: InterviewStatus }): Promise<{ subscribed: boolean; open: boolean } | null> {
  if (actor.user?.role !== 'citizen') return null;
  const [row] = await db()
    .select({ userId: interviewSubscriptions.userId })
    .from(interviewSubscriptions)
    .innerJoin(interviews, eq(interviews.id, interviewSubscriptions.interviewId))
    .where(and(eq(interviews.publicId, interview.id), eq(interviewSubscriptions.userId, actor.user.id)));
  return { subscribed: Boolean(row), open: SUBSCRIBABLE.includes(interview.status) };
}

const beijingTime = (d: Date, locale: 'zh-CN' | 'en' = 'zh-CN') => dateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(d);

/**
 * Inside the status change's transaction: tells this interview's subscribers that it went live or that its
 * transcript is published. Only subscribers, only active citizen accounts, only a public interview (live or
 * published are both public). Returns the public ids to ping after commit (lib/notifications#pingUsers).
 */
export async function notifySubscribers(
  tx: Tx,
  interview: { id: number; slug: string; title: string; scheduledStart: Date },
  to: InterviewStatus,
): Promise<string[]> {
  if (to !== 'live' && to !== 'published') return [];
  const rows = await tx
    .select({ id: users.id })
    .from(interviewSubscriptions)
    .innerJoin(users, eq(users.id, interviewSubscriptions.userId))
    .where(and(eq(interviewSubscriptions.interviewId, interview.id), eq(users.role, 'citizen')));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  return to === 'live'
    ? notifyUsers(tx, ids, {
      kind: 'interview.live',
      title: `您订阅的在线访谈正在直播：${interview.title}`,
      body: `《${interview.title}》已开始直播（预定 ${beijingTime(interview.scheduledStart)}，北京时间），欢迎观看和提问。`,
      link: `/interviews/${interview.slug}`,
      message: { key: 'interviewLive', values: { title: interview.title, time: beijingTime(interview.scheduledStart), timeEn: beijingTime(interview.scheduledStart, 'en') }, user: ['title'] },
    })
    : notifyUsers(tx, ids, {
      kind: 'interview.transcript',
      title: `您订阅的在线访谈已发布文字实录：${interview.title}`,
      body: `《${interview.title}》的文字实录已发布，可以阅读全部问答。`,
      link: `/interviews/${interview.slug}/transcript`,
      message: { key: 'interviewTranscript', values: { title: interview.title }, user: ['title'] },
    });
}
