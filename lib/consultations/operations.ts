import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { departments, organisation, users } from '../accounts/schema';
import { mask, publicNumbers } from '../archive/curation';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { chinaDate } from '../calendar/workdays';
import { db, type Tx } from '../db';
import { categoryIdByCode, upsertArchiveCatalogueItem } from '../disclosure/catalogue';
import { catalogueItems, disclosureFiles } from '../disclosure/schema';
import { fileUrl, storeUploadedFile } from '../disclosure/files';
import type { UploadedFile } from '../uploads';
import { AppError, conflict, notFound, parseInput } from '../errors';
import { notifyUsers, pingUsers } from '../notifications';
import {
  consultationAttachments, consultationComments, consultationSubscriptions, consultations, type CommentStatus, type ConsultationStatus, type Disposition,
} from './schema';
import { submitOnce } from '../cases/tracking';
import messages from '../i18n/messages/zh-CN.json';
import { commentAction, commentInput, consultationAction, consultationInput, consultationUpdate, MAX_CONSULTATION_ATTACHMENTS } from './validation';

/**
 * 意见征集 operations (issue 16 item 2). Each one validates, authorises, runs one transaction with its audit row and
 * notifications, and pings the notified users after commit. Lifecycle: draft → open → closed → feedback_published.
 * Comments are taken while the consultation is open and the clock is between `opensAt` and `closesAt`.
 */

export const FEEDBACK_CATEGORY_CODE = '99';
export const feedbackPath = (slug: string) => `/consultations/${slug}/feedback`;
export const consultationPath = (slug: string) => `/consultations/${slug}`;

/** The per-citizen quota lock: one advisory lock key per (consultation, author), so the count is exact. */
const QUOTA_LOCK_CLASS = 1_602_002;

async function lockConsultation(tx: Tx, idOrSlug: string) {
  const [row] = await tx.select().from(consultations)
    .where(or(eq(consultations.publicId, idOrSlug), eq(consultations.slug, idOrSlug)))
    .for('update');
  if (!row) throw notFound('没有这项意见征集');
  return row;
}

async function departmentId(tx: Tx, publicId: string): Promise<number> {
  const [dept] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.publicId, publicId));
  if (!dept) throw new AppError('invalid_input', '没有这个部门', { departmentId: '没有这个部门' });
  return dept.id;
}

/** POST /api/v1/consultations (moderator): a draft. */
export async function createConsultation(actor: Actor, input: unknown, now = new Date()): Promise<{ id: string; slug: string }> {
  assertCan(actor, 'consultations.manage');
  const data = parseInput(consultationInput, input);
  const publicId = randomUUID();
  const slug = `${chinaDate(now).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  await db().transaction(async (tx) => {
    const dept = await departmentId(tx, data.departmentId);
    await tx.insert(consultations).values({
      publicId, slug, title: data.title, summary: data.summary, sections: data.sections, departmentId: dept,
      opensAt: data.opensAt, closesAt: data.closesAt, shortPeriodReason: data.shortPeriodReason || null,
      moderateComments: data.moderateComments ?? true, commentQuota: data.commentQuota ?? 5,
      createdById: actor.user!.id, createdAt: now, updatedAt: now,
    });
    await recordAudit(tx, actor, { action: 'consultation.create', entityType: 'consultation', entityId: publicId, details: { title: data.title, sections: data.sections.length } });
  });
  return { id: publicId, slug };
}

/** PUT /api/v1/consultations/{id} (moderator): a draft's every field, with the version read (409 when stale or no longer a draft). */
export async function updateConsultation(actor: Actor, idOrSlug: string, input: unknown, now = new Date()): Promise<{ id: string; version: number }> {
  assertCan(actor, 'consultations.manage');
  const data = parseInput(consultationUpdate, input);
  return db().transaction(async (tx) => {
    const row = await lockConsultation(tx, idOrSlug);
    if (row.status !== 'draft') throw conflict('意见征集已开始，不能再修改征求意见稿');
    if (row.version !== data.version) throw conflict();
    const dept = await departmentId(tx, data.departmentId);
    const version = row.version + 1;
    await tx.update(consultations).set({
      title: data.title, summary: data.summary, sections: data.sections, departmentId: dept, opensAt: data.opensAt, closesAt: data.closesAt,
      shortPeriodReason: data.shortPeriodReason || null, moderateComments: data.moderateComments ?? row.moderateComments,
      commentQuota: data.commentQuota ?? row.commentQuota, updatedAt: now, version,
    }).where(eq(consultations.id, row.id));
    await recordAudit(tx, actor, { action: 'consultation.update', entityType: 'consultation', entityId: row.publicId, details: { version } });
    return { id: row.publicId, version };
  });
}

type Row = typeof consultations.$inferSelect;

/** Subscribers and (for the feedback) commenters: active citizens only. */
async function subscriberIds(tx: Tx, consultationId: number): Promise<number[]> {
  const rows = await tx.select({ id: users.id }).from(consultationSubscriptions)
    .innerJoin(users, eq(users.id, consultationSubscriptions.userId))
    .where(and(eq(consultationSubscriptions.consultationId, consultationId), eq(users.role, 'citizen')));
  return rows.map((r) => r.id);
}

async function closeLocked(tx: Tx, actor: Actor | 'system', row: Row, now: Date, reason: string | null): Promise<string[]> {
  await tx.update(consultations).set({ status: 'closed', closedAt: now, earlyCloseReason: reason, updatedAt: now, version: row.version + 1 })
    .where(eq(consultations.id, row.id));
  await recordAudit(tx, actor, { action: 'consultation.close', entityType: 'consultation', entityId: row.publicId, details: { early: reason !== null, reason } });
  return notifyUsers(tx, await subscriberIds(tx, row.id), {
    kind: 'consultation.closed',
    title: `您关注的意见征集已截止：${row.title}`,
    body: `《${row.title}》的意见征集已截止。反馈意见采纳情况发布后，我们会再通知您。`,
    link: consultationPath(row.slug),
    message: { key: 'consultationClosed', values: { title: row.title }, user: ['title'] },
  });
}

export interface FeedbackReport {
  total: number;
  counts: Record<Disposition, number>;
  /** Adopted and partly adopted points (masked text) with the reason given. */
  adopted: Array<{ id: string; sectionIndex: number | null; body: string; disposition: Disposition; reason: string | null }>;
  /** Not adopted, with the reason. */
  notAdopted: Array<{ id: string; sectionIndex: number | null; body: string; reason: string | null }>;
}

/** The feedback report (反馈) generated from the dispositions: counts, adopted points, reasons. */
export async function feedbackReport(database: Tx | ReturnType<typeof db>, consultationId: number): Promise<FeedbackReport> {
  const rows = await database.select({
    id: consultationComments.publicId, sectionIndex: consultationComments.sectionIndex, body: consultationComments.body,
    disposition: consultationComments.disposition, reason: consultationComments.dispositionReason,
  }).from(consultationComments)
    .where(and(eq(consultationComments.consultationId, consultationId), eq(consultationComments.status, 'approved')))
    .orderBy(asc(consultationComments.id));
  const counts: Record<Disposition, number> = { adopted: 0, partly_adopted: 0, not_adopted: 0 };
  const report: FeedbackReport = { total: rows.length, counts, adopted: [], notAdopted: [] };
  for (const r of rows) {
    if (!r.disposition) continue;
    counts[r.disposition] += 1;
    if (r.disposition === 'not_adopted') report.notAdopted.push({ id: r.id, sectionIndex: r.sectionIndex, body: r.body, reason: r.reason });
    else report.adopted.push({ id: r.id, sectionIndex: r.sectionIndex, body: r.body, disposition: r.disposition, reason: r.reason });
  }
  return report;
}

const DISPOSITION_WORDS: Record<Disposition, string> = { adopted: '采纳', partly_adopted: '部分采纳', not_adopted: '不予采纳' };

function reportText(row: Row, report: FeedbackReport): string {
  const where = (i: number | null) => (i === null ? '整体意见' : `第 ${i + 1} 节「${row.sections[i]?.heading ?? ''}」`);
  const lines = [
    `《${row.title}》意见征集自 ${chinaDate(row.opensAt)} 至 ${chinaDate(row.closedAt ?? row.closesAt)}，共收到公开意见 ${report.total} 条：`
      + `采纳 ${report.counts.adopted} 条，部分采纳 ${report.counts.partly_adopted} 条，不予采纳 ${report.counts.not_adopted} 条。`,
  ];
  if (report.adopted.length) {
    lines.push('', '一、采纳和部分采纳的意见');
    report.adopted.forEach((a, i) => lines.push(`${i + 1}. （${where(a.sectionIndex)}，${DISPOSITION_WORDS[a.disposition]}）${a.body}${a.reason ? `\n   说明：${a.reason}` : ''}`));
  }
  if (report.notAdopted.length) {
    lines.push('', `${report.adopted.length ? '二' : '一'}、未予采纳的意见及理由`);
    report.notAdopted.forEach((a, i) => lines.push(`${i + 1}. （${where(a.sectionIndex)}）${a.body}\n   理由：${a.reason ?? ''}`));
  }
  return lines.join('\n');
}

/**
 * POST /api/v1/consultations/{id}/actions (moderator): open (a draft), close (open; before `closesAt` with a reason),
 * publish_feedback (closed; 409 while a comment waits for moderation or an approved one lacks a disposition),
 * link_document (the catalogue item the consultation led to).
 */
export async function actOnConsultation(actor: Actor, idOrSlug: string, input: unknown, now = new Date()): Promise<{ id: string; status: ConsultationStatus; feedbackIndexNo?: string }> {
  assertCan(actor, 'consultations.manage');
  const action = parseInput(consultationAction, input);
  let ping: string[] = [];
  const result = await db().transaction(async (tx) => {
    const row = await lockConsultation(tx, idOrSlug);
    const bump = { updatedAt: now, version: row.version + 1 };
    switch (action.action) {
      case 'open': {
        if (row.status !== 'draft') throw conflict('只有草稿可以发布征集');
        if (row.closesAt <= now) throw new AppError('conflict', '截止时间已过，请先修改征集期');
        await tx.update(consultations).set({ status: 'open', openedAt: now, ...bump }).where(eq(consultations.id, row.id));
        await recordAudit(tx, actor, { action: 'consultation.open', entityType: 'consultation', entityId: row.publicId, details: {} });
        return { id: row.publicId, status: 'open' as const };
      }
      case 'close': {
        if (row.status !== 'open') throw conflict('只有征集中的意见征集可以截止');
        const early = now < row.closesAt;
        const reason = action.reason ?? '';
        if (early && reason.length < 2) throw new AppError('invalid_input', '提前截止须说明理由', { reason: '提前截止须说明理由' });
        ping = await closeLocked(tx, actor, row, now, early ? reason : null);
        return { id: row.publicId, status: 'closed' as const };
      }
      case 'publish_feedback': {
        if (row.status !== 'closed') throw conflict('只有已截止的意见征集可以发布反馈');
        const [waiting] = await tx.select({
          pending: sql<number>`count(*) filter (where ${consultationComments.status} = 'pending')`.mapWith(Number),
          undisposed: sql<number>`count(*) filter (where ${consultationComments.status} = 'approved' and ${consultationComments.disposition} is null)`.mapWith(Number),
        }).from(consultationComments).where(eq(consultationComments.consultationId, row.id));
        if (waiting!.pending > 0) throw conflict(`还有 ${waiting!.pending} 条意见未审核，不能发布反馈`);
        if (waiting!.undisposed > 0) throw conflict(`还有 ${waiting!.undisposed} 条意见未作处理（采纳、部分采纳或不予采纳），不能发布反馈`);
        const report = await feedbackReport(tx, row.id);
        const categoryCode = action.categoryCode ?? FEEDBACK_CATEGORY_CODE;
        const categoryId = await categoryIdByCode(tx, categoryCode);
        if (!categoryId && action.categoryCode) throw new AppError('invalid_input', '公开目录中没有这个分类', { categoryCode: '公开目录中没有这个分类' });
        if (!categoryId) throw new AppError('conflict', '公开目录缺少“其他”分类，请管理员检查目录分类');
        const [dept] = await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, row.departmentId));
        const [org] = await tx.select({ name: organisation.name }).from(organisation);
        const item = await upsertArchiveCatalogueItem(tx, {
          sourceUrl: feedbackPath(row.slug),
          categoryId,
          title: `关于《${row.title}》征求意见采纳情况的反馈`,
          summary: `共收到意见 ${report.total} 条，采纳 ${report.counts.adopted} 条、部分采纳 ${report.counts.partly_adopted} 条、不予采纳 ${report.counts.not_adopted} 条。`,
          generatedOn: chinaDate(now),
          publisher: dept?.name ?? org?.name ?? '',
          actorId: actor.user!.id,
        }, now);
        await tx.update(catalogueItems).set({ body: reportText({ ...row, closedAt: row.closedAt ?? now }, report) }).where(eq(catalogueItems.id, item.id));
        await tx.update(consultations).set({ status: 'feedback_published', feedbackPublishedAt: now, feedbackItemId: item.id, ...bump }).where(eq(consultations.id, row.id));
        await recordAudit(tx, actor, { action: 'consultation.publish_feedback', entityType: 'consultation', entityId: row.publicId, details: { indexNo: item.indexNo, ...report.counts } });
        const commenters = await tx.selectDistinct({ id: consultationComments.authorId }).from(consultationComments)
          .where(eq(consultationComments.consultationId, row.id));
        ping = await notifyUsers(tx, [...commenters.map((c) => c.id), ...await subscriberIds(tx, row.id)], {
          kind: 'consultation.feedback',
          title: `意见征集已发布反馈：${row.title}`,
          body: `《${row.title}》的意见采纳情况已公布：采纳 ${report.counts.adopted} 条，部分采纳 ${report.counts.partly_adopted} 条，不予采纳 ${report.counts.not_adopted} 条。`,
          link: feedbackPath(row.slug),
          message: {
            key: 'consultationFeedback',
            values: { title: row.title, adopted: report.counts.adopted, partly: report.counts.partly_adopted, notAdopted: report.counts.not_adopted },
            user: ['title'],
          },
        });
        return { id: row.publicId, status: 'feedback_published' as const, feedbackIndexNo: item.indexNo };
      }
      case 'link_document': {
        if (row.status === 'draft') throw conflict('草稿不能关联文件');
        let itemId: number | null = null;
        if (action.itemId) {
          const [item] = await tx.select({ id: catalogueItems.id }).from(catalogueItems)
            .where(and(or(eq(catalogueItems.publicId, action.itemId), eq(catalogueItems.indexNo, action.itemId)), eq(catalogueItems.status, 'published')));
          if (!item) throw new AppError('invalid_input', '没有这条已发布的公开目录信息', { itemId: '没有这条已发布的公开目录信息' });
          itemId = item.id;
        }
        await tx.update(consultations).set({ resultItemId: itemId, ...bump }).where(eq(consultations.id, row.id));
        await recordAudit(tx, actor, { action: 'consultation.link_document', entityType: 'consultation', entityId: row.publicId, details: { itemId: action.itemId } });
        return { id: row.publicId, status: row.status };
      }
    }
  });
  pingUsers(ping);
  return result;
}

/**
 * The close sweep (a background job, like the overdue digest): open consultations whose `closesAt` has passed are
 * closed by the system, their subscribers told. Each row is locked and rechecked, so concurrent runs close once.
 */
export async function closeDueConsultations(now = new Date()): Promise<number> {
  const due = await db().select({ publicId: consultations.publicId }).from(consultations)
    .where(and(eq(consultations.status, 'open'), lt(consultations.closesAt, now)));
  let closed = 0;
  for (const { publicId } of due) {
    const ping = await db().transaction(async (tx) => {
      const row = await lockConsultation(tx, publicId);
      if (row.status !== 'open' || row.closesAt >= now) return [];
      closed += 1;
      return closeLocked(tx, 'system', row, now, null);
    });
    pingUsers(ping);
  }
  return closed;
}

export interface AddedComment {
  id: string;
  status: CommentStatus;
  remaining: number;
}

/** The comment an earlier submission with this clientId made (a retry returns it), with the author's remaining quota there. */
async function earlierComment(authorId: number, clientId: string, consultationId?: number): Promise<AddedComment | null> {
  const [row] = await db().select({
    id: consultationComments.publicId, status: consultationComments.status, consultationId: consultationComments.consultationId, quota: consultations.commentQuota,
  }).from(consultationComments).innerJoin(consultations, eq(consultations.id, consultationComments.consultationId))
    .where(and(eq(consultationComments.authorId, authorId), eq(consultationComments.clientId, clientId)));
  if (!row) return null;
  if (consultationId !== undefined && row.consultationId !== consultationId) throw conflict('这个 clientId 已用于另一项意见征集的意见');
  const [used] = await db().select({ n: count() }).from(consultationComments)
    .where(and(eq(consultationComments.consultationId, row.consultationId), eq(consultationComments.authorId, authorId)));
  return { id: row.id, status: row.status, remaining: Math.max(0, row.quota - used!.n) };
}

/**
 * POST /api/v1/consultations/{id}/comments (citizen): masked, counted against the quota, pending unless published at
 * once. With a `clientId`, a retried submission returns the first comment (also when both arrive at once: the unique
 * index on (author, clientId) decides); the same clientId on another consultation is a 409.
 */
export async function addComment(actor: Actor, idOrSlug: string, input: unknown, now = new Date()): Promise<AddedComment> {
  assertCan(actor, 'consultations.comment');
  const data = parseInput(commentInput, input);
  const user = actor.user!;
  const clientId = data.clientId ?? null;
  const target = async () => {
    const [row] = await db().select({ id: consultations.id }).from(consultations).where(or(eq(consultations.publicId, idOrSlug), eq(consultations.slug, idOrSlug)));
    return row?.id;
  };
  return submitOnce(clientId, async () => earlierComment(user.id, clientId!, await target()), () => db().transaction(async (tx) => {
    // FOR SHARE: comments do not wait for each other, but a close (FOR UPDATE) waits for them and they for it, so no
    // comment lands on a consultation that closed meanwhile.
    const [row] = await tx.select().from(consultations).where(or(eq(consultations.publicId, idOrSlug), eq(consultations.slug, idOrSlug))).for('share');
    if (!row || row.status === 'draft') throw notFound('没有这项意见征集');
    if (row.status !== 'open' || now >= row.closesAt) throw conflict('意见征集已截止');
    if (now < row.opensAt) throw conflict('意见征集尚未开始');
    const sectionIndex = data.sectionIndex ?? null;
    if (sectionIndex !== null && sectionIndex >= row.sections.length) throw new AppError('invalid_input', '没有这一节', { sectionIndex: '没有这一节' });
    await tx.execute(sql`select pg_advisory_xact_lock(${QUOTA_LOCK_CLASS}, ${row.id * 7919 + user.id | 0})`);
    const [used] = await tx.select({ n: count() }).from(consultationComments)
      .where(and(eq(consultationComments.consultationId, row.id), eq(consultationComments.authorId, user.id)));
    if (clientId) {
      // Under the lock: a twin sent at the same moment has committed by now (it is found, not refused by the quota).
      const [twin] = await tx.select({ id: consultationComments.publicId, status: consultationComments.status, consultationId: consultationComments.consultationId })
        .from(consultationComments).where(and(eq(consultationComments.authorId, user.id), eq(consultationComments.clientId, clientId)));
      if (twin && twin.consultationId !== row.id) throw conflict('这个 clientId 已用于另一项意见征集的意见');
      if (twin) return { id: twin.id, status: twin.status, remaining: Math.max(0, row.commentQuota - used!.n) };
    }
    if (used!.n >= row.commentQuota) throw new AppError('rate_limited', `每人对这项征集最多提 ${row.commentQuota} 条意见，您已用完`);
    const body = mask(data.body, [user.name], await publicNumbers(tx));
    const status = row.moderateComments ? 'pending' as const : 'approved' as const;
    const publicId = randomUUID();
    await tx.insert(consultationComments).values({
      publicId, consultationId: row.id, authorId: user.id, sectionIndex, body, originalBody: data.body, status, clientId, createdAt: now,
      ...(status === 'approved' ? { moderatedAt: now } : {}),
    });
    await recordAudit(tx, actor, { action: 'consultation.comment', entityType: 'consultation_comment', entityId: publicId, details: { consultation: row.publicId, sectionIndex, status, masked: body !== data.body } });
    return { id: publicId, status, remaining: row.commentQuota - used!.n - 1 };
  }));
}

/** POST /api/v1/consultation-comments/{id}/actions (moderator): approve, reject (pending), dispose (approved, after closing). */
export async function actOnComment(actor: Actor, commentId: string, input: unknown, now = new Date()): Promise<{ id: string; status: string; disposition: Disposition | null }> {
  assertCan(actor, 'consultations.manage');
  const action = parseInput(commentAction, input);
  let ping: string[] = [];
  const result = await db().transaction(async (tx) => {
    const [found] = await tx.select({ consultationId: consultationComments.consultationId }).from(consultationComments).where(eq(consultationComments.publicId, commentId));
    if (!found) throw notFound('没有这条意见');
    // The consultation first (as publish_feedback locks it), then the comment: a disposition and a publication never cross.
    const [consultation] = await tx.select({ status: consultations.status, publicId: consultations.publicId, slug: consultations.slug, title: consultations.title }).from(consultations)
      .where(eq(consultations.id, found.consultationId)).for('update');
    const [comment] = await tx.select().from(consultationComments).where(eq(consultationComments.publicId, commentId)).for('update');
    if (consultation!.status === 'feedback_published') throw conflict('反馈已发布，意见不能再改动');
    const c = comment!;
    switch (action.action) {
      case 'approve':
      case 'reject': {
        if (c.status !== 'pending') throw conflict('这条意见已审核');
        const status = action.action === 'approve' ? 'approved' as const : 'rejected' as const;
        const reject = action.action === 'reject' ? { code: action.reason, note: action.note ?? null } : null;
        await tx.update(consultationComments).set({
          status, moderatedAt: now, moderatedById: actor.user!.id, rejectCode: reject?.code ?? null, rejectReason: reject?.note ?? null,
        }).where(eq(consultationComments.id, c.id));
        await recordAudit(tx, actor, {
          action: `consultation_comment.${action.action}`, entityType: 'consultation_comment', entityId: c.publicId,
          details: { consultation: consultation!.publicId, ...(reject ? { reason: reject.code, note: reject.note } : {}) },
        });
        // The commenter is told why a comment is not published (only the commenter: the reason is not public).
        if (reject) {
          ping = await notifyUsers(tx, [c.authorId], {
            kind: 'consultation.comment_rejected',
            title: `您对《${consultation!.title}》提出的意见未予公开`,
            body: `理由：${messages.consultations.rejectReason[reject.code]}${reject.note ? `。说明：${reject.note}` : ''}`,
            link: consultationPath(consultation!.slug),
            message: {
              key: 'consultationCommentRejected',
              values: { title: consultation!.title, reason: reject.code, hasNote: reject.note ? 'yes' : 'no', note: reject.note ?? '' },
              user: ['title', 'note'],
            },
          });
        }
        return { id: c.publicId, status, disposition: null };
      }
      case 'dispose': {
        if (c.status !== 'approved') throw conflict('只能处理已公开的意见');
        if (consultation!.status !== 'closed') throw conflict('意见征集截止后才能处理意见');
        await tx.update(consultationComments).set({
          disposition: action.disposition, dispositionReason: action.reason || null, disposedAt: now, disposedById: actor.user!.id,
        }).where(eq(consultationComments.id, c.id));
        await recordAudit(tx, actor, { action: 'consultation_comment.dispose', entityType: 'consultation_comment', entityId: c.publicId, details: { consultation: consultation!.publicId, disposition: action.disposition, previous: c.disposition } });
        return { id: c.publicId, status: c.status, disposition: action.disposition };
      }
    }
  });
  pingUsers(ping);
  return result;
}

// ───────────────────────────── subscriptions (issue 16 item 6) ─────────────────────────────

async function publicConsultation(tx: Tx, idOrSlug: string) {
  const [row] = await tx.select({ id: consultations.id, publicId: consultations.publicId, status: consultations.status }).from(consultations)
    .where(or(eq(consultations.publicId, idOrSlug), eq(consultations.slug, idOrSlug)));
  if (!row || row.status === 'draft') throw notFound('没有这项意见征集');
  return row;
}

/** POST /api/v1/consultations/{id}/subscription (citizen): idempotent; 409 once the feedback is out (nothing left to tell). */
export async function subscribeToConsultation(actor: Actor, idOrSlug: string, now = new Date()): Promise<{ consultationId: string; subscribed: boolean }> {
  assertCan(actor, 'consultations.subscribe');
  return db().transaction(async (tx) => {
    const row = await publicConsultation(tx, idOrSlug);
    if (row.status === 'feedback_published') throw conflict('这项意见征集的反馈已发布，无需再订阅提醒');
    const inserted = await tx.insert(consultationSubscriptions).values({ consultationId: row.id, userId: actor.user!.id, createdAt: now })
      .onConflictDoNothing().returning({ userId: consultationSubscriptions.userId });
    if (inserted.length) await recordAudit(tx, actor, { action: 'consultation.subscribe', entityType: 'consultation', entityId: row.publicId, details: { status: row.status } });
    return { consultationId: row.publicId, subscribed: true };
  });
}

/** DELETE /api/v1/consultations/{id}/subscription (citizen): idempotent. */
export async function unsubscribeFromConsultation(actor: Actor, idOrSlug: string): Promise<{ consultationId: string; subscribed: boolean }> {
  assertCan(actor, 'consultations.subscribe');
  return db().transaction(async (tx) => {
    const row = await publicConsultation(tx, idOrSlug);
    const deleted = await tx.delete(consultationSubscriptions)
      .where(and(eq(consultationSubscriptions.consultationId, row.id), eq(consultationSubscriptions.userId, actor.user!.id)))
      .returning({ userId: consultationSubscriptions.userId });
    if (deleted.length) await recordAudit(tx, actor, { action: 'consultation.unsubscribe', entityType: 'consultation', entityId: row.publicId, details: {} });
    return { consultationId: row.publicId, subscribed: false };
  });
}

// ───────────────────────────── the radar (lib/accountability/compliance.ts) ─────────────────────────────

/** Closed consultations whose feedback is not published, oldest close first. */
export async function unpublishedFeedback(database: Tx | ReturnType<typeof db> = db()): Promise<Array<{ slug: string; publicId: string; title: string; closedAt: Date | null }>> {
  return database.select({ slug: consultations.slug, publicId: consultations.publicId, title: consultations.title, closedAt: consultations.closedAt })
    .from(consultations).where(and(eq(consultations.status, 'closed'), isNull(consultations.feedbackPublishedAt)))
    .orderBy(asc(consultations.closedAt));
}



// ───────────────────────────── PDF attachments ─────────────────────────────

export { MAX_CONSULTATION_ATTACHMENTS };

/**
 * A moderator attaches a checked PDF (lib/disclosure/files#storeUploadedFile: type, first bytes, 10 MB) to a
 * consultation until its feedback is published. Public (lib/disclosure/files#readDownloadableFile) once the
 * consultation is; a draft's only to moderators.
 */
export async function addConsultationAttachment(actor: Actor, idOrSlug: string, file: UploadedFile | null): Promise<{ id: string; fileName: string }> {
  assertCan(actor, 'consultations.manage');
  if (!file) throw new AppError('invalid_input', '请选择 PDF 文件', { file: '请选择 PDF 文件' });
  return db().transaction(async (tx) => {
    const row = await lockConsultation(tx, idOrSlug);
    if (row.status === 'feedback_published') throw conflict('反馈已发布，不能再添加附件');
    const [{ n }] = await tx.select({ n: count() }).from(consultationAttachments).where(eq(consultationAttachments.consultationId, row.id)) as [{ n: number }];
    if (n >= MAX_CONSULTATION_ATTACHMENTS) throw new AppError('invalid_input', `附件最多 ${MAX_CONSULTATION_ATTACHMENTS} 个`, { file: `附件最多 ${MAX_CONSULTATION_ATTACHMENTS} 个` });
    const stored = await storeUploadedFile(tx, file, actor.user!.id);
    const [{ last }] = await tx.select({ last: sql<number>`coalesce(max(${consultationAttachments.sortOrder}), -1)`.mapWith(Number) })
      .from(consultationAttachments).where(eq(consultationAttachments.consultationId, row.id)) as [{ last: number }];
    await tx.insert(consultationAttachments).values({ consultationId: row.id, fileId: stored.id, sortOrder: last + 1 });
    await recordAudit(tx, actor, { action: 'consultation.attach', entityType: 'consultation', entityId: row.publicId, details: { file: stored.publicId, fileName: stored.fileName, sha256: stored.sha256 } });
    return { id: stored.publicId, fileName: stored.fileName };
  });
}

/** States in which an attachment may be removed: what was consulted on stays on the record once the consultation closes. */
const REMOVABLE: readonly ConsultationStatus[] = ['draft', 'open'];

/**
 * DELETE /api/v1/consultations/{id}/attachments/{fileId} (moderator): while the consultation is a draft or open (409
 * after closing). The link and the stored file go in one transaction with the audit row (file name and SHA-256
 * kept there), so its download address answers 404 at once.
 */
export async function removeConsultationAttachment(actor: Actor, idOrSlug: string, fileId: string): Promise<{ id: string; removed: true }> {
  assertCan(actor, 'consultations.manage');
  const parsed = z.uuid().safeParse(fileId);
  return db().transaction(async (tx) => {
    const row = await lockConsultation(tx, idOrSlug);
    const [file] = parsed.success ? await tx.select({ id: disclosureFiles.id, publicId: disclosureFiles.publicId, fileName: disclosureFiles.fileName, sha256: disclosureFiles.sha256 })
      .from(consultationAttachments).innerJoin(disclosureFiles, eq(disclosureFiles.id, consultationAttachments.fileId))
      .where(and(eq(consultationAttachments.consultationId, row.id), eq(disclosureFiles.publicId, parsed.data))) : [];
    if (!file) throw notFound('这项意见征集没有这个附件');
    if (!REMOVABLE.includes(row.status)) throw conflict('意见征集已截止，附件不能再删除');
    await tx.delete(consultationAttachments).where(and(eq(consultationAttachments.consultationId, row.id), eq(consultationAttachments.fileId, file.id)));
    await tx.delete(disclosureFiles).where(eq(disclosureFiles.id, file.id));
    await recordAudit(tx, actor, { action: 'consultation.detach', entityType: 'consultation', entityId: row.publicId, details: { file: file.publicId, fileName: file.fileName, sha256: file.sha256, status: row.status } });
    return { id: file.publicId, removed: true as const };
  });
}

/** GET /api/v1/consultations/{id}/attachments (moderator): every attachment (a draft's too), with what may be done now. */
export async function listConsultationAttachments(actor: Actor, idOrSlug: string) {
  assertCan(actor, 'consultations.manage');
  const [row] = await db().select({ id: consultations.id, status: consultations.status }).from(consultations)
    .where(or(eq(consultations.publicId, idOrSlug), eq(consultations.slug, idOrSlug)));
  if (!row) throw notFound('没有这项意见征集');
  const items = await consultationAttachmentList(db(), row.id);
  return {
    items: items.map((i) => ({ ...i, url: fileUrl(i.id) })),
    canAdd: row.status !== 'feedback_published' && items.length < MAX_CONSULTATION_ATTACHMENTS,
    canRemove: REMOVABLE.includes(row.status),
    max: MAX_CONSULTATION_ATTACHMENTS,
  };
}

/** The attachments of a consultation, in order: id (download at /disclosure/files/<id>), name, size. */
export async function consultationAttachmentList(database: Tx | ReturnType<typeof db>, consultationId: number) {
  return database.select({ id: disclosureFiles.publicId, fileName: disclosureFiles.fileName, sizeBytes: disclosureFiles.sizeBytes })
    .from(consultationAttachments).innerJoin(disclosureFiles, eq(disclosureFiles.id, consultationAttachments.fileId))
    .where(eq(consultationAttachments.consultationId, consultationId)).orderBy(asc(consultationAttachments.sortOrder));
}
