import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { actOnInterview, createInterview } from '@/lib/interviews/operations';
import { eventsSince, getInterviewState } from '@/lib/interviews/queries';
import { applyInterviewEvents } from '@/lib/interviews/reducer';
import { transcriptEntries } from '@/lib/interviews/selectors';
import { interviewUpdates } from '@/lib/interview-updates/schema';
import { postUpdate, prepareUpdatePhoto, readUpdateImage, retractUpdate, UPDATE_IMAGE_PX, UPDATE_SMALL_PX } from '@/lib/interviews/live-updates';
import { MAX_FILE_BYTES } from '@/lib/uploads';
import * as updatesRoute from '@/app/api/v1/interviews/[id]/updates/route';
import * as updateRoute from '@/app/api/v1/interviews/[id]/updates/[updateId]/route';
import * as imageRoute from '@/app/api/v1/interviews/[id]/updates/[updateId]/image/route';
import { appErrorOf } from './support/errors';
import { actorFor, visitor } from './support/users';
import { useTestRequest } from './support/request';

/**
 * 图文直播 (issue 16, item 5): the moderator's text and photo updates in a live interview. Photos re-encoded without
 * EXIF/GPS and resized; non-images refused; only moderators post and retract; each update is an event of the log
 * (catch-up sees it) and part of the transcript until retracted. Route handlers read the session cookie through
 * next/headers.
 */

const requestHeaders = useTestRequest('192.0.2.90');

type Person = Actor & { user: ActorUser };
const BASE = 'http://localhost:3000';
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

let moderator: Person;
let leader: Person;
let citizen: Person;

beforeAll(async () => {
  [moderator, leader, citizen] = await Promise.all(['moderator', 'leader', 'citizen'].map((r) => actorFor(`${r}@example.com`)));
});

async function as<T>(who: Person | null, run: () => Promise<T>): Promise<T> {
  requestHeaders.cookie = who ? `next-auth.session-token=${await encode({ token: { sub: who.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}` : null;
  try {
    return await run();
  } finally {
    requestHeaders.cookie = null;
  }
}

async function liveInterview(title = '图文直播测试访谈') {
  const start = Date.now() - 5 * 60_000;
  const created = await createInterview(moderator, {
    title, summary: '用于图文直播测试的访谈，介绍公共文化服务。', guestIds: [leader.user.publicId],
    scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 3600_000).toISOString(),
  });
  await actOnInterview(moderator, created.id, { action: 'announce' });
  await actOnInterview(moderator, created.id, { action: 'go_live' });
  return created;
}

/** Whether a TIFF/EXIF block has a GPS IFD pointer (tag 0x8825, little- or big-endian). */
function hasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x25, 0x88, 0x04, 0x00])) || exif.includes(Buffer.from([0x88, 0x25, 0x00, 0x04]));
}

/** A photo as a phone takes it: large, with the camera and the place it was taken in its EXIF. */
async function photoWithGps(width = 2400, height = 1800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#4a8' } }).jpeg()
    .withExif({ IFD0: { Make: 'TestPhone', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '24/1 29/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '118/1 5/1 0/1' } })
    .toBuffer();
}

function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Uint8Array }): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  return new Request(`${BASE}/x`, { method: 'POST', body: form, headers: requestHeaders.cookie ? { cookie: requestHeaders.cookie } : {} });
}

const post = (who: Person | null, id: string, fields: Record<string, string>, file?: { name: string; type: string; bytes: Uint8Array }) =>
  as(who, () => updatesRoute.POST(multipart(fields, file), params({ id })));

describe('图文直播: posting', () => {
  it('a photo with GPS EXIF is stored re-encoded: no metadata, at most 1600 px, with a small size; served publicly with safe headers', async () => {
    const { id } = await liveInterview();
    const original = await photoWithGps();
    expect(hasGps((await sharp(original).metadata()).exif)).toBe(true); // the test photo does carry GPS

    const response = await post(moderator, id, { body: '嘉宾到达演播室。', alt: '两位嘉宾在演播室落座', caption: '访谈现场' }, { name: 'IMG_0001.jpg', type: 'image/jpeg', bytes: original });
    expect(response.status).toBe(201);
    const { id: updateId } = await response.json() as { id: string; seq: number };

    const [row] = await db().select().from(interviewUpdates).where(eq(interviewUpdates.publicId, updateId));
    const stored = await sharp(Buffer.from(row!.image!)).metadata();
    expect(stored.format).toBe('jpeg');
    expect(stored.exif).toBeUndefined();
    expect(stored.icc).toBeUndefined();
    expect(stored.xmp).toBeUndefined();
    expect(hasGps(Buffer.from(row!.image!))).toBe(false);
    expect(Math.max(stored.width!, stored.height!)).toBe(UPDATE_IMAGE_PX);
    const small = await sharp(Buffer.from(row!.imageSmall!)).metadata();
    expect(Math.max(small.width!, small.height!)).toBe(UPDATE_SMALL_PX);
    expect(small.exif).toBeUndefined();

    // Public: a visitor reads it, with cache headers, nosniff and the sandbox.
    const image = await as(null, () => imageRoute.GET(new Request(`${BASE}/api/v1/interviews/${id}/updates/${updateId}/image`), params({ id, updateId })));
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    // Stored by caches, but revalidated on every use (no max-age): a retraction is seen at once (below).
    expect(image.headers.get('cache-control')).toBe('public, no-cache');
    expect(image.headers.get('content-security-policy')).toMatch(/^sandbox/);
    const served = Buffer.from(await image.arrayBuffer());
    expect((await sharp(served).metadata()).exif).toBeUndefined();
    const etag = image.headers.get('etag')!;
    const again = await imageRoute.GET(new Request(`${BASE}/api/v1/interviews/${id}/updates/${updateId}/image`, { headers: { 'if-none-match': etag } }), params({ id, updateId }));
    expect(again.status).toBe(304);
    const smallResponse = await imageRoute.GET(new Request(`${BASE}/api/v1/interviews/${id}/updates/${updateId}/image?variant=small`), params({ id, updateId }));
    expect((await sharp(Buffer.from(await smallResponse.arrayBuffer())).metadata()).width).toBe(UPDATE_SMALL_PX);

    // The state carries it with its alt text and caption; the audit names it.
    const state = await getInterviewState(visitor(), id);
    expect(state.updates).toEqual([expect.objectContaining({
      id: updateId, body: '嘉宾到达演播室。', image: expect.objectContaining({ alt: '两位嘉宾在演播室落座', caption: '访谈现场', width: 1600, height: 1200 }),
    })]);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'interview.update_post')));
    expect(audits).toHaveLength(1);
  });

  it('text only is fine; a photo without alt text, no content, a non-image, a broken image and a file over 10 MB are refused with 422', async () => {
    const { id } = await liveInterview();
    expect((await post(moderator, id, { body: '主持人：访谈开始。' })).status).toBe(201);

    const jpeg = await photoWithGps(400, 300);
    const noAlt = await post(moderator, id, { body: '照片' }, { name: 'a.jpg', type: 'image/jpeg', bytes: jpeg });
    expect(noAlt.status).toBe(422);
    expect((await noAlt.json()).error.fields.alt).toBeTruthy();

    expect((await post(moderator, id, { body: '' })).status).toBe(422);
    const pdf = await post(moderator, id, { alt: '文件' }, { name: 'a.jpg', type: 'image/jpeg', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
    expect(pdf.status).toBe(422);
    expect((await pdf.json()).error.fields.file).toBeTruthy();
    const html = await post(moderator, id, { alt: '网页' }, { name: 'x.png', type: 'image/png', bytes: Buffer.from('<html><script>alert(1)</script></html>') });
    expect(html.status).toBe(422);
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    expect((await post(moderator, id, { alt: '坏图' }, { name: 'b.jpg', type: 'image/jpeg', bytes: broken })).status).toBe(422);
    expect((await appErrorOf(prepareUpdatePhoto({ fileName: 'big.jpg', mimeType: 'image/jpeg', bytes: new Uint8Array(MAX_FILE_BYTES + 1) }))).status).toBe(422);
    // A body past the whole-request cap is 413 before it is read.
    expect((await post(moderator, id, { alt: '很大' }, { name: 'huge.jpg', type: 'image/jpeg', bytes: new Uint8Array(MAX_FILE_BYTES + 128 * 1024) })).status).toBe(413);
    // JSON is not the contract: 400.
    const json = await as(moderator, () => updatesRoute.POST(new Request(`${BASE}/x`, { method: 'POST', body: JSON.stringify({ body: 'x' }), headers: { 'content-type': 'application/json', cookie: requestHeaders.cookie! } }), params({ id })));
    expect([400, 415]).toContain(json.status);

    expect((await getInterviewState(visitor(), id)).updates).toHaveLength(1);
  });

  it('only moderators post: visitors 401, citizens and guests 403; only while live (409)', async () => {
    const { id } = await liveInterview();
    expect((await post(null, id, { body: '访客' })).status).toBe(401);
    expect((await post(citizen, id, { body: '市民' })).status).toBe(403);
    expect((await post(leader, id, { body: '嘉宾' })).status).toBe(403);
    expect((await appErrorOf(postUpdate(citizen, id, { body: '市民' }, null))).status).toBe(403);
    await actOnInterview(moderator, id, { action: 'end' });
    expect((await post(moderator, id, { body: '结束后' })).status).toBe(409);
    expect(await db().select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'interview.update_post')))).toHaveLength(0);
  });
});

describe('图文直播: the event log, the transcript and retraction', () => {
  it('catch-up replays update.posted; the transcript lists updates with the Q&A in time order; a retraction removes it everywhere', async () => {
    const { id } = await liveInterview();
    const before = await getInterviewState(visitor(), id);
    const t0 = new Date(Date.now() + 1000);
    const text = await postUpdate(moderator, id, { body: '第一条文字直播。' }, null, t0);
    const photo = await postUpdate(moderator, id, { body: '', alt: '演播室全景', caption: null }, await prepareUpdatePhoto({ fileName: 'p.png', mimeType: 'image/png', bytes: await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c33' } }).png().toBuffer() }), new Date(t0.getTime() + 1000));

    // A viewer who joined before the updates catches up from the log.
    const missed = await eventsSince(visitor(), id, before.seq);
    expect(missed.items.map((e) => e.type)).toEqual(['update.posted', 'update.posted']);
    const caughtUp = applyInterviewEvents(before, missed.items);
    expect(caughtUp.outcome).toBe('applied');
    expect(caughtUp.state.updates?.map((u) => u.id)).toEqual([text.id, photo.id]);
    expect(caughtUp.state.updates?.[1]?.image?.alt).toBe('演播室全景');
    // The same as a fresh snapshot.
    const fresh = await getInterviewState(visitor(), id);
    expect(fresh.updates).toEqual(caughtUp.state.updates);
    expect(transcriptEntries(fresh).filter((e) => e.kind === 'update').map((e) => e.key)).toEqual([`u-${text.id}`, `u-${photo.id}`]);

    // Retract: only moderators; removed from the state, the image gone, the posted event scrubbed, audited.
    // Before: a viewer's (or a proxy's) cached copy revalidates with its ETag and is told it is still good (304).
    const imageUrl = (variant = '') => `${BASE}/api/v1/interviews/${id}/updates/${photo.id}/image${variant}`;
    const cached = await imageRoute.GET(new Request(imageUrl()), params({ id, updateId: photo.id }));
    const cachedTag = cached.headers.get('etag')!;
    expect(cached.headers.get('cache-control')).toBe('public, no-cache');
    expect((await imageRoute.GET(new Request(imageUrl(), { headers: { 'if-none-match': cachedTag } }), params({ id, updateId: photo.id }))).status).toBe(304);
    expect((await appErrorOf(retractUpdate(citizen, id, photo.id))).status).toBe(403);
    const guestTry = await as(leader, () => updateRoute.DELETE(new Request(`${BASE}/x`, { method: 'DELETE', headers: { cookie: requestHeaders.cookie! } }), params({ id, updateId: photo.id })));
    expect(guestTry.status).toBe(403);
    const deleted = await as(moderator, () => updateRoute.DELETE(new Request(`${BASE}/x`, { method: 'DELETE', headers: { cookie: requestHeaders.cookie! } }), params({ id, updateId: photo.id })));
    expect(deleted.status).toBe(200);
    expect((await appErrorOf(retractUpdate(moderator, id, photo.id))).status).toBe(404);
    expect((await appErrorOf(readUpdateImage(id, photo.id))).status).toBe(404);
    // After: the very next revalidation (no waiting out a max-age) is a 404 that no cache keeps, both sizes.
    for (const variant of ['', '?variant=small']) {
      const gone = await imageRoute.GET(new Request(imageUrl(variant), { headers: { 'if-none-match': cachedTag } }), params({ id, updateId: photo.id }));
      expect(gone.status).toBe(404);
      expect(gone.headers.get('cache-control')).toBe('no-store');
      expect(gone.headers.get('etag')).toBeNull();
    }

    const after = await eventsSince(visitor(), id, caughtUp.state.seq);
    expect(after.items.map((e) => e.type)).toEqual(['update.retracted']);
    expect(applyInterviewEvents(caughtUp.state, after.items).state.updates?.map((u) => u.id)).toEqual([text.id]);
    // A viewer catching up from the start never reads the retracted update's content.
    const all = await eventsSince(visitor(), id, before.seq);
    expect(JSON.stringify(all.items)).not.toContain('演播室全景');
    expect(applyInterviewEvents(before, all.items).state.updates?.map((u) => u.id)).toEqual([text.id]);
    expect((await getInterviewState(visitor(), id)).updates?.map((u) => u.id)).toEqual([text.id]);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'interview.update_retract')));
    expect(audits).toHaveLength(1);

    // After the end, the transcript still lists the text update.
    await actOnInterview(moderator, id, { action: 'end' });
    const ended = await getInterviewState(visitor(), id);
    expect(transcriptEntries(ended).map((e) => e.kind)).toEqual(['update']);
  });

  it('an image of another interview, an unknown id or a text update answers 404', async () => {
    const a = await liveInterview('图文直播测试访谈甲');
    const b = await liveInterview('图文直播测试访谈乙');
    const text = await postUpdate(moderator, a.id, { body: '只有文字。' }, null);
    const photo = await postUpdate(moderator, a.id, { alt: '照片' }, await prepareUpdatePhoto({ fileName: 'p.jpg', mimeType: 'image/jpeg', bytes: await photoWithGps(300, 200) }));
    expect((await appErrorOf(readUpdateImage(b.id, photo.id))).status).toBe(404);
    expect((await appErrorOf(readUpdateImage(a.id, text.id))).status).toBe(404);
    expect((await appErrorOf(readUpdateImage(a.id, 'not-a-uuid'))).status).toBe(404);
    expect((await appErrorOf(retractUpdate(moderator, b.id, photo.id))).status).toBe(404);
  });
});
