import { and, eq, gt, inArray } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { users } from '@/lib/accounts/schema';
import { findActiveUser } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { actOnInterview, createInterview, updateInterview } from '@/lib/interviews/operations';
import { interviewSubscriptions, interviews } from '@/lib/interviews/schema';
import { subscribeToInterview, subscriptionForViewer, unsubscribeFromInterview } from '@/lib/interviews/subscriptions';
import { escapeText, foldLine, formatUtc, renderIcs } from '@/lib/feeds/ics';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';
import * as subscriptionRoute from '@/app/api/v1/interviews/[id]/subscription/route';
import * as calendarRoute from '@/app/interviews/[slug]/calendar.ics/route';
import * as feedRoute from '@/app/feeds/interviews.xml/route';
import { useTestRequest } from './support/request';

// Route handlers read the session cookie through next/headers; the tests set it per request.
const requestHeaders = useTestRequest('192.0.2.67');

type Signed = Actor & { user: ActorUser };
let moderator: Signed;
let leader: Signed;
let handler: Signed;
let citizen: Signed;
/** Citizens inserted for these tests (no password: they never sign in). */
let second: Signed;
let third: Signed;

async function insertCitizen(name: string): Promise<Signed> {
  const publicId = await insertUser({ name, email: uniqueEmail('sub'), role: 'citizen' });
  return { user: (await findActiveUser(db(), publicId))!, ip: '192.0.2.68' };
}

beforeAll(async () => {
  [moderator, leader, handler, citizen] = await Promise.all(['moderator', 'leader', 'handler', 'citizen'].map((r) => actorFor(`${r}@example.com`)));
  second = await insertCitizen('订阅者乙');
  third = await insertCitizen('订阅者丙');
});

const schedule = () => {
  const start = Date.now() + 3 * 3600_000;
  return { scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 3600_000).toISOString() };
};

async function newInterview(title = '公共文化服务在线访谈', announce = true) {
  const created = await createInterview(moderator, { title, summary: '局领导介绍公共文化服务并回答市民提问。', guestIds: [leader.user.publicId], ...schedule() });
  if (announce) await actOnInterview(moderator, created.id, { action: 'announce' });
  return created;
}

const lastId = async () => Math.max(0, ...(await db().select({ id: notifications.id }).from(notifications)).map((r) => r.id));
const lastMailId = async () => Math.max(0, ...(await db().select({ id: emailOutbox.id }).from(emailOutbox)).map((r) => r.id));

async function sessionCookie(actor: Signed): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: actor.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
}

describe('subscribing to an interview', () => {
  it('only a signed-in citizen subscribes; visitors are asked to sign in, staff refused', async () => {
    const { id } = await newInterview();
    expect((await appErrorOf(subscribeToInterview(visitor(), id))).status).toBe(401);
    for (const staff of [moderator, leader, handler]) {
      expect((await appErrorOf(subscribeToInterview(staff, id))).status, staff.user.role).toBe(403);
      expect((await appErrorOf(unsubscribeFromInterview(staff, id))).status, staff.user.role).toBe(403);
    }
    expect(await subscribeToInterview(citizen, id)).toEqual({ interviewId: id, subscribed: true });
    // Idempotent: a second press changes nothing and writes no second audit row.
    expect(await subscribeToInterview(citizen, id)).toEqual({ interviewId: id, subscribed: true });
    const rows = await db().select().from(interviewSubscriptions).innerJoin(interviews, eq(interviews.id, interviewSubscriptions.interviewId)).where(eq(interviews.publicId, id));
    expect(rows).toHaveLength(1);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityId, id), inArray(auditLog.action, ['interview.subscribe', 'interview.unsubscribe'])));
    expect(audits.map((a) => [a.action, a.actorId])).toEqual([['interview.subscribe', citizen.user.id]]);
    expect(await subscriptionForViewer(citizen, { id, status: 'announced' })).toEqual({ subscribed: true, open: true });
    expect(await subscriptionForViewer(second, { id, status: 'announced' })).toEqual({ subscribed: false, open: true });
    expect(await subscriptionForViewer(moderator, { id, status: 'announced' })).toBeNull();

    expect(await unsubscribeFromInterview(citizen, id)).toEqual({ interviewId: id, subscribed: false });
    expect(await unsubscribeFromInterview(citizen, id)).toEqual({ interviewId: id, subscribed: false });
    expect(await subscriptionForViewer(citizen, { id, status: 'announced' })).toEqual({ subscribed: false, open: true });
    const after = await db().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityId, id), inArray(auditLog.action, ['interview.subscribe', 'interview.unsubscribe'])));
    expect(after.map((a) => a.action).sort()).toEqual(['interview.subscribe', 'interview.unsubscribe']);
  });

  it('a draft does not exist for a subscriber; a published interview has nothing left to subscribe to', async () => {
    const draft = await newInterview('草稿访谈（未预告）', false);
    expect((await appErrorOf(subscribeToInterview(citizen, draft.id))).status).toBe(404);
    expect((await appErrorOf(unsubscribeFromInterview(citizen, draft.id))).status).toBe(404);
    expect((await appErrorOf(subscribeToInterview(citizen, 'no-such-interview'))).status).toBe(404);

    const { id, slug } = await newInterview('已发布实录的访谈');
    for (const action of ['go_live', 'end'] as const) await actOnInterview(moderator, id, { action });
    // Ended: the transcript notice is still to come, so subscribing works (by slug too).
    expect(await subscribeToInterview(second, slug)).toEqual({ interviewId: id, subscribed: true });
    await actOnInterview(moderator, id, { action: 'publish' });
    const refused = await appErrorOf(subscribeToInterview(citizen, id));
    expect(refused.status).toBe(409);
    expect(await unsubscribeFromInterview(second, id)).toEqual({ interviewId: id, subscribed: false });
  });

  it('POST and DELETE /api/v1/interviews/{id}/subscription: 401, 403, 404 and the state', async () => {
    const { id } = await newInterview('接口订阅访谈');
    const draft = await newInterview('接口草稿访谈', false);
    const call = (method: 'POST' | 'DELETE', target = id) =>
      subscriptionRoute[method](new Request(`http://localhost/api/v1/interviews/${target}/subscription`, { method }), { params: Promise.resolve({ id: target }) });
    requestHeaders.cookie = null;
    expect((await call('POST')).status).toBe(401);
    requestHeaders.cookie = await sessionCookie(moderator);
    expect((await call('POST')).status).toBe(403);
    requestHeaders.cookie = await sessionCookie(citizen);
    expect((await call('POST', draft.id)).status).toBe(404);
    const on = await call('POST');
    expect(on.status).toBe(200);
    expect(await on.json()).toEqual({ interviewId: id, subscribed: true });
    const off = await call('DELETE');
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ interviewId: id, subscribed: false });
    requestHeaders.cookie = null;
  });
});

describe('subscribers are told when it goes live and when the transcript is published', () => {
  it('only subscribers, in-app and by e-mail, with a link to the interview; not for other changes', async () => {
    const { id, slug } = await newInterview('夜间文化消费在线访谈');
    const other = await newInterview('另一场访谈');
    await subscribeToInterview(citizen, id);
    await subscribeToInterview(second, id);
    await subscribeToInterview(third, id);
    await unsubscribeFromInterview(third, id);
    // A subscriber to another interview hears nothing of this one.
    await subscribeToInterview(third, other.id);
    // A subscriber whose account was disabled since is not told.
    const gone = await insertCitizen('已停用的订阅者');
    await subscribeToInterview(gone, id);
    await db().update(users).set({ status: 'disabled' }).where(eq(users.id, gone.user.id));

    // An edit of the announced interview tells no subscriber.
    const before = await lastId();
    const [row] = await db().select({ version: interviews.version }).from(interviews).where(eq(interviews.publicId, id));
    await updateInterview(moderator, id, { version: row!.version, summary: '局领导介绍夜间文化消费政策并回答市民提问。' });
    expect(await db().select().from(notifications).where(and(gt(notifications.id, before), inArray(notifications.kind, ['interview.live', 'interview.transcript'])))).toEqual([]);

    const mailBefore = await lastMailId();
    await actOnInterview(moderator, id, { action: 'go_live' });
    const live = await db().select().from(notifications).where(and(gt(notifications.id, before), eq(notifications.kind, 'interview.live')));
    expect(live.map((n) => n.userId).sort()).toEqual([citizen.user.id, second.user.id].sort());
    for (const n of live) {
      expect(n.link).toBe(`/interviews/${slug}`);
      expect(n.title).toContain('夜间文化消费在线访谈');
    }
    const mails = await db().select().from(emailOutbox).where(gt(emailOutbox.id, mailBefore));
    const [citizenRow] = await db().select({ email: users.email }).from(users).where(eq(users.id, citizen.user.id));
    const liveMail = mails.find((m) => m.to === citizenRow!.email);
    expect(liveMail?.subject).toContain('正在直播');
    expect(liveMail?.body).toMatch(new RegExp(`https?://[^\\s]+/interviews/${slug}\\b`));
    const [thirdRow] = await db().select({ email: users.email }).from(users).where(eq(users.id, third.user.id));
    expect(mails.map((m) => m.to)).not.toContain(thirdRow!.email);

    await actOnInterview(moderator, id, { action: 'end' });
    const afterLive = await lastId();
    await actOnInterview(moderator, id, { action: 'publish' });
    const transcript = await db().select().from(notifications).where(gt(notifications.id, afterLive));
    expect(transcript.map((n) => [n.kind, n.userId, n.link]).sort()).toEqual(
      [citizen.user.id, second.user.id].sort().map((u) => ['interview.transcript', u, `/interviews/${slug}/transcript`]),
    );
  });

  it('an e-mail muted for the kind is not sent; the in-app notice still arrives', async () => {
    const { id } = await newInterview('静音测试访谈');
    const muted = await insertCitizen('关闭邮件的订阅者');
    await db().update(users).set({ emailMutedKinds: ['interview.live'] }).where(eq(users.id, muted.user.id));
    await subscribeToInterview(muted, id);
    const [row] = await db().select({ email: users.email }).from(users).where(eq(users.id, muted.user.id));
    const before = await lastId();
    const mailBefore = await lastMailId();
    await actOnInterview(moderator, id, { action: 'go_live' });
    expect(await db().select().from(notifications).where(and(gt(notifications.id, before), eq(notifications.userId, muted.user.id)))).toHaveLength(1);
    expect(await db().select().from(emailOutbox).where(and(gt(emailOutbox.id, mailBefore), eq(emailOutbox.to, row!.email!)))).toEqual([]);
  });
});

/** Unfolds an iCalendar document (RFC 5545 §3.1) into its content lines. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);

describe('iCalendar (RFC 5545)', () => {
  it('escapes TEXT: backslash, semicolon, comma and line breaks; drops control characters', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf\u0007g')).toBe('a\\,b\\;c\\\\d\\ne\\nfg');
  });

  it('writes UTC date-times with Z', () => {
    expect(formatUtc(new Date('2026-12-03T02:05:09.123Z'))).toBe('20261203T020509Z');
  });

  it('folds at 75 octets without cutting a UTF-8 sequence, and unfolding restores the line', () => {
    const line = `SUMMARY:${'在线访谈，文旅市场秩序整治；'.repeat(12)}abc😀def`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(5);
    for (const [i, part] of physical.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
      // Each physical line is valid UTF-8 on its own (no sequence split across the fold).
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
      expect(part).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
    }
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldLine('A'.repeat(75))).toBe('A'.repeat(75));
    expect(foldLine('A'.repeat(76))).toBe(`${'A'.repeat(75)}\r\n A`);
  });

  it('a calendar has VERSION, PRODID, UID and DTSTAMP, CRLF line endings and nothing longer than 75 octets', () => {
    const text = renderIcs({
      prodId: '-//Test//X//ZH', now: new Date('2026-12-01T00:00:00Z'),
      events: [{ uid: 'u1@example.org', start: new Date('2026-12-03T02:00:00Z'), end: new Date('2026-12-03T03:00:00Z'), summary: '访谈：一, 二; 三', description: '第一行\n第二行'.repeat(20), url: 'https://example.org/interviews/a?b=1,2' }],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const physical of text.split('\r\n')) expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
    const lines = unfold(text);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toEqual(expect.arrayContaining([
      'VERSION:2.0', 'PRODID:-//Test//X//ZH', 'BEGIN:VEVENT', 'UID:u1@example.org', 'DTSTAMP:20261201T000000Z',
      'DTSTART:20261203T020000Z', 'DTEND:20261203T030000Z', 'SUMMARY:访谈：一\\, 二\\; 三', 'URL:https://example.org/interviews/a?b=1,2', 'END:VEVENT',
    ]));
    expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toBe(`DESCRIPTION:${'第一行\\n第二行'.repeat(20)}`);
  });
});

describe('GET /interviews/{slug}/calendar.ics and /feeds/interviews.xml', () => {
  it('serves an announced interview as an event and a draft as 404', async () => {
    const title = '文旅融合发展，答市民问；第二期 在线访谈（标题足够长以便折行测试）';
    const { id, slug } = await newInterview(title);
    const draft = await newInterview('不应出现的草稿访谈', false);
    const get = (s: string) => calendarRoute.GET(new Request(`http://localhost/interviews/${s}/calendar.ics`), { params: Promise.resolve({ slug: s }) });
    const response = await get(slug);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="interview-${slug}.ics"`);
    const text = await response.text();
    for (const physical of text.split('\r\n')) expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
    const lines = unfold(text);
    const [row] = await db().select().from(interviews).where(eq(interviews.publicId, id));
    expect(lines).toEqual(expect.arrayContaining([
      `UID:interview-${id}@${new URL(process.env.NEXTAUTH_URL ?? 'http://localhost').host}`,
      `DTSTART:${formatUtc(row!.scheduledStart)}`,
      `DTEND:${formatUtc(row!.scheduledEnd)}`,
      // Full-width punctuation is text like any other; only ASCII , ; \ and line breaks are escaped.
      'SUMMARY:在线访谈：文旅融合发展，答市民问；第二期 在线访谈（标题足够长以便折行测试）',
    ]));
    expect(lines.find((l) => l.startsWith('URL:'))).toMatch(new RegExp(`^URL:https?://[^/]+/interviews/${slug}$`));
    expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toContain('嘉宾：');

    expect((await get(draft.slug)).status).toBe(404);
    expect((await get('no-such-slug')).status).toBe(404);
    // A slug that decodes to NUL or does not decode at all (the fuzzer's `%2500…`, arriving here as `%00…`) is no
    // interview: 404, never the database's refusal as a 500.
    for (const hostile of ['%00%2e%2e%2f', '%E0%A4%A', 'a%ud800']) expect((await get(hostile)).status).toBe(404);
  });

  it('escapes ASCII commas and semicolons in the summary', async () => {
    const { slug } = await newInterview('Parks, museums; libraries 在线访谈');
    const response = await calendarRoute.GET(new Request(`http://localhost/interviews/${slug}/calendar.ics`), { params: Promise.resolve({ slug }) });
    expect(unfold(await response.text())).toContain('SUMMARY:在线访谈：Parks\\, museums\\; libraries 在线访谈');
  });

  it('the feed lists public interviews with their state, never a draft', async () => {
    const announced = await newInterview('RSS 预告中的访谈');
    const draft = await newInterview('RSS 不应出现的草稿', false);
    const response = await feedRoute.GET(new Request('http://localhost/feeds/interviews.xml'));
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
    expect(xml).toContain(`<title>【预告】RSS 预告中的访谈</title>`);
    expect(xml).toMatch(new RegExp(`<link>https?://[^<]+/interviews/${announced.slug}</link>`));
    expect(xml).toContain(`<guid isPermaLink="false">interview-${announced.id}</guid>`);
    expect(xml).not.toContain('RSS 不应出现的草稿');
    expect(xml).not.toContain(draft.slug);
    expect(xml).toMatch(/\/feeds\/interviews\.xml" rel="self"/);
  });
});
