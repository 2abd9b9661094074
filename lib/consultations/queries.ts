import { and, asc, desc, eq, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { departments, users } from '../accounts/schema';
import { assertCan, can, type Actor } from '../auth/permissions';
import { db } from '../db';
import { catalogueItems } from '../disclosure/schema';
import { notFound } from '../errors';
import { maskName } from '../interviews/views';
import { consultationAttachmentList, feedbackReport, type FeedbackReport } from './operations';
import { consultationComments, consultationSubscriptions, consultations, type CommentRejectReason, type CommentStatus, type ConsultationSection, type ConsultationStatus, type Disposition } from './schema';

export interface ConsultationSummary {
  id: string;
  slug: string;
  title: string;
  status: ConsultationStatus;
  opensAt: string;
  closesAt: string;
  commentCount: number;
  department: string | null;
  departmentEn: string | null;
}

const approvedCount = sql<number>`(select count(*) from ${consultationComments} c where c.consultation_id = ${consultations.id} and c.status = 'approved')`.mapWith(Number);

/** GET /api/v1/consultations and /consultations: public ones (open first, then the rest), newest first. */
export async function listPublicConsultations(): Promise<ConsultationSummary[]> {
  const rows = await db().select({
    id: consultations.publicId, slug: consultations.slug, title: consultations.title, status: consultations.status,
    opensAt: consultations.opensAt, closesAt: consultations.closesAt, commentCount: approvedCount, department: departments.name, departmentEn: departments.nameEn,
  }).from(consultations).leftJoin(departments, eq(departments.id, consultations.departmentId))
    .where(ne(consultations.status, 'draft'))
    .orderBy(sql`case when ${consultations.status} = 'open' then 0 else 1 end`, desc(consultations.opensAt), desc(consultations.id))
    .limit(200);
  return rows.map((r) => ({ ...r, opensAt: r.opensAt.toISOString(), closesAt: r.closesAt.toISOString() }));
}

export interface PublicComment {
  id: string;
  sectionIndex: number | null;
  author: string;
  body: string;
  createdAt: string;
  disposition: Disposition | null;
  reason: string | null;
}

export interface ConsultationView {
  id: string;
  slug: string;
  title: string;
  summary: string;
  status: ConsultationStatus;
  department: string | null;
  departmentEn: string | null;
  opensAt: string;
  closesAt: string;
  closedAt: string | null;
  shortPeriodReason: string | null;
  earlyCloseReason: string | null;
  moderateComments: boolean;
  commentQuota: number;
  sections: Array<ConsultationSection & { commentCount: number }>;
  wholeCommentCount: number;
  commentCount: number;
  comments: PublicComment[];
  /** Published: the report and its catalogue item. */
  feedback: (FeedbackReport & { indexNo: string; itemId: string; publishedAt: string }) | null;
  resultDocument: { id: string; indexNo: string; title: string } | null;
  /** PDF attachments, downloaded at /disclosure/files/<id>. */
  attachments: Array<{ id: string; fileName: string; sizeBytes: number }>;
  /** For a signed-in citizen: own comments (any status), comments left, subscribed. */
  viewer: { mine: Array<{ id: string; sectionIndex: number | null; body: string; status: CommentStatus; rejectCode: CommentRejectReason | null; rejectNote: string | null }>; remaining: number; subscribed: boolean } | null;
  version: number;
}

/** The public view (a draft: moderators only, 404 for everyone else). Comments shown: approved ones, masked. */
export async function getConsultationView(actor: Actor, idOrSlug: string): Promise<ConsultationView> {
  const feedbackItem = alias(catalogueItems, 'feedback_item');
  const resultItem = alias(catalogueItems, 'result_item');
  const [row] = await db().select({
    c: consultations, department: departments.name, departmentEn: departments.nameEn,
    feedbackIndexNo: feedbackItem.indexNo, feedbackItemId: feedbackItem.publicId,
    resultId: resultItem.publicId, resultIndexNo: resultItem.indexNo, resultTitle: resultItem.title, resultStatus: resultItem.status,
  }).from(consultations)
    .leftJoin(departments, eq(departments.id, consultations.departmentId))
    .leftJoin(feedbackItem, eq(feedbackItem.id, consultations.feedbackItemId))
    .leftJoin(resultItem, eq(resultItem.id, consultations.resultItemId))
    .where(or(eq(consultations.publicId, idOrSlug), eq(consultations.slug, idOrSlug)));
  if (!row || (row.c.status === 'draft' && !can(actor, 'consultations.manage'))) throw notFound('没有这项意见征集');
  const c = row.c;
  const comments = await db().select({
    id: consultationComments.publicId, sectionIndex: consultationComments.sectionIndex, name: users.name, body: consultationComments.body,
    createdAt: consultationComments.createdAt, disposition: consultationComments.disposition, reason: consultationComments.dispositionReason,
  }).from(consultationComments).innerJoin(users, eq(users.id, consultationComments.authorId))
    .where(and(eq(consultationComments.consultationId, c.id), eq(consultationComments.status, 'approved')))
    .orderBy(asc(consultationComments.id));
  const published = c.status === 'feedback_published';
  const publicComments: PublicComment[] = comments.map((m) => ({
    id: m.id, sectionIndex: m.sectionIndex, author: maskName(m.name), body: m.body, createdAt: m.createdAt.toISOString(),
    // Dispositions are the feedback's: shown once it is published.
    disposition: published ? m.disposition : null, reason: published ? m.reason : null,
  }));
  const perSection = c.sections.map((s, i) => ({ ...s, commentCount: publicComments.filter((m) => m.sectionIndex === i).length }));
  let viewer: ConsultationView['viewer'] = null;
  if (actor.user?.role === 'citizen') {
    const mine = await db().select({
      id: consultationComments.publicId, sectionIndex: consultationComments.sectionIndex, body: consultationComments.body, status: consultationComments.status,
      rejectCode: consultationComments.rejectCode, rejectNote: consultationComments.rejectReason,
    })
      .from(consultationComments).where(and(eq(consultationComments.consultationId, c.id), eq(consultationComments.authorId, actor.user.id)))
      .orderBy(asc(consultationComments.id));
    const [sub] = await db().select({ u: consultationSubscriptions.userId }).from(consultationSubscriptions)
      .where(and(eq(consultationSubscriptions.consultationId, c.id), eq(consultationSubscriptions.userId, actor.user.id)));
    viewer = { mine, remaining: Math.max(0, c.commentQuota - mine.length), subscribed: Boolean(sub) };
  }
  const report = published ? await feedbackReport(db(), c.id) : null;
  return {
    id: c.publicId, slug: c.slug, title: c.title, summary: c.summary, status: c.status, department: row.department, departmentEn: row.departmentEn,
    opensAt: c.opensAt.toISOString(), closesAt: c.closesAt.toISOString(), closedAt: c.closedAt?.toISOString() ?? null,
    shortPeriodReason: c.shortPeriodReason, earlyCloseReason: c.earlyCloseReason, moderateComments: c.moderateComments, commentQuota: c.commentQuota,
    sections: perSection, wholeCommentCount: publicComments.filter((m) => m.sectionIndex === null).length, commentCount: publicComments.length,
    comments: publicComments,
    feedback: report && row.feedbackIndexNo ? { ...report, indexNo: row.feedbackIndexNo, itemId: row.feedbackItemId!, publishedAt: c.feedbackPublishedAt!.toISOString() } : null,
    resultDocument: row.resultId && row.resultStatus === 'published' ? { id: row.resultId, indexNo: row.resultIndexNo!, title: row.resultTitle! } : null,
    viewer,
    attachments: await consultationAttachmentList(db(), c.id),
    version: c.version,
  };
}

export interface StaffConsultationRow extends ConsultationSummary {
  pending: number;
  undisposed: number;
}

/** The moderators' list: every consultation, with what waits for them. */
export async function listStaffConsultations(actor: Actor): Promise<StaffConsultationRow[]> {
  assertCan(actor, 'consultations.manage');
  const rows = await db().select({
    id: consultations.publicId, slug: consultations.slug, title: consultations.title, status: consultations.status,
    opensAt: consultations.opensAt, closesAt: consultations.closesAt, commentCount: approvedCount, department: departments.name, departmentEn: departments.nameEn,
    pending: sql<number>`(select count(*) from ${consultationComments} c where c.consultation_id = ${consultations.id} and c.status = 'pending')`.mapWith(Number),
    undisposed: sql<number>`(select count(*) from ${consultationComments} c where c.consultation_id = ${consultations.id} and c.status = 'approved' and c.disposition is null)`.mapWith(Number),
  }).from(consultations).leftJoin(departments, eq(departments.id, consultations.departmentId))
    .orderBy(desc(consultations.createdAt), desc(consultations.id)).limit(500);
  return rows.map((r) => ({ ...r, opensAt: r.opensAt.toISOString(), closesAt: r.closesAt.toISOString() }));
}

export interface StaffComment {
  id: string;
  sectionIndex: number | null;
  authorName: string;
  body: string;
  originalBody: string;
  status: CommentStatus;
  rejectCode: CommentRejectReason | null;
  rejectReason: string | null;
  disposition: Disposition | null;
  dispositionReason: string | null;
  createdAt: string;
}

/** The moderator's page: the consultation (as the public sees it, drafts too), every comment with its original, the raw fields for editing. */
export async function getStaffConsultation(actor: Actor, id: string) {
  assertCan(actor, 'consultations.manage');
  const view = await getConsultationView(actor, id);
  const [raw] = await db().select({ c: consultations, departmentId: departments.publicId, resultIndexNo: catalogueItems.indexNo })
    .from(consultations).innerJoin(departments, eq(departments.id, consultations.departmentId))
    .leftJoin(catalogueItems, eq(catalogueItems.id, consultations.resultItemId))
    .where(eq(consultations.publicId, view.id));
  const comments = await db().select({
    id: consultationComments.publicId, sectionIndex: consultationComments.sectionIndex, authorName: users.name, body: consultationComments.body,
    originalBody: consultationComments.originalBody, status: consultationComments.status, rejectCode: consultationComments.rejectCode, rejectReason: consultationComments.rejectReason,
    disposition: consultationComments.disposition, dispositionReason: consultationComments.dispositionReason, createdAt: consultationComments.createdAt,
  }).from(consultationComments).innerJoin(users, eq(users.id, consultationComments.authorId))
    .where(eq(consultationComments.consultationId, raw!.c.id)).orderBy(asc(consultationComments.id));
  return {
    view,
    departmentId: raw!.departmentId,
    resultIndexNo: raw!.resultIndexNo,
    comments: comments.map((m): StaffComment => ({ ...m, createdAt: m.createdAt.toISOString() })),
  };
}

/** Issue 16 item 3, the other way: the public consultations that led to a catalogue item (its page links them). */
export async function consultationsLeadingTo(itemPublicId: string): Promise<Array<{ slug: string; title: string }>> {
  return db().select({ slug: consultations.slug, title: consultations.title }).from(consultations)
    .innerJoin(catalogueItems, eq(catalogueItems.id, consultations.resultItemId))
    .where(and(eq(catalogueItems.publicId, itemPublicId), ne(consultations.status, 'draft')))
    .orderBy(asc(consultations.id));
}
