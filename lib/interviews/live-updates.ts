import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { users } from '../accounts/schema';
import { text } from '../cases/validation';
import { ATTACHMENT_CSP } from '../security/headers';
import { prepareAttachment, type PreparedAttachment } from '../letters/attachments';
import { assertFileSize, MAX_FILE_BYTES } from '../uploads';
import { appendEvent, broadcast } from './events';
import type { LiveUpdate } from './event-types';
import { UPDATE_IMAGE_PX, UPDATE_SMALL_PX } from './live-update-sizes';
import { interviewEvents, interviews } from './schema';
import { interviewUpdates } from '../interview-updates/schema';

/**
 * 图文直播 (issue 16, item 5): while an interview is live the moderator posts text and photo updates into its stream.
 * A photo is decoded and re-encoded by the letters' helper (lib/letters/attachments.ts#prepareAttachment: type sniffed
 * from the bytes, turned upright, EXIF/GPS/XMP/ICC dropped, JPEG) at most 1600 px with a 480 px small size; its alt
 * text is required. Each update is an `update.posted` event of the interview's log (catch-up and reconnect replay
 * it) and appears inline for viewers, on the big screen and in the transcript; a retraction (`update.retracted`)
 * takes it out of all three and drops the photo's bytes.
 */

export { UPDATE_IMAGE_PX, UPDATE_SMALL_PX };
/** The most a multipart update may weigh: one photo of 10 MB and its fields. */
export const MAX_UPDATE_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024;
export const UPDATE_FILE_FIELD = 'file';

const IMAGES_ONLY = '只能上传 JPEG、PNG 或 WebP 图片';

const optionalText = (label: string, max: number) =>
  z.union([text(label, 0, max), z.null()]).optional().transform((v) => (v ? v : null));

export const liveUpdateInput = z.object({
  body: z.union([text('直播内容', 0, 2000), z.null()]).optional().transform((v) => v ?? ''),
  alt: optionalText('图片说明（替代文字）', 300),
  caption: optionalText('图片标题', 200),
});
export type LiveUpdateInput = z.input<typeof liveUpdateInput>;

export const updateImageRequest = z.object({ variant: z.enum(['large', 'small']).default('large') });

/** Where a published update's photo is served (public: anyone who may read the interview). */
export const updateImageUrl = (interviewPublicId: string, updatePublicId: string, variant: 'large' | 'small' = 'large') =>
  `/api/v1/interviews/${encodeURIComponent(interviewPublicId)}/updates/${encodeURIComponent(updatePublicId)}/image${variant === 'small' ? '?variant=small' : ''}`;

/** Checks and re-encodes one photo (422 on `file` for anything but a JPEG, PNG or WebP that decodes, or over 10 MB). */
export function prepareUpdatePhoto(file: { fileName: string; mimeType: string; bytes: Uint8Array }): Promise<PreparedAttachment> {
  return prepareAttachment(file, UPDATE_FILE_FIELD, { maxPx: UPDATE_IMAGE_PX, thumbnailPx: UPDATE_SMALL_PX, imagesOnly: IMAGES_ONLY });
}

/** The fields and the photo of a multipart form (the console's form and POST …/updates): the photo re-encoded. */
export async function readUpdateForm(form: FormData): Promise<{ input: LiveUpdateInput; photo: PreparedAttachment | null }> {
  const field = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const file = form.get(UPDATE_FILE_FIELD);
  let photo: PreparedAttachment | null = null;
  if (file && typeof file !== 'string' && file.size > 0) {
    assertFileSize(file.size, UPDATE_FILE_FIELD);
    photo = await prepareUpdatePhoto({ fileName: file.name, mimeType: file.type, bytes: new Uint8Array(await file.arrayBuffer()) });
  } else if (typeof file === 'string' && file !== '') {
    throw new AppError('invalid_input', IMAGES_ONLY, { [UPDATE_FILE_FIELD]: IMAGES_ONLY });
  }
  return { input: { body: field('body'), alt: field('alt'), caption: field('caption') }, photo };
}

async function lockInterview(tx: Tx, publicId: string) {
  const [row] = await tx.select().from(interviews).where(eq(interviews.publicId, publicId)).for('update');
  if (!row) throw notFound('没有这场访谈');
  return row;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The moderator posts an update into the live stream: text, a photo with its alt text, or both. 409 unless the
 * interview is live; 422 for no content, a photo without alt text, or a file refused. One transaction: the row, the
 * audit, the event; broadcast after commit.
 */
export async function postUpdate(actor: Actor, interviewPublicId: string, input: unknown, photo: PreparedAttachment | null, now = new Date()): Promise<{ id: string; seq: number }> {
  assertCan(actor, 'interviews.manage');
  const data = parseInput(liveUpdateInput, input);
  if (photo && photo.kind !== 'image') throw new AppError('invalid_input', IMAGES_ONLY, { [UPDATE_FILE_FIELD]: IMAGES_ONLY });
  if (!photo && !data.body) throw new AppError('invalid_input', '请填写直播内容或选择一张照片', { body: '请填写直播内容或选择一张照片' });
  if (photo && !data.alt) throw new AppError('invalid_input', '请为照片填写图片说明（替代文字），供读屏软件朗读', { alt: '请为照片填写图片说明（替代文字），供读屏软件朗读' });
  const user = actor.user;
  const publicId = randomUUID();
  const event = await db().transaction(async (tx) => {
    const interview = await lockInterview(tx, interviewPublicId);
    if (interview.status !== 'live') throw new AppError('conflict', '访谈直播中才能发布图文直播');
    await tx.insert(interviewUpdates).values({
      publicId, interviewId: interview.id, authorId: user.id, body: data.body,
      image: photo?.data ?? null, imageSmall: photo?.thumbnail ?? null, imageWidth: photo?.width ?? null, imageHeight: photo?.height ?? null,
      imageSha256: photo?.sha256 ?? null, alt: photo ? data.alt : null, caption: photo ? data.caption : null, createdAt: now,
    });
    await recordAudit(tx, actor, {
      action: 'interview.update_post', entityType: 'interview', entityId: interview.publicId,
      details: { update: publicId, photo: photo ? { sizeBytes: photo.data.byteLength, sha256: photo.sha256, width: photo.width, height: photo.height } : null },
    });
    const update: LiveUpdate = {
      id: publicId, body: data.body, author: user.name, at: now.toISOString(),
      image: photo ? {
        url: updateImageUrl(interview.publicId, publicId), smallUrl: updateImageUrl(interview.publicId, publicId, 'small'),
        alt: data.alt!, caption: data.caption, width: photo.width ?? 0, height: photo.height ?? 0,
      } : null,
    };
    return appendEvent(tx, interview, 'update.posted', { update }, now);
  });
  broadcast([event]);
  return { id: publicId, seq: event.seq };
}

/**
 * The moderator retracts (撤回) an update: hidden from the room, the big screen and the transcript, its photo's bytes
 * dropped, and the text of its `update.posted` event scrubbed from the log (a viewer catching up later never reads
 * it); `update.retracted` tells those watching. 404 for an unknown update or one already retracted.
 */
export async function retractUpdate(actor: Actor, interviewPublicId: string, updatePublicId: string, now = new Date()): Promise<{ seq: number }> {
  assertCan(actor, 'interviews.manage');
  const id = z.uuid().safeParse(updatePublicId);
  if (!id.success) throw notFound('没有这条图文直播');
  const event = await db().transaction(async (tx) => {
    const interview = await lockInterview(tx, interviewPublicId);
    const [row] = await tx.update(interviewUpdates)
      .set({ retractedAt: now, retractedById: actor.user.id, image: null, imageSmall: null })
      .where(and(eq(interviewUpdates.publicId, id.data), eq(interviewUpdates.interviewId, interview.id), isNull(interviewUpdates.retractedAt)))
      .returning({ id: interviewUpdates.id });
    if (!row) throw notFound('没有这条图文直播，或已撤回');
    await tx.update(interviewEvents)
      .set({ payload: { update: null, updateId: id.data, retracted: true } })
      .where(and(eq(interviewEvents.interviewId, interview.id), eq(interviewEvents.type, 'update.posted'), sql`${interviewEvents.payload}->'update'->>'id' = ${id.data}`));
    await recordAudit(tx, actor, { action: 'interview.update_retract', entityType: 'interview', entityId: interview.publicId, details: { update: id.data } });
    return appendEvent(tx, interview, 'update.retracted', { updateId: id.data }, now);
  });
  broadcast([event]);
  return { seq: event.seq };
}

/** The updates of an interview still shown, in the order posted (the snapshot of getInterviewState, the transcript). */
export async function listUpdates(tx: Tx | ReturnType<typeof db>, interview: { id: number; publicId: string }): Promise<LiveUpdate[]> {
  const rows = await tx
    .select({
      id: interviewUpdates.publicId, body: interviewUpdates.body, author: users.name, at: interviewUpdates.createdAt,
      hasImage: sql<boolean>`${interviewUpdates.image} is not null`, alt: interviewUpdates.alt, caption: interviewUpdates.caption,
      width: interviewUpdates.imageWidth, height: interviewUpdates.imageHeight,
    })
    .from(interviewUpdates).innerJoin(users, eq(interviewUpdates.authorId, users.id))
    .where(and(eq(interviewUpdates.interviewId, interview.id), isNull(interviewUpdates.retractedAt)))
    .orderBy(asc(interviewUpdates.id));
  return rows.map((r) => ({
    id: r.id, body: r.body, author: r.author, at: r.at.toISOString(),
    image: r.hasImage ? {
      url: updateImageUrl(interview.publicId, r.id), smallUrl: updateImageUrl(interview.publicId, r.id, 'small'),
      alt: r.alt ?? '', caption: r.caption, width: r.width ?? 0, height: r.height ?? 0,
    } : null,
  }));
}

export interface UpdateImage {
  data: Uint8Array;
  sha256: string;
}

/**
 * A posted update's photo (or its small size): public once posted — updates are posted only while the interview is
 * live, and a live interview is public. An unknown id, an update of another interview, one without a photo or one
 * retracted: 404 alike.
 */
export async function readUpdateImage(interviewPublicId: string, updatePublicId: string, variant: 'large' | 'small' = 'large'): Promise<UpdateImage> {
  const id = z.uuid().safeParse(updatePublicId);
  if (!id.success) throw notFound('没有这张图片');
  const [row] = await db()
    .select({ image: interviewUpdates.image, small: interviewUpdates.imageSmall, sha256: interviewUpdates.imageSha256, status: interviews.status })
    .from(interviewUpdates).innerJoin(interviews, eq(interviewUpdates.interviewId, interviews.id))
    .where(and(eq(interviewUpdates.publicId, id.data), eq(interviews.publicId, interviewPublicId), isNull(interviewUpdates.retractedAt)));
  if (!row || !row.image || row.status === 'draft') throw notFound('没有这张图片');
  if (variant === 'small') {
    const small = row.small ?? row.image;
    return { data: small, sha256: sha256(small) };
  }
  return { data: row.image, sha256: row.sha256 ?? sha256(row.image) };
}

/**
 * The photo's response: never sniffed, sandboxed like an attachment. Stored by any cache but revalidated on every
 * use (`no-cache` + ETag): the request reaches readUpdateImage, which answers a retracted photo with 404 (errors are
 * no-store) — so a retraction takes effect at once — and a still-posted one with a body-less 304 for a matching
 * If-None-Match.
 */
export function updateImageResponse(image: UpdateImage, request?: Request): Response {
  const etag = `"${image.sha256}"`;
  const headers: Record<string, string> = {
    'content-type': 'image/jpeg',
    'x-content-type-options': 'nosniff',
    'content-security-policy': ATTACHMENT_CSP,
    'cache-control': 'public, no-cache',
    'cross-origin-resource-policy': 'same-origin',
    'content-disposition': 'inline',
    etag,
  };
  if (request?.headers.get('if-none-match')?.split(',').some((t) => t.trim() === etag)) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(image.data), { headers: { ...headers, 'content-length': String(image.data.byteLength) } });
}
