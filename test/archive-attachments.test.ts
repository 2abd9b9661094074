import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { findActiveUser } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { auditLog } from '@/lib/audit/schema';
import { actOnEntry, createEntry, updateEntry } from '@/lib/archive/curation';
import { curationAttachments, includeAttachment, MASK_FILL, PDF_REFUSAL, readMaskedImage, removeAttachment } from '@/lib/archive/attachments';
import { archiveAttachments } from '@/lib/archive/schema';
import { getPublishedEntry } from '@/lib/archive/public-queries';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { attachToLetter, prepareAttachment } from '@/lib/letters/attachments';
import * as imageRoute from '@/app/api/v1/archive/attachments/[id]/route';
import * as includeRoute from '@/app/api/v1/archive/entries/[id]/attachments/route';
import * as letterAttachmentRoute from '@/app/api/v1/attachments/[id]/route';
import * as archiveEntryRoute from '@/app/api/v1/archive/[id]/route';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail } from './support/users';
import { useTestRequest } from './support/request';

/**
 * A letter's image in its public archive entry (issue 17 item 2): only as a copy a moderator masked — the rectangles
 * filled solid, no metadata — served publicly only while the entry is published with the writer's consent; PDFs and
 * the originals never; citizens and handlers cannot include anything.
 */

const requestHeaders = useTestRequest('192.0.2.90');

type Person = Actor & { user: ActorUser };
const BASE = 'http://localhost:3000';
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

let writer: Person;
let moderator: Person;
let handler: Person;
let market: string;

async function as<T>(who: Person | null, run: () => Promise<T>): Promise<T> {
  requestHeaders.cookie = who
    ? `next-auth.session-token=${await encode({ token: { sub: who.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`
    : null;
  try {
    return await run();
  } finally {
    requestHeaders.cookie = null;
  }
}

const publicImage = (who: Person | null, id: string) => as(who, () => imageRoute.GET(new Request(`${BASE}/api/v1/archive/attachments/${id}`), params({ id })));

/** A red photo with a camera's EXIF: the fill is easy to tell from it. */
const redPhoto = () => sharp({ create: { width: 400, height: 300, channels: 3, background: '#d02020' } }).jpeg()
  .withExif({ IFD0: { Make: 'TestPhone', Model: 'X1' } }).toBuffer();
const pdf = () => Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

beforeAll(async () => {
  [moderator, handler] = await Promise.all([actorFor('moderator@example.com'), actorFor('handler@example.com')]);
  const publicId = await insertUser({ name: '韩遮盖', email: uniqueEmail('mask') });
  writer = { user: (await findActiveUser(db(), publicId))!, ip: '192.0.2.91' };
  const [row] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  market = row!.publicId;
});

/** An answered letter with a photo and a PDF, and its draft entry with a category. */
async function entryWithAttachments(title: string) {
  const letter = await submitLetter(writer, {
    kind: 'complaint', departmentId: market, title, consentToPublish: true,
    body: `${title}：东方小区门口的井盖缺失，夜间行人容易跌落，请尽快处理。`,
  });
  await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: market });
  const [photo, doc] = await attachToLetter(writer, letter.trackingNo, [
    await prepareAttachment({ fileName: '东方小区井盖 韩遮盖 13912345678.jpg', mimeType: 'image/jpeg', bytes: await redPhoto() }),
    await prepareAttachment({ fileName: '证明.pdf', mimeType: 'application/pdf', bytes: pdf() }),
  ]);
  await actOnLetter(handler, letter.trackingNo, { action: 'reply', body: '您好！井盖已于今日补装，感谢您的反映。' });
  const draft = await createEntry(moderator, { letter: letter.trackingNo });
  const entry = await updateEntry(moderator, draft.id, { version: draft.version, category: '10', maskedTerms: [...draft.maskedTerms, '东方小区'] });
  return { letter, entry, photo: photo!, doc: doc! };
}

describe('a masked image in an archive entry', () => {
  it('fills the regions solid in a new copy without metadata, masks its name, and serves it only while the entry is published', async () => {
    const { letter, entry, photo, doc } = await entryWithAttachments('井盖照片遮盖公开');
    const region = { x: 0.25, y: 0.2, w: 0.5, h: 0.4 };

    // Citizens (the writer too) and handlers cannot include anything; the page and API are moderators'.
    for (const who of [writer, handler]) {
      expect((await appErrorOf(includeAttachment(who, entry.id, { attachmentId: photo.id, regions: [region] }))).status).toBe(403);
    }
    expect((await as(handler, () => includeRoute.POST(new Request(`${BASE}/x`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ attachmentId: photo.id, regions: [region] }),
    }), params({ id: entry.id })))).status).toBe(403);

    // A PDF cannot be included; nor a region outside the image, nor none.
    const refused = await appErrorOf(includeAttachment(moderator, entry.id, { attachmentId: doc.id, regions: [region] }));
    expect(refused.status).toBe(422);
    expect(refused.message).toBe(PDF_REFUSAL);
    expect((await appErrorOf(includeAttachment(moderator, entry.id, { attachmentId: photo.id, regions: [{ x: 0.8, y: 0, w: 0.5, h: 0.5 }] }))).status).toBe(422);
    expect((await appErrorOf(includeAttachment(moderator, entry.id, { attachmentId: photo.id, regions: [] }))).status).toBe(422);
    expect((await curationAttachments(moderator, entry.id)).every((a) => a.included === null)).toBe(true);

    const response = await as(moderator, () => includeRoute.POST(new Request(`${BASE}/x`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ attachmentId: photo.id, regions: [region] }),
    }), params({ id: entry.id })));
    expect(response.status).toBe(201);
    const included = await response.json() as { id: string; fileName: string; url: string; width: number; height: number };
    expect(included.id).not.toBe(photo.id);
    expect([included.width, included.height]).toEqual([400, 300]);
    // Masked like text: the writer's name, the phone number and the marked term are gone.
    for (const secret of ['韩遮盖', '13912345678', '东方小区']) expect(included.fileName).not.toContain(secret);

    // The stored copy: black inside the rectangle, red outside, no EXIF, not the original's bytes.
    const [copy] = await db().select().from(archiveAttachments).where(eq(archiveAttachments.publicId, included.id));
    expect((await sharp(copy!.data).metadata()).exif).toBeUndefined();
    expect(Buffer.from(copy!.data).includes(Buffer.from('TestPhone'))).toBe(false);
    const { data, info } = await sharp(copy!.data).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const inside: Array<[number, number]> = [[104, 64], [200, 150], [295, 175], [150, 100]];
    for (const [x, y] of inside) {
      const [r, g, b] = pixel(x, y);
      expect(Math.abs(r! - MASK_FILL.r) + Math.abs(g! - MASK_FILL.g) + Math.abs(b! - MASK_FILL.b), `pixel ${x},${y}`).toBeLessThan(24);
    }
    for (const [x, y] of [[20, 20], [380, 280], [200, 20], [50, 150]] as Array<[number, number]>) {
      const [r, g, b] = pixel(x, y);
      expect(r!, `pixel ${x},${y}`).toBeGreaterThan(180);
      expect(g! + b!, `pixel ${x},${y}`).toBeLessThan(100);
    }
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.action, 'archive.attachment_include'), eq(auditLog.entityId, entry.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: moderator.user.id, details: { attachment: photo.id, copy: included.id, regions: [region] } });

    // The editor lists both attachments, the image with its copy.
    const listed = await curationAttachments(moderator, entry.id);
    expect(listed.map((a) => [a.kind, a.included?.id ?? null])).toEqual([['image', included.id], ['pdf', null]]);

    // A draft: nobody but moderators sees the copy.
    for (const who of [null, writer, handler]) expect((await publicImage(who, included.id)).status).toBe(404);
    expect((await publicImage(moderator, included.id)).status).toBe(200);

    // Published: anyone gets the copy, with safe headers; the entry lists it, never the original.
    const published = await actOnEntry(moderator, entry.id, { action: 'publish', version: entry.version });
    const served = await publicImage(null, included.id);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(served.headers.get('cache-control')).toContain('no-store');
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(copy!.data))).toBe(true);
    const publicEntry = await getPublishedEntry(db(), entry.id);
    expect(publicEntry!.attachments.map((a) => a.url)).toEqual([`/api/v1/archive/attachments/${included.id}`]);
    const json = await (await archiveEntryRoute.GET(new Request(`${BASE}/api/v1/archive/${entry.id}`), params({ id: entry.id }) as never)).text();
    expect(json).toContain(included.id);
    expect(json).not.toContain(photo.id);
    expect(json).not.toContain(doc.id);
    // The original is not reachable publicly, by either address.
    expect((await as(null, () => letterAttachmentRoute.GET(new Request(`${BASE}/api/v1/attachments/${photo.id}`), params({ id: photo.id })))).status).toBe(404);
    expect((await publicImage(null, photo.id)).status).toBe(404);

    // Unpublished: 404 for everyone but moderators, at once.
    await actOnEntry(moderator, entry.id, { action: 'unpublish', reason: '核实图片内容', version: published.version });
    expect((await publicImage(null, included.id)).status).toBe(404);
    expect((await appErrorOf(readMaskedImage(writer, included.id))).status).toBe(404);

    // Published again, then the writer withdraws consent: gone with the entry.
    const again = await actOnEntry(moderator, entry.id, { action: 'publish' });
    expect(again.status).toBe('published');
    expect((await publicImage(null, included.id)).status).toBe(200);
    await actOnLetter(writer, letter.trackingNo, { action: 'withdraw_consent', reason: '不希望继续公开' });
    expect((await publicImage(null, included.id)).status).toBe(404);
    expect(await getPublishedEntry(db(), entry.id)).toBeNull();
  });

  it('masking again replaces the copy; removing takes it out of the entry; another letter\'s attachment is 404', async () => {
    const { entry, photo } = await entryWithAttachments('井盖照片重新遮盖');
    const first = await includeAttachment(moderator, entry.id, { attachmentId: photo.id, regions: [{ x: 0, y: 0, w: 0.1, h: 0.1 }] });
    const second = await includeAttachment(moderator, entry.id, { attachmentId: photo.id, regions: [{ x: 0.5, y: 0.5, w: 0.5, h: 0.5 }, { x: 0, y: 0, w: 0.2, h: 0.2 }] });
    const copies = await db().select({ id: archiveAttachments.publicId }).from(archiveAttachments)
      .where(eq(archiveAttachments.publicId, first.id));
    expect(copies).toEqual([]);
    expect((await publicImage(moderator, first.id)).status).toBe(404);
    expect((await curationAttachments(moderator, entry.id))[0]!.included).toMatchObject({ id: second.id, regions: second.regions });

    const other = await entryWithAttachments('另一封来信的照片');
    expect((await appErrorOf(includeAttachment(moderator, entry.id, { attachmentId: other.photo.id, regions: [{ x: 0, y: 0, w: 1, h: 1 }] }))).status).toBe(404);

    expect((await appErrorOf(removeAttachment(handler, entry.id, second.id))).status).toBe(403);
    await removeAttachment(moderator, entry.id, second.id);
    expect((await curationAttachments(moderator, entry.id))[0]!.included).toBeNull();
    expect((await publicImage(moderator, second.id)).status).toBe(404);
    expect((await appErrorOf(removeAttachment(moderator, entry.id, second.id))).status).toBe(404);
    const removed = await db().select().from(auditLog).where(and(eq(auditLog.action, 'archive.attachment_remove'), eq(auditLog.entityId, entry.id)));
    expect(removed).toHaveLength(1);
  });
});
