import { AddressInfo } from 'node:net';
import { eq, isNull } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { getLetter, listLetters } from '@/lib/letters/queries';
import { sendOverdueDigests } from '@/lib/letters/digest';
import { listReplyTemplates } from '@/lib/letters/templates';
import { letters, replyTemplates } from '@/lib/letters/schema';
import { listNotifications, markAllRead, unreadCount } from '@/lib/notifications';
import { createTransport, deliverPendingEmail } from '@/lib/notifications/mailer';
import { emailOutbox } from '@/lib/notifications/schema';
import { seedReferenceData } from '@/lib/seed/reference';
import { appErrorOf } from './support/errors';
import { actorFor } from './support/users';

const bj = (local: string) => new Date(`${local}:00+08:00`);
let market: { id: number; publicId: string };

beforeAll(async () => {
  await seedReferenceData(db(), bj('2026-06-01T09:00'));
  const [row] = await db().select({ id: departments.id, publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  market = row!;
});

const letter = (title: string) => ({ kind: 'complaint', departmentId: market.publicId, title, body: '同一家网吧多次接纳未成年人，请依法查处。', consentToPublish: true });

describe('merging duplicates', () => {
  it('a moderator merges a duplicate into an earlier letter; its writer sees that letter\'s answer and is told', async () => {
    const [citizen, moderator, handler] = await Promise.all([actorFor('citizen@example.com'), actorFor('moderator@example.com'), actorFor('handler@example.com')]);
    const first = await submitLetter(citizen, letter('网吧接纳未成年人问题一'), { now: bj('2026-11-02T09:00') });
    const duplicate = await submitLetter(citizen, letter('网吧接纳未成年人问题二'), { now: bj('2026-11-02T10:00') });

    expect((await appErrorOf(actOnLetter(moderator, duplicate.trackingNo, { action: 'merge', intoTrackingNo: duplicate.trackingNo }))).fields)
      .toEqual({ intoTrackingNo: '不能并入自身' });
    expect((await appErrorOf(actOnLetter(moderator, duplicate.trackingNo, { action: 'merge', intoTrackingNo: '209901010001' }))).status).toBe(422);
    expect((await appErrorOf(actOnLetter(handler, duplicate.trackingNo, { action: 'merge', intoTrackingNo: first.trackingNo }))).status).toBe(404);

    expect(await actOnLetter(moderator, duplicate.trackingNo, { action: 'merge', intoTrackingNo: first.trackingNo }, bj('2026-11-02T11:00')))
      .toMatchObject({ status: 'merged' });
    const [row] = await db().select().from(letters).where(eq(letters.trackingNo, duplicate.trackingNo));
    expect(row).toMatchObject({ status: 'merged', dueOn: null, clockStart: null });
    // A merged letter leaves the triage queue; the first stays.
    const queue = await listLetters(moderator, { scope: 'queue' }, bj('2026-11-02T12:00'));
    expect(queue.items.map((l) => l.trackingNo)).toContain(first.trackingNo);
    expect(queue.items.map((l) => l.trackingNo)).not.toContain(duplicate.trackingNo);

    await actOnLetter(moderator, first.trackingNo, { action: 'accept', departmentId: market.publicId }, bj('2026-11-02T12:00'));
    await actOnLetter(handler, first.trackingNo, { action: 'reply', body: '经查，该网吧已被依法处罚并责令整改。' }, bj('2026-11-03T10:00'));

    const view = await getLetter(citizen, duplicate.trackingNo);
    expect(view.mergedInto).toBe(first.trackingNo);
    expect(view.replies.filter((r) => r.kind === 'answer').map((r) => r.body)).toEqual(['经查，该网吧已被依法处罚并责令整改。']);
    // Nothing left to do on a merged letter but change the consent to publication (PIPL art. 15).
    expect(view.actions).toEqual(['withdraw_consent']);
    const titles = (await listNotifications(db(), citizen.user.id)).map((n) => n.title);
    expect(titles).toContain(`您的来信 ${duplicate.trackingNo} 已随来信 ${first.trackingNo} 答复`);
    expect(titles).toContain(`您的来信 ${duplicate.trackingNo} 与同一事项的来信合并办理`);
  });
});

describe('notifications', () => {
  it('counts unread, marks all read with an audit row', async () => {
    const citizen = await actorFor('citizen@example.com');
    await submitLetter(citizen, letter('通知计数测试来信'), { now: bj('2026-11-05T09:00') });
    expect(await unreadCount(db(), citizen.user.id)).toBeGreaterThan(0);
    const marked = await markAllRead(citizen);
    expect(marked).toBeGreaterThan(0);
    expect(await unreadCount(db(), citizen.user.id)).toBe(0);
    const audits = await db().select().from(auditLog).where(eq(auditLog.action, 'notifications.read_all'));
    expect(audits.at(-1)).toMatchObject({ actorId: citizen.user.id, details: { count: marked } });
    expect((await appErrorOf(markAllRead({ user: null, ip: null }))).status).toBe(401);
  });
});

describe('reply templates', () => {
  it('a department sees its own and the bureau-wide templates, not other departments\'', async () => {
    const [other] = await db().select({ id: departments.id }).from(departments).where(eq(departments.code, 'arts'));
    await db().insert(replyTemplates).values([
      { departmentId: null, title: '全局模板', body: '您好，来信收悉。' },
      { departmentId: market.id, title: '市场处模板', body: '您好，经现场检查……' },
      { departmentId: other!.id, title: '艺术处模板', body: '您好，关于演出……' },
    ]);
    const titles = (await listReplyTemplates(db(), market.id)).map((t) => t.title);
    expect(titles).toEqual(expect.arrayContaining(['全局模板', '市场处模板']));
    expect(titles).not.toContain('艺术处模板');
  });
});

describe('overdue digest', () => {
  it('tells each department with overdue letters once per Beijing day, from 8:00', async () => {
    const [citizen, moderator, handler] = await Promise.all([actorFor('citizen@example.com'), actorFor('moderator@example.com'), actorFor('handler@example.com')]);
    const late = await submitLetter(citizen, letter('逾期未办的投诉来信'), { now: bj('2026-11-09T09:00') });
    await actOnLetter(moderator, late.trackingNo, { action: 'accept', departmentId: market.publicId }, bj('2026-11-09T10:00'));
    // 15 working days from Monday 11-09 → Monday 11-30; on 12-01 it is overdue.
    expect(await sendOverdueDigests(bj('2026-12-01T07:30'))).toEqual([]);
    const sent = await sendOverdueDigests(bj('2026-12-01T08:05'));
    expect(sent).toEqual([{ department: '文化市场管理处', overdue: expect.any(Number) }]);
    expect(sent[0]!.overdue).toBeGreaterThanOrEqual(1);
    // A second run the same day (another process, or the next tick) sends nothing.
    expect(await sendOverdueDigests(bj('2026-12-01T15:00'))).toEqual([]);
    const digest = (await listNotifications(db(), handler.user.id)).find((n) => n.kind === 'letter.overdue_digest');
    expect(digest?.title).toMatch(/^文化市场管理处有 \d+ 封来信已超过办理期限$/);
    // The next day it comes again while the letter is still overdue.
    expect(await sendOverdueDigests(bj('2026-12-02T09:00'))).toHaveLength(1);
  });
});

describe('email delivery', () => {
  const received: Array<{ to: string; data: string }> = [];
  let server: SMTPServer;
  let port = 0;
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('reject')) return callback(new Error('mailbox unavailable'));
        callback();
      },
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends every queued message once through SMTP, records failures, and retries them later', async () => {
    await db().insert(emailOutbox).values([
      { to: 'reject-me@example.org', subject: '【民声】退信测试', body: '这封会被拒收' },
    ]);
    const pending = await db().select().from(emailOutbox).where(isNull(emailOutbox.sentAt));
    const transport = createTransport(`smtp://127.0.0.1:${port}`);
    const first = await deliverPendingEmail(transport, '民声 <no-reply@example.org>', 100);
    expect(first.sent + first.failed).toBe(pending.length);
    expect(first.failed).toBe(1);
    expect(received.length).toBe(first.sent);
    expect(received.some((m) => m.data.includes('Subject:'))).toBe(true);

    const rows = await db().select().from(emailOutbox);
    expect(rows.filter((r) => r.sentAt).length).toBe(first.sent);
    const failed = rows.find((r) => r.to === 'reject-me@example.org')!;
    expect(failed).toMatchObject({ sentAt: null, attempts: 1 });
    expect(failed.lastError).toContain('mailbox unavailable');

    // Right away nothing is tried again; after the claim has gone stale only the failed one is, and nothing twice.
    expect(await deliverPendingEmail(transport, '民声 <no-reply@example.org>', 100)).toEqual({ sent: 0, failed: 0 });
    const second = await deliverPendingEmail(transport, '民声 <no-reply@example.org>', 100, new Date(Date.now() + 3 * 60_000));
    expect(second).toEqual({ sent: 0, failed: 1 });
    expect(received.length).toBe(first.sent);
    const [again] = await db().select().from(emailOutbox).where(eq(emailOutbox.to, 'reject-me@example.org'));
    expect(again!.attempts).toBe(2);
  });
});
