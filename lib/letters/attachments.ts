import { createHash, randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import sharp from 'sharp';
import { z } from 'zod';
import { db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import type { Actor, ActorUser } from '../auth/permissions';
import { trackingNo as trackingNoSchema } from '../cases/validation';
import { assertFileSize, cleanFileName, contentDisposition, hasPdfMagic, MAX_FILE_BYTES, type UploadedFile } from '../uploads';
import { ATTACHMENT_CSP } from '../security/headers';
import { letterViewer, personalDataMasker } from './queries';
import { LETTER_OPEN_STATUSES } from './transitions';
import { letterAttachments, letters, type AttachmentKind } from './schema';

/**
 * Photos and PDFs attached to a letter and to its follow-ups (issue 17 item 2). At most 5 on the letter and 5 on
 * each follow-up, 10 MB each. Detected by content, never by the declared type or the name: JPEG, PNG and WebP are
 * decoded and re-encoded as JPEG (EXIF, GPS, XMP and ICC dropped; turned upright first; at most 2560 px on the long
 * side) with a 320 px thumbnail; a PDF must begin with "%PDF-"; anything else is refused. File names are masked as
 * published text is (the writer's name, telephone, e-mail, ID numbers…). Served to the writer, a visitor with the
 * query code and the staff of the case — never to anyone else, and never published (archive entries do not carry
 * them).
 */

export const MAX_ATTACHMENTS = 5;
export const IMAGE_MAX_PX = 2560;
export const THUMBNAIL_PX = 320;
/** The most a multipart upload of five files may weigh (the files plus the form around them). */
export const MAX_UPLOAD_BODY_BYTES = MAX_ATTACHMENTS * MAX_FILE_BYTES + 256 * 1024;
/** The multipart field the forms and the API send files in. */
export const ATTACHMENT_FIELD = 'attachments';

const REFUSED_TYPE = '只能上传 JPEG、PNG、WebP 图片或 PDF 文件';
const TOO_MANY = `最多上传 ${MAX_ATTACHMENTS} 个附件`;
const NOT_FOUND = '附件不存在，或您无权查看';

/** A checked, re-encoded upload, ready to store (made before the transaction: decoding is slow). */
export interface PreparedAttachment {
  kind: AttachmentKind;
  mimeType: string;
  fileName: string;
  data: Uint8Array;
  thumbnail: Uint8Array | null;
  width: number | null;
  height: number | null;
  sha256: string;
}

export interface AttachmentView {
  id: string;
  kind: AttachmentKind;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  createdAt: Date;
}

type ImageFormat = 'jpeg' | 'png' | 'webp';

/** The image format the bytes begin with, whatever the declared type says. */
function imageFormatOf(b: Uint8Array): ImageFormat | null {
  if (b.byteLength >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.byteLength >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x)) return 'png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.byteLength >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** How an image is re-encoded: the letters' defaults, or smaller (the interviews' live photos, lib/interviews/live-updates.ts). */
export interface ImageOptions {
  /** The long side at most (2560 px unless told). */
  maxPx?: number;
  /** The thumbnail's long side at most (320 px unless told). */
  thumbnailPx?: number;
  /** Refuse PDFs too (images only), with this message. */
  imagesOnly?: string;
}

/** Checks one upload and re-encodes an image (422 on `field` for anything else, or an image that does not decode). */
export async function prepareAttachment(file: UploadedFile, field = ATTACHMENT_FIELD, options: ImageOptions = {}): Promise<PreparedAttachment> {
  assertFileSize(file.bytes.byteLength, field);
  const refuse = (message: string) => new AppError('invalid_input', message, { [field]: message });
  const maxPx = options.maxPx ?? IMAGE_MAX_PX;
  const thumbnailPx = options.thumbnailPx ?? THUMBNAIL_PX;
  if (options.imagesOnly && !imageFormatOf(file.bytes)) throw refuse(options.imagesOnly);
  if (hasPdfMagic(file.bytes)) {
    return {
      kind: 'pdf', mimeType: 'application/pdf', fileName: cleanFileName(file.fileName, '.pdf'),
      data: file.bytes, thumbnail: null, width: null, height: null, sha256: sha256(file.bytes),
    };
  }
  const format = imageFormatOf(file.bytes);
  if (!format) throw refuse(REFUSED_TYPE);
  try {
    // 40 megapixels: a phone's photo, not a decompression bomb. The output keeps no metadata (sharp's default).
    const { data, info } = await sharp(file.bytes, { limitInputPixels: 40_000_000, failOn: 'error' })
      .rotate()
      .resize({ width: maxPx, height: maxPx, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85 })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(data).resize({ width: thumbnailPx, height: thumbnailPx, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
    const bytes = new Uint8Array(data);
    return {
      kind: 'image', mimeType: 'image/jpeg', fileName: cleanFileName(file.fileName, '.jpg', ['.jpeg', '.png', '.webp', '.jpg']),
      data: bytes, thumbnail: new Uint8Array(thumbnail), width: info.width, height: info.height, sha256: sha256(bytes),
    };
  } catch {
    throw refuse('图片无法读取，可能已损坏或过大（最多 4000 万像素）');
  }
}

/**
 * The files of a multipart form's `attachments` field, up to 5, each checked against 10 MB before it is read, then
 * re-encoded. The count is checked again against what the letter or follow-up already has, when stored.
 */
export async function prepareFormAttachments(form: FormData, field = ATTACHMENT_FIELD): Promise<PreparedAttachment[]> {
  // `file` is the API contract's name for one file (API.md "Intake"); the forms send `attachments`.
  const files = [...form.getAll(field), ...form.getAll('file')].filter((v): v is File => typeof v !== 'string' && v.size > 0);
  if (files.length > MAX_ATTACHMENTS) throw new AppError('invalid_input', TOO_MANY, { [field]: TOO_MANY });
  for (const f of files) assertFileSize(f.size, field);
  const prepared: PreparedAttachment[] = [];
  for (const f of files) prepared.push(await prepareAttachment({ fileName: f.name, mimeType: f.type, bytes: new Uint8Array(await f.arrayBuffer()) }, field));
  return prepared;
}

/**
 * Stores prepared attachments on a letter (`messageId` null) or one of its follow-ups, in the caller's transaction
 * (which holds the letter's row lock, so two uploads cannot both pass the count): 422 past 5; names masked; one
 * audit row per file.
 */
export async function storeAttachments(
  tx: Tx, actor: Actor & { user: ActorUser },
  target: { letterId: number; trackingNo: string; writerId: number; messageId: number | null },
  files: PreparedAttachment[], field = ATTACHMENT_FIELD,
): Promise<AttachmentView[]> {
  if (!files.length) return [];
  const [existing] = await tx.select({ n: count() }).from(letterAttachments).where(and(
    eq(letterAttachments.letterId, target.letterId),
    target.messageId === null ? isNull(letterAttachments.messageId) : eq(letterAttachments.messageId, target.messageId),
  ));
  if ((existing?.n ?? 0) + files.length > MAX_ATTACHMENTS) {
    const left = MAX_ATTACHMENTS - (existing?.n ?? 0);
    const message = left > 0 ? `${TOO_MANY}，还可以再上传 ${left} 个` : `${TOO_MANY}，已经满了`;
    throw new AppError('invalid_input', message, { [field]: message });
  }
  const masked = await personalDataMasker([target.writerId], tx);
  const stored: AttachmentView[] = [];
  for (const file of files) {
    const [row] = await tx.insert(letterAttachments).values({
      publicId: randomUUID(), letterId: target.letterId, messageId: target.messageId, kind: file.kind, mimeType: file.mimeType,
      sizeBytes: file.data.byteLength, sha256: file.sha256, data: file.data, thumbnail: file.thumbnail, width: file.width, height: file.height,
      fileName: masked(file.fileName), uploadedById: actor.user.id,
    }).returning(viewColumns);
    await recordAudit(tx, actor, {
      action: 'letter.attachment_upload', entityType: 'letter', entityId: target.trackingNo,
      details: { attachment: row!.id, kind: file.kind, sizeBytes: file.data.byteLength, sha256: file.sha256, followUp: target.messageId !== null },
    });
    stored.push(row!);
  }
  return stored;
}

const viewColumns = {
  id: letterAttachments.publicId, kind: letterAttachments.kind, fileName: letterAttachments.fileName, mimeType: letterAttachments.mimeType,
  sizeBytes: letterAttachments.sizeBytes, width: letterAttachments.width, height: letterAttachments.height, createdAt: letterAttachments.createdAt,
};

const letterFacts = {
  id: letters.id, trackingNo: letters.trackingNo, status: letters.status, writerId: letters.writerId, departmentId: letters.departmentId,
  acceptedAt: letters.acceptedAt, extensionDays: letters.extensionDays, reopened: letters.reopened, rating: letters.rating,
  consentToPublish: letters.consentToPublish, queryCode: letters.queryCode,
};

/**
 * Whether `actor` may add attachments to the letter now — asked before an upload's body is read (401, 404 as the
 * letter page, 409 once the letter is finished); asked again under the row lock when the files are stored.
 */
export async function assertMayAttach(actor: Actor, trackingNoInput: string, database: Tx | ReturnType<typeof db> = db(), lock = false) {
  if (!actor.user) throw new AppError('unauthenticated', '请先登录');
  const trackingNo = parseInput(trackingNoSchema, trackingNoInput);
  const query = database.select(letterFacts).from(letters).where(eq(letters.trackingNo, trackingNo));
  const [row] = lock ? await query.for('update') : await query;
  const viewer = row ? await letterViewer(actor, trackingNo, row, null) : null;
  if (!row || !viewer) throw notFound('没有这封来信，或您无权查看');
  if (!LETTER_OPEN_STATUSES.includes(row.status)) throw new AppError('conflict', '来信已办结，不能再添加附件');
  return row;
}

/**
 * The writer or the staff of the case add attachments to the letter itself (POST …/attachments) while it is open:
 * 404 for anyone else (as the letter page), 409 once it is finished, 422 for a file refused or one too many.
 */
export async function attachToLetter(actor: Actor, trackingNoInput: string, files: PreparedAttachment[]): Promise<AttachmentView[]> {
  if (!actor.user) throw new AppError('unauthenticated', '请先登录');
  const user = actor.user;
  if (!files.length) throw new AppError('invalid_input', '请选择要上传的文件', { [ATTACHMENT_FIELD]: '请选择要上传的文件' });
  return db().transaction(async (tx) => {
    const row = await assertMayAttach(actor, trackingNoInput, tx, true);
    return storeAttachments(tx, { ...actor, user }, { letterId: row.id, trackingNo: row.trackingNo, writerId: row.writerId, messageId: null }, files);
  });
}

/** The attachments of a letter for its page: those of the letter itself, and by follow-up (message id). */
export async function listAttachments(letterId: number): Promise<{ letter: AttachmentView[]; byMessage: Map<number, AttachmentView[]> }> {
  const rows = await db().select({ ...viewColumns, messageId: letterAttachments.messageId }).from(letterAttachments)
    .where(eq(letterAttachments.letterId, letterId)).orderBy(asc(letterAttachments.id));
  const byMessage = new Map<number, AttachmentView[]>();
  const own: AttachmentView[] = [];
  for (const { messageId, ...view } of rows) {
    if (messageId === null) own.push(view);
    else byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), view]);
  }
  return { letter: own, byMessage };
}

export const attachmentRequest = z.object({
  variant: z.enum(['original', 'thumbnail']).default('original'),
});

export interface AttachmentDownload {
  fileName: string;
  mimeType: string;
  kind: AttachmentKind;
  sha256: string;
  data: Uint8Array;
}

/**
 * One attachment (or its thumbnail) for the writer, the staff of the case, or a visitor with the letter's query
 * code — the same rule as the letter page (lib/letters/queries.ts#letterViewer). Everyone else, an unknown id and an
 * id of another letter's attachment all get the same 404.
 */
export async function readAttachment(
  actor: Actor, trackingNoInput: string | null, attachmentId: string, options: { code?: string | null; variant?: 'original' | 'thumbnail' } = {},
): Promise<AttachmentDownload> {
  // GET /api/v1/attachments/{id} names no letter: the attachment's own letter decides.
  const id = z.uuid().safeParse(attachmentId);
  if (!id.success) throw notFound(NOT_FOUND);
  const [found] = trackingNoInput === null
    ? await db().select({ trackingNo: letters.trackingNo }).from(letterAttachments).innerJoin(letters, eq(letterAttachments.letterId, letters.id))
      .where(eq(letterAttachments.publicId, id.data))
    : [{ trackingNo: parseInput(trackingNoSchema, trackingNoInput) }];
  if (!found) throw notFound(NOT_FOUND);
  const trackingNo = found.trackingNo;
  const [row] = await db().select(letterFacts).from(letters).where(eq(letters.trackingNo, trackingNo));
  const viewer = await letterViewer(actor, trackingNo, row, options.code);
  if (!row || !viewer) throw notFound(NOT_FOUND);
  const [file] = await db().select().from(letterAttachments)
    .where(and(eq(letterAttachments.publicId, id.data), eq(letterAttachments.letterId, row.id)));
  if (!file) throw notFound(NOT_FOUND);
  if (options.variant === 'thumbnail') {
    if (!file.thumbnail) throw notFound('此附件没有缩略图');
    return { fileName: file.fileName, mimeType: 'image/jpeg', kind: 'image', sha256: sha256(file.thumbnail), data: file.thumbnail };
  }
  return { fileName: file.fileName, mimeType: file.mimeType, kind: file.kind, sha256: file.sha256, data: file.data };
}

/**
 * The response for a download: images inline, PDFs as a download; never sniffed, sandboxed (a crafted file cannot
 * run script on this origin), never cached by a shared cache or kept by the browser.
 */
export function attachmentResponse(file: AttachmentDownload): Response {
  return new Response(new Uint8Array(file.data), {
    headers: {
      'content-type': file.mimeType,
      'content-length': String(file.data.byteLength),
      'content-disposition': contentDisposition(file.fileName, file.kind === 'image' ? 'inline' : 'attachment'),
      'x-content-type-options': 'nosniff',
      'content-security-policy': ATTACHMENT_CSP,
      'cache-control': 'private, no-store',
      'cross-origin-resource-policy': 'same-origin',
      etag: `"${file.sha256}"`,
    },
  });
}
