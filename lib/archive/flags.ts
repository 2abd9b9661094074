import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { db } from '../db';
import { AppError, notFound, parseInput, unauthenticated } from '../errors';
import type { Actor } from '../auth/permissions';
import { users } from '../accounts/schema';
import { recordAudit } from '../audit';
import { archiveEntries, archiveFlags, type FlagStatus } from './schema';
import { assertCurator, lockEntry, unpublishLocked } from './curation';
import { flagActionInput, flagInput, flagListQuery } from './validation';

/**
 * Reports (举报) of published entries: any signed-in user may report one, with a reason; one open report per user
 * and entry (a second click is recognised, not stored twice). Moderators dismiss a report or act on it by
 * unpublishing the entry, which closes every open report of that entry. Each step has its audit row.
 */

export const FLAG_PAGE_SIZE = 20;

export async function reportEntry(actor: Actor, entryPublicId: string, input: unknown, now = new Date()): Promise<{ id: string; status: 'open'; duplicate: boolean }> {
  if (!actor.user) throw unauthenticated();
  const user = actor.user;
  const { reason } = parseInput(flagInput, input);
  return db().transaction(async (tx) => {
    const [entry] = await tx
      .select({ id: archiveEntries.id, status: archiveEntries.status })
      .from(archiveEntries)
      .where(eq(archiveEntries.publicId, String(entryPublicId).slice(0, 64)));
    // Only what the public can see can be reported; anything else does not exist for the reporter.
    if (!entry || entry.status !== 'published') throw notFound('没有这个公开条目');
    const publicId = randomUUID();
    const [created] = await tx
      .insert(archiveFlags)
      .values({ publicId, entryId: entry.id, reporterId: user.id, reason, createdAt: now })
      // The partial unique index (entry, reporter) where open: a concurrent second report is dropped, not an error.
      .onConflictDoNothing()
      .returning({ id: archiveFlags.publicId });
    if (!created) {
      const [open] = await tx
        .select({ id: archiveFlags.publicId })
        .from(archiveFlags)
        .where(and(eq(archiveFlags.entryId, entry.id), eq(archiveFlags.reporterId, user.id), eq(archiveFlags.status, 'open')));
      if (!open) throw new AppError('conflict', '举报未能保存，请稍后重试');
      return { id: open.id, status: 'open' as const, duplicate: true };
    }
    await recordAudit(tx, actor, { action: 'archive.flag', entityType: 'archive_flag', entityId: publicId, details: { entry: String(entryPublicId), reason } });
    return { id: created.id, status: 'open' as const, duplicate: false };
  });
}

export interface FlagView {
  id: string;
  entryId: string;
  entryTitle: string;
  entryStatus: string;
  reporter: string;
  reason: string;
  status: FlagStatus;
  createdAt: Date;
  handledAt: Date | null;
  handledBy: string | null;
  resolution: string | null;
}

/** Reports for moderators, by status (open first by default), oldest open first, handled ones newest first. */
export async function listFlags(actor: Actor, input: unknown): Promise<{ items: FlagView[]; total: number; page: number; pageSize: number; counts: Record<FlagStatus, number> }> {
  assertCurator(actor);
  const { status, page } = parseInput(flagListQuery, input);
  const where = eq(archiveFlags.status, status);
  const [rows, countRows] = await Promise.all([
    db()
      .select({
        id: archiveFlags.publicId,
        entryId: archiveEntries.publicId,
        entryTitle: archiveEntries.title,
        entryStatus: archiveEntries.status,
        reporter: users.name,
        reason: archiveFlags.reason,
        status: archiveFlags.status,
        createdAt: archiveFlags.createdAt,
        handledAt: archiveFlags.handledAt,
        handledBy: sql<string | null>`(select u.name from users u where u.id = ${archiveFlags.handledById})`,
        resolution: archiveFlags.resolution,
      })
      .from(archiveFlags)
      .innerJoin(archiveEntries, eq(archiveFlags.entryId, archiveEntries.id))
      .innerJoin(users, eq(archiveFlags.reporterId, users.id))
      .where(where)
      .orderBy(status === 'open' ? archiveFlags.createdAt : desc(archiveFlags.handledAt), archiveFlags.id)
      .limit(FLAG_PAGE_SIZE)
      .offset((page - 1) * FLAG_PAGE_SIZE),
    db().select({ status: archiveFlags.status, n: count() }).from(archiveFlags).groupBy(archiveFlags.status),
  ]);
  const counts: Record<FlagStatus, number> = { open: 0, dismissed: 0, actioned: 0 };
  for (const r of countRows) counts[r.status] = r.n;
  return { items: rows, total: counts[status], page, pageSize: FLAG_PAGE_SIZE, counts };
}

/**
 * dismiss: the report is closed with the moderator's explanation. unpublish: the entry is taken down with that
 * reason (its catalogue item withdrawn) and every open report of it is closed as actioned. 409 when already handled.
 */
export async function handleFlag(actor: Actor, flagPublicId: string, input: unknown, now = new Date()): Promise<{ id: string; status: FlagStatus }> {
  assertCurator(actor);
  const action = parseInput(flagActionInput, input);
  return db().transaction(async (tx) => {
    const [flag] = await tx
      .select({ id: archiveFlags.id, publicId: archiveFlags.publicId, status: archiveFlags.status, entryPublicId: archiveEntries.publicId, entryId: archiveFlags.entryId })
      .from(archiveFlags)
      .innerJoin(archiveEntries, eq(archiveFlags.entryId, archiveEntries.id))
      .where(eq(archiveFlags.publicId, String(flagPublicId).slice(0, 64)))
      .for('update', { of: archiveFlags });
    if (!flag) throw notFound('没有这条举报');
    if (flag.status !== 'open') throw new AppError('conflict', '这条举报已处理');
    const handled = { handledById: actor.user.id, handledAt: now, resolution: action.resolution };
    if (action.action === 'dismiss') {
      await tx.update(archiveFlags).set({ ...handled, status: 'dismissed' }).where(eq(archiveFlags.id, flag.id));
      await recordAudit(tx, actor, { action: 'archive.flag_dismiss', entityType: 'archive_flag', entityId: flag.publicId, details: { entry: flag.entryPublicId, resolution: action.resolution } });
      return { id: flag.publicId, status: 'dismissed' as const };
    }
    const entry = await lockEntry(tx, flag.entryPublicId);
    // Already taken down (by another report or the editor): the report is closed as actioned all the same.
    const closedByUnpublish = entry.status === 'published' ? await unpublishLocked(tx, actor, entry, action.resolution, now, { flag: flag.publicId }) : 0;
    const closed = await tx
      .update(archiveFlags)
      .set({ ...handled, status: 'actioned' })
      .where(and(eq(archiveFlags.entryId, flag.entryId), eq(archiveFlags.status, 'open')))
      .returning({ id: archiveFlags.publicId });
    await recordAudit(tx, actor, {
      action: 'archive.flag_unpublish',
      entityType: 'archive_flag',
      entityId: flag.publicId,
      details: { entry: flag.entryPublicId, resolution: action.resolution, closedReports: closedByUnpublish + closed.length },
    });
    return { id: flag.publicId, status: 'actioned' as const };
  });
}
