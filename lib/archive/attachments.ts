import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { z } from 'zod';
import { db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { can, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { contentDisposition } from '../uploads';
import { ATTACHMENT_CSP } from '../security/headers';
import { letterAttachments, letters } from '../letters/schema';
import { assertCurator, lockEntry, mask, publicNumbers } from './curation';
import { archiveAttachments, archiveEntries, type MaskRegion } from './schema';

/**
 * A letter's image in its public archive entry (issue 17 item 2, Alaveteli's censor rules for files): attachments
 * are never published as they are. A moderator marks rectangles over an image on the entry's editor; the server
 * renders a new copy with those rectangles filled solid (decoded pixels are overwritten, then re-encoded as JPEG
 * without any metadata) and links only that copy to the entry. The copy is served to anyone only while the entry is
 * published and the writer's consent stands — unpublishing or a withdrawal of consent takes it down with the entry,
 * nothing else to do. The original stays behind the letter's own rule (lib/letters/attachments.ts). PDFs cannot be
 * included: there is no safe way to mask one here.
 */

/** The solid fill of a masked region. */
export const MASK_FILL = { r: 0, g: 0, b: 0 } as const;
export const MAX_REGIONS = 20;
const NOT_FOUND = '没有这个公开图片，或已撤下';
export const PDF_REFUSAL = 'PDF 文件无法遮盖后公开，只能收入图片附件';

const fraction = z.number({ error: '区域坐标须为 0 到 1 之间的数' }).min(0, '区域坐标须为 0 到 1 之间的数').max(1, '区域坐标须为 0 到 1 之间的数');
const EPSILON = 1e-6;

export const maskRegion = z.object({ x: fraction, y: fraction, w: fraction, h: fraction })
  .refine((r) => r.w > 0 && r.h > 0, '遮盖区域的宽和高须大于 0')
  .refine((r) => r.x + r.w <= 1 + EPSILON && r.y + r.h <= 1 + EPSILON, '遮盖区域超出了图片');

export const includeAttachmentInput = z.object({
  attachmentId: z.uuid('附件编号无效'),
  regions: z.array(maskRegion).min(1, '请至少标出一个要遮盖的区域').max(MAX_REGIONS, `最多标出 ${MAX_REGIONS} 个区域`),
});

/** Pixel box of a region: rounded outwards, so a region never leaves a sliver of what it covers. */
function pixelBox(r: MaskRegion, width: number, height: number) {
  const left = Math.max(0, Math.floor(r.x * width));
  const top = Math.max(0, Math.floor(r.y * height));
  const right = Math.min(width, Math.ceil((r.x + r.w) * width));
  const bottom = Math.min(height, Math.ceil((r.y + r.h) * height));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** The masked copy: the image with every region filled solid, re-encoded as JPEG with no metadata. */
export async function renderMasked(image: Uint8Array, regions: MaskRegion[]): Promise<{ data: Uint8Array; width: number; height: number }> {
  // Decode to raw pixels first and write the fill into them: nothing of a covered region survives into the encoder.
  const { data: raw, info } = await sharp(image, { limitInputPixels: 40_000_000, failOn: 'error' })
    .rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  for (const region of regions) {
    const box = pixelBox(region, width, height);
    for (let y = box.top; y < box.top + box.height; y++) {
      for (let x = box.left; x < box.left + box.width; x++) {
        const at = (y * width + x) * channels;
        raw[at] = MASK_FILL.r;
        raw[at + 1] = MASK_FILL.g;
        raw[at + 2] = MASK_FILL.b;
      }
    }
  }
  const out = await sharp(raw, { raw: { width, height, channels } }).jpeg({ quality: 85 }).toBuffer();
  return { data: new Uint8Array(out), width, height };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface CurationAttachment {
  /** The letter attachment's public id. */
  id: string;
  kind: 'image' | 'pdf';
  fileName: string;
  width: number | null;
  height: number | null;
  /** Where the moderator sees the original's thumbnail (the letter's own rule lets moderators read it). */
  thumbnailUrl: string | null;
  /** The masked copy in the entry, if included. */
  included: { id: string; url: string; regions: MaskRegion[] } | null;
}

export const maskedImageUrl = (publicId: string) => `/api/v1/archive/attachments/${publicId}`;

async function entryLetter(tx: Tx | ReturnType<typeof db>, entryPublicId: string) {
  const [entry] = await tx.select({ id: archiveEntries.id, letterId: archiveEntries.letterId, maskedTerms: archiveEntries.maskedTerms })
    .from(archiveEntries).where(eq(archiveEntries.publicId, String(entryPublicId).slice(0, 64)));
  if (!entry) throw notFound('没有这个公开条目');
  return entry;
}

/** The letter's attachments beside the entry, each with its masked copy if included (moderators). */
export async function curationAttachments(actor: Actor, entryPublicId: string): Promise<CurationAttachment[]> {
  assertCurator(actor);
  const entry = await entryLetter(db(), entryPublicId);
  if (entry.letterId === null) return [];
  const [sources, copies] = await Promise.all([
    db().select({ internalId: letterAttachments.id, id: letterAttachments.publicId, kind: letterAttachments.kind, fileName: letterAttachments.fileName, width: letterAttachments.width, height: letterAttachments.height })
      .from(letterAttachments).where(eq(letterAttachments.letterId, entry.letterId)).orderBy(asc(letterAttachments.id)),
    db().select({ sourceId: archiveAttachments.sourceId, id: archiveAttachments.publicId, regions: archiveAttachments.regions })
      .from(archiveAttachments).where(eq(archiveAttachments.entryId, entry.id)),
  ]);
  const bySource = new Map(copies.map((c) => [c.sourceId, c]));
  return sources.map(({ internalId, ...s }) => {
    const copy = bySource.get(internalId);
    return {
      ...s,
      thumbnailUrl: s.kind === 'image' ? `/api/v1/attachments/${s.id}?variant=thumbnail` : null,
      included: copy ? { id: copy.id, url: maskedImageUrl(copy.id), regions: copy.regions } : null,
    };
  });
}

export interface IncludedAttachment {
  id: string;
  fileName: string;
  width: number;
  height: number;
  regions: MaskRegion[];
  url: string;
}

/**
 * Includes a letter's image in the letter's entry, masked: the regions are filled solid in a new copy, which
 * replaces an earlier copy of the same image. 404 for an attachment of another letter, 422 for a PDF or bad regions,
 * 403 for anyone but a moderator. One transaction with its audit row (the regions are recorded, not the image).
 */
export async function includeAttachment(actor: Actor, entryPublicId: string, input: unknown, now = new Date()): Promise<IncludedAttachment> {
  assertCurator(actor);
  const { attachmentId, regions } = parseInput(includeAttachmentInput, input);
  const entry = await entryLetter(db(), entryPublicId);
  if (entry.letterId === null) throw new AppError('invalid_input', '只有来信的公开条目可以收入附件', { attachmentId: '只有来信的公开条目可以收入附件' });
  const [source] = await db().select().from(letterAttachments)
    .where(and(eq(letterAttachments.publicId, attachmentId), eq(letterAttachments.letterId, entry.letterId)));
  if (!source) throw notFound('这封来信没有这个附件');
  if (source.kind !== 'image') throw new AppError('invalid_input', PDF_REFUSAL, { attachmentId: PDF_REFUSAL });
  // Rendering is slow: done before the transaction, on the stored (immutable) bytes.
  const masked = await renderMasked(source.data, regions);
  const publicId = randomUUID();
  await db().transaction(async (tx) => {
    const locked = await lockEntry(tx, entryPublicId);
    const keep = await publicNumbers(tx);
    const fileName = mask(source.fileName, locked.maskedTerms, keep);
    const replaced = await tx.delete(archiveAttachments)
      .where(and(eq(archiveAttachments.entryId, locked.id), eq(archiveAttachments.sourceId, source.id)))
      .returning({ id: archiveAttachments.publicId });
    await tx.insert(archiveAttachments).values({
      publicId, entryId: locked.id, sourceId: source.id, fileName, mimeType: 'image/jpeg', sizeBytes: masked.data.byteLength,
      sha256: sha256(masked.data), data: masked.data, width: masked.width, height: masked.height, regions, createdById: actor.user.id, createdAt: now,
    });
    await tx.update(archiveEntries).set({ updatedAt: now, curatedById: actor.user.id }).where(eq(archiveEntries.id, locked.id));
    await recordAudit(tx, actor, {
      action: 'archive.attachment_include', entityType: 'archive_entry', entityId: locked.publicId,
      details: { attachment: source.publicId, copy: publicId, regions, replaced: replaced[0]?.id ?? null },
    });
  });
  return { id: publicId, fileName: mask(source.fileName, entry.maskedTerms, await publicNumbers(db())), width: masked.width, height: masked.height, regions, url: maskedImageUrl(publicId) };
}

/** Takes a masked copy out of the entry (and deletes it). 404 when the entry has no such copy. */
export async function removeAttachment(actor: Actor, entryPublicId: string, copyId: string): Promise<void> {
  assertCurator(actor);
  const id = z.uuid().safeParse(copyId);
  if (!id.success) throw notFound('这个条目没有这张图片');
  await db().transaction(async (tx) => {
    const locked = await lockEntry(tx, entryPublicId);
    const [removed] = await tx.delete(archiveAttachments)
      .where(and(eq(archiveAttachments.entryId, locked.id), eq(archiveAttachments.publicId, id.data)))
      .returning({ id: archiveAttachments.publicId });
    if (!removed) throw notFound('这个条目没有这张图片');
    await recordAudit(tx, actor, { action: 'archive.attachment_remove', entityType: 'archive_entry', entityId: locked.publicId, details: { copy: removed.id } });
  });
}

/** Published only: the entry is published and, for a letter, its writer's consent stands. */
const servable = and(eq(archiveEntries.status, 'published'), eq(letters.consentToPublish, true));

/** The masked images of a published entry, for its public page and API (masked names). */
export async function publicAttachments(tx: Tx | ReturnType<typeof db>, entryPublicId: string): Promise<IncludedAttachment[]> {
  const rows = await tx.select({
    id: archiveAttachments.publicId, fileName: archiveAttachments.fileName, width: archiveAttachments.width, height: archiveAttachments.height,
    regions: archiveAttachments.regions, terms: archiveEntries.maskedTerms,
  }).from(archiveAttachments)
    .innerJoin(archiveEntries, eq(archiveEntries.id, archiveAttachments.entryId))
    .innerJoin(letters, eq(letters.id, archiveEntries.letterId))
    .where(and(eq(archiveEntries.publicId, String(entryPublicId).slice(0, 64)), servable))
    .orderBy(asc(archiveAttachments.sourceId));
  if (!rows.length) return [];
  const keep = await publicNumbers(tx);
  return rows.map(({ terms, ...r }) => ({ ...r, fileName: mask(r.fileName, terms, keep), url: maskedImageUrl(r.id) }));
}

export interface MaskedImage { fileName: string; sha256: string; data: Uint8Array; published: boolean }

/**
 * A masked copy: to anyone while its entry is published with the writer's consent; to moderators also before (the
 * editor's preview). 404 otherwise, as for an id that never existed.
 */
export async function readMaskedImage(actor: Actor, copyId: string): Promise<MaskedImage> {
  const id = z.uuid().safeParse(copyId);
  if (!id.success) throw notFound(NOT_FOUND);
  const [row] = await db().select({
    fileName: archiveAttachments.fileName, sha256: archiveAttachments.sha256, data: archiveAttachments.data,
    status: archiveEntries.status, consent: letters.consentToPublish, terms: archiveEntries.maskedTerms,
  }).from(archiveAttachments)
    .innerJoin(archiveEntries, eq(archiveEntries.id, archiveAttachments.entryId))
    .innerJoin(letters, eq(letters.id, archiveEntries.letterId))
    .where(eq(archiveAttachments.publicId, id.data));
  if (!row) throw notFound(NOT_FOUND);
  const published = row.status === 'published' && row.consent === true;
  if (!published && !can(actor, 'archive.curate')) throw notFound(NOT_FOUND);
  return { fileName: mask(row.fileName, row.terms, await publicNumbers(db())), sha256: row.sha256, data: row.data, published };
}

/** Inline, never sniffed, sandboxed, never kept by a cache: an unpublished entry's image must go at once. */
export function maskedImageResponse(file: MaskedImage): Response {
  return new Response(new Uint8Array(file.data), {
    headers: {
      'content-type': 'image/jpeg',
      'content-length': String(file.data.byteLength),
      'content-disposition': contentDisposition(file.fileName, 'inline'),
      'x-content-type-options': 'nosniff',
      'content-security-policy': ATTACHMENT_CSP,
      'cache-control': file.published ? 'no-store' : 'private, no-store',
      'cross-origin-resource-policy': 'same-origin',
      etag: `"${file.sha256}"`,
    },
  });
}
