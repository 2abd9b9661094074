import { desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { assertCan, type Actor } from '../auth/permissions';
import { consultationSubscriptions, consultations } from '../consultations/schema';
import { interviewSubscriptions, interviews } from '../interviews/schema';

/**
 * 我的订阅 (issue 16 item 6): what a citizen asked to be told about — interviews (goes live, transcript published)
 * and consultations (closes, feedback published) — newest first, each with its public page and the address its
 * subscription is cancelled at (DELETE). Drafts never appear (a subscription can only start on a public page).
 */
export interface SubscriptionItem {
  kind: 'interview' | 'consultation';
  id: string;
  title: string;
  status: string;
  /** The interview's start, the consultation's closing. */
  at: string;
  href: string;
  endpoint: string;
  subscribedAt: string;
}

export async function mySubscriptions(database: Db | Tx, actor: Actor): Promise<SubscriptionItem[]> {
  assertCan(actor, 'interviews.subscribe');
  const userId = actor.user!.id;
  const [talks, consults] = await Promise.all([
    database.select({ id: interviews.publicId, slug: interviews.slug, title: interviews.title, status: interviews.status, at: interviews.scheduledStart, subscribedAt: interviewSubscriptions.createdAt })
      .from(interviewSubscriptions).innerJoin(interviews, eq(interviews.id, interviewSubscriptions.interviewId))
      .where(eq(interviewSubscriptions.userId, userId)).orderBy(desc(interviewSubscriptions.createdAt)).limit(200),
    database.select({ id: consultations.publicId, slug: consultations.slug, title: consultations.title, status: consultations.status, at: consultations.closesAt, subscribedAt: consultationSubscriptions.createdAt })
      .from(consultationSubscriptions).innerJoin(consultations, eq(consultations.id, consultationSubscriptions.consultationId))
      .where(eq(consultationSubscriptions.userId, userId)).orderBy(desc(consultationSubscriptions.createdAt)).limit(200),
  ]);
  const items: SubscriptionItem[] = [
    ...talks.filter((r) => r.status !== 'draft').map((r) => ({
      kind: 'interview' as const, id: r.id, title: r.title, status: r.status, at: r.at.toISOString(),
      href: `/interviews/${r.slug}`, endpoint: `/api/v1/interviews/${r.id}/subscription`, subscribedAt: r.subscribedAt.toISOString(),
    })),
    ...consults.filter((r) => r.status !== 'draft').map((r) => ({
      kind: 'consultation' as const, id: r.id, title: r.title, status: r.status, at: r.at.toISOString(),
      href: `/consultations/${r.slug}`, endpoint: `/api/v1/consultations/${r.id}/subscription`, subscribedAt: r.subscribedAt.toISOString(),
    })),
  ];
  return items.sort((a, b) => b.subscribedAt.localeCompare(a.subscribedAt));
}
