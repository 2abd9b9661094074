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
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { getLetter } from '@/lib/letters/queries';
import { letterAttachments, letters } from '@/lib/letters/schema';
import { attachToLetter, prepareAttachment, readAttachment } from '@/lib/letters/attachments';
import * as uploadRoute from '@/app/api/v1/letters/[trackingNo]/attachments/route';
import * as fileRoute from '@/app/api/v1/letters/[trackingNo]/attachments/[id]/route';
import * as attachmentRoute from '@/app/api/v1/attachments/[id]/route';
import * as archiveEntryRoute from '@/app/api/v1/archive/[id]/route';
import { letterActionForm } from '@/app/letters/actions';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';
import { useTestRequest } from './support/request';

/**
 * Letter attachments (issue 17 item 2): images re-encoded without EXIF/GPS and with a thumbnail, PDFs by their
 * first bytes, anything else refused; five at most; names masked; served with safe headers to the writer, a
 * visitor with the query code and the case's staff only — never to another citizen, staff of another department or
 * an archive reader. Route handlers read the session cookie through next/headers.
 */

const requestHeaders = useTestRequest('192.0.2.80');

// The letter page's server action revalidates the page; outside Next there is no page to revalidate.

type Person = Actor & { user: ActorUser };
const BASE = 'http://localhost:3000';
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

let writer: Person;
let otherCitizen: Person;
let moderator: Person;
let handler: Person;
let otherDepartmentLeader: Person;
let market: string;

async function citizen(name: string, ip: string): Promise<Person> {
  const publicId = await insertUser({ name, email: uniqueEmail('attach') });
  return { user: (await findActiveUser(db(), publicId))!, ip };
}

async function signIn(who: Person | null) {
  requestHeaders.cookie = who
    ? `next-auth.session-token=${await encode({ token: { sub: who.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`
    : null;
}

async function as<T>(who: Person | null, run: () => Promise<T>): Promise<T> {
  await signIn(who);
  try {
    return await run();
  } finally {
    await signIn(null);
  }
}

/** Whether a TIFF/EXIF block has a GPS IFD pointer (tag 0x8825, little- or big-endian). */
function hasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x25, 0x88, 0x04, 0x00])) || exif.includes(Buffer.from([0x88, 0x25, 0x00, 0x04]));
}

/** A photo as a phone takes it: camera make and the place it was taken in its EXIF. */
async function photoWithGps(width = 1200, height = 900): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#4a8' } }).jpeg()
    .withExif({ IFD0: { Make: 'TestPhone', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '24/1 29/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '118/1 5/1 0/1' } })
    .toBuffer();
}

const pdf = () => Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function multipart(files: Array<{ name: string; type: string; bytes: Uint8Array }>): Request {
  const form = new FormData();
  for (const f of files) form.append('attachments', new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  // The cookie on the request too: a body without a session cookie is capped as a visitor's (lib/api/route.ts).
  return new Request(`${BASE}/x`, { method: 'POST', body: form, headers: requestHeaders.cookie ? { cookie: requestHeaders.cookie } : {} });
}

async function upload(who: Person | null, trackingNo: string, files: Array<{ name: string; type: string; bytes: Uint8Array }>) {
  return as(who, async () => uploadRoute.POST(multipart(files), params({ trackingNo })));
}

async function download(who: Person | null, _trackingNo: string, id: string, variant?: string) {
  return as(who, () => attachmentRoute.GET(new Request(`${BASE}/api/v1/attachments/${id}${variant ? `?variant=${variant}` : ''}`), params({ id })));
}

beforeAll(async () => {
  [moderator, handler, otherDepartmentLeader] = await Promise.all([actorFor('moderator@example.com'), actorFor('handler@example.com'), actorFor('leader@example.com')]);
  writer = await citizen('林照片', '192.0.2.81');
  otherCitizen = await citizen('郑旁人', '192.0.2.82');
  const [row] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  market = row!.publicId;
});

async function acceptedLetter(title: string) {
  const letter = await submitLetter(writer, {
    kind: 'complaint', departmentId: market, title, consentToPublish: true,
    body: `${title}：人行道上的井盖缺失，夜间行人容易跌落，请尽快处理。`,
  });
  await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: market });
  return letter;
}

describe('storing', () => {
  it('re-encodes a photo with GPS EXIF without any EXIF, masks its name, makes a thumbnail and writes an audit row', async () => {
    const photo = await photoWithGps();
    const before = await sharp(photo).metadata();
    expect(hasGps(before.exif)).toBe(true);

    const letter = await acceptedLetter('井盖缺失照片');
    const response = await upload(writer, letter.trackingNo, [{ name: 'C:\\相册\\林照片 13912345678.png', type: 'image/png', bytes: photo }]);
    expect(response.status).toBe(201);
    const body = await response.json() as { id: string; name: string; contentType: string; size: number; items: Array<{ id: string; fileName: string; kind: string; width: number }> };
    const { items } = body;
    expect(items).toHaveLength(1);
    // API.md "Intake": {id, name, contentType, size}.
    expect(body).toMatchObject({ id: items[0]!.id, name: items[0]!.fileName, contentType: 'image/jpeg' });
    expect(body.size).toBeGreaterThan(0);
    expect(items[0]).toMatchObject({ kind: 'image', width: 1200 });
    // Masked as public text: the writer's name and the phone number are gone; the extension says what it is now.
    expect(items[0]!.fileName).not.toContain('林照片');
    expect(items[0]!.fileName).not.toContain('13912345678');
    expect(items[0]!.fileName).toMatch(/\.jpg$/);

    const [stored] = await db().select().from(letterAttachments).where(eq(letterAttachments.publicId, items[0]!.id));
    const meta = await sharp(stored!.data).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(Buffer.from(stored!.data).includes(Buffer.from('TestPhone'))).toBe(false);
    const thumb = await sharp(stored!.thumbnail!).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBe(320);

    const audits = await db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.attachment_upload'), eq(auditLog.entityId, letter.trackingNo)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: writer.user.id, details: { attachment: items[0]!.id, kind: 'image' } });

    // The writer's page lists it.
    expect((await getLetter(writer, letter.trackingNo)).attachments.map((a) => a.id)).toEqual([items[0]!.id]);
  });

  it('caps a large image at 2560 px; refuses a fake PDF, a renamed program and a sixth file with 422', async () => {
    const big = await prepareAttachment({ fileName: 'big.webp', mimeType: 'image/webp', bytes: await sharp({ create: { width: 3000, height: 1000, channels: 4, background: '#fff8' } }).webp().toBuffer() });
    expect([big.width, big.height, big.mimeType]).toEqual([2560, 853, 'image/jpeg']);

    const letter = await acceptedLetter('附件类型检查');
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(200)]);
    const refused = await upload(writer, letter.trackingNo, [{ name: 'report.pdf', type: 'application/pdf', bytes: exe }]);
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.fields.attachments).toBe('只能上传 JPEG、PNG、WebP 图片或 PDF 文件');
    expect((await upload(writer, letter.trackingNo, [{ name: 'photo.jpg', type: 'image/jpeg', bytes: exe }])).status).toBe(422);

    const ok = await upload(writer, letter.trackingNo, Array.from({ length: 5 }, (_, i) => ({ name: `证明${i}.pdf`, type: 'application/octet-stream', bytes: pdf() })));
    expect(ok.status).toBe(201);
    const sixth = await upload(writer, letter.trackingNo, [{ name: 'sixth.pdf', type: 'application/pdf', bytes: pdf() }]);
    expect(sixth.status).toBe(422);
    expect((await sixth.json()).error.message).toContain('最多上传 5 个附件');
    expect((await appErrorOf(attachToLetter(writer, letter.trackingNo, [await prepareAttachment({ fileName: 'a.pdf', mimeType: '', bytes: pdf() })]))).status).toBe(422);
    // Six in one request are refused before any is read.
    const six = await upload(writer, (await acceptedLetter('六个附件一次上传')).trackingNo, Array.from({ length: 6 }, () => ({ name: 'x.pdf', type: 'application/pdf', bytes: pdf() })));
    expect(six.status).toBe(422);
  });

  it('attaches files to a follow-up in the action\'s transaction; refuses files on an action without a message', async () => {
    const letter = await acceptedLetter('答复附带文件');
    const file = await prepareAttachment({ fileName: '处理结果.pdf', mimeType: 'application/pdf', bytes: pdf() });
    expect((await appErrorOf(actOnLetter(handler, letter.trackingNo, { action: 'extend', workingDays: 5, reason: '需要现场核查' }, new Date(), { attachments: [file] }))).status).toBe(422);
    await actOnLetter(handler, letter.trackingNo, { action: 'reply', body: '您好！井盖已于今日补装，感谢您的反映。' }, new Date(), { attachments: [file] });
    const view = await getLetter(writer, letter.trackingNo);
    expect(view.attachments).toEqual([]);
    const answer = view.replies.find((r) => r.kind === 'answer')!;
    expect(answer.attachments.map((a) => a.fileName)).toEqual(['处理结果.pdf']);
    const response = await download(writer, letter.trackingNo, answer.attachments[0]!.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
  });
});

describe('the follow-up form', () => {
  it('the writer answers a request for information with a photo through the letter page\'s form', async () => {
    const letter = await acceptedLetter('补充材料附照片');
    await actOnLetter(handler, letter.trackingNo, { action: 'request_info', message: '请补充井盖缺失位置的现场照片。' });
    const send = async (name: string, bytes: Uint8Array) => {
      const form = new FormData();
      form.set('action', 'provide_info');
      form.set('message', '已补充现场照片，位置在路口东侧。');
      form.append('attachments', new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' }));
      return as(writer, () => letterActionForm(letter.trackingNo, { ok: false, message: null, fields: {} }, form));
    };
    const refused = await send('photo.jpg', Buffer.from('GIF89a not really'));
    expect(refused.ok).toBe(false);
    expect(refused.fields.attachments).toBe('只能上传 JPEG、PNG、WebP 图片或 PDF 文件');
    expect((await getLetter(writer, letter.trackingNo)).status).toBe('needs_info'); // nothing happened

    expect((await send('现场.jpg', await photoWithGps(800, 600))).ok).toBe(true);
    const view = await getLetter(handler, letter.trackingNo);
    const answer = view.replies.find((r) => r.kind === 'info_provided')!;
    expect(answer.attachments.map((a) => [a.kind, a.fileName])).toEqual([['image', '现场.jpg']]);
    const [stored] = await db().select({ data: letterAttachments.data }).from(letterAttachments).where(eq(letterAttachments.publicId, answer.attachments[0]!.id));
    expect((await sharp(stored!.data).metadata()).exif).toBeUndefined();
  });
});

describe('who may read them', () => {
  it('the writer, a visitor with the code and the case\'s staff get the file with safe headers; nobody else, never an archive reader', async () => {
    const letter = await acceptedLetter('谁能看到附件');
    const response = await upload(writer, letter.trackingNo, [{ name: 'hole.jpg', type: 'image/jpeg', bytes: await photoWithGps(400, 300) }]);
    const [item] = (await response.json()).items as Array<{ id: string }>;

    for (const who of [writer, handler, moderator]) {
      const file = await download(who, letter.trackingNo, item!.id);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/jpeg');
      expect(file.headers.get('content-disposition')).toMatch(/^inline;/);
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(file.headers.get('content-security-policy')).toMatch(/^sandbox/);
      expect(file.headers.get('cache-control')).toBe('private, no-store');
      expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).exif).toBeUndefined();
    }
    expect((await download(handler, letter.trackingNo, item!.id, 'thumbnail')).status).toBe(200);

    for (const who of [otherCitizen, otherDepartmentLeader, null]) {
      expect([401, 403, 404]).toContain((await download(who, letter.trackingNo, item!.id)).status);
      expect([401, 403, 404]).toContain((await upload(who, letter.trackingNo, [{ name: 'x.pdf', type: 'application/pdf', bytes: pdf() }])).status);
    }
    expect((await appErrorOf(readAttachment(otherCitizen, letter.trackingNo, item!.id))).status).toBe(404);
    expect((await appErrorOf(readAttachment(otherDepartmentLeader, letter.trackingNo, item!.id))).status).toBe(404);
    // Another letter's tracking number with this id: 404 even for that letter's own writer.
    const other = await acceptedLetter('另一封来信');
    expect((await appErrorOf(readAttachment(writer, other.trackingNo, item!.id))).status).toBe(404);

    // A visitor with the query code (the lookup page) gets it; a wrong code does not.
    const [row] = await db().select({ queryCode: letters.queryCode }).from(letters).where(eq(letters.trackingNo, letter.trackingNo));
    const byCode = await fileRoute.POST(new Request(`${BASE}/x`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code: row!.queryCode }),
    }), params({ trackingNo: letter.trackingNo, id: item!.id }));
    expect(byCode.status).toBe(200);
    const wrong = row!.queryCode === '000000' ? '000001' : '000000';
    expect((await appErrorOf(readAttachment(visitor('203.0.113.81'), letter.trackingNo, item!.id, { code: wrong }))).status).toBe(404);

    // Published in the archive: the entry carries the letter's text, never its attachments.
    await actOnLetter(handler, letter.trackingNo, { action: 'reply', body: '您好！已安排维修人员今日补装井盖，感谢您的反映。' });
    const draft = await createEntry(moderator, { letter: letter.trackingNo });
    const categorised = await updateEntry(moderator, draft.id, { version: draft.version, category: '10' });
    await actOnEntry(moderator, draft.id, { action: 'publish', version: categorised.version });
    const entry = await (await archiveEntryRoute.GET(new Request(`${BASE}/api/v1/archive/${draft.id}`), params({ id: draft.id }) as never)).text();
    expect(entry).toContain('谁能看到附件');
    expect(entry).not.toContain(item!.id);
    expect(JSON.parse(entry).attachments).toEqual([]);
  });
});
