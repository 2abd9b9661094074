import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { emailOutbox } from '@/lib/notifications/schema';
import { OUTBOX_PAGE_SIZE } from '@/lib/notifications';
import { actorFor, uniqueEmail } from './support/users';
import * as outboxRoute from '@/app/api/v1/admin/outbox/route';
import { useTestRequest } from './support/request';

const requestHeaders = useTestRequest('192.0.2.70');

async function signIn(email: string | null) {
  requestHeaders.cookie = email
    ? `next-auth.session-token=${await encode({ token: { sub: (await actorFor(email)).user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`
    : null;
}

async function get(query = '') {
  const res = await outboxRoute.GET(new Request(`http://localhost:3000/api/v1/admin/outbox${query}`), { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

const recipient = uniqueEmail('outbox');

beforeAll(async () => {
  // Three messages to one recipient at known times (oldest first), one of them sent, and enough others to page.
  await db().insert(emailOutbox).values([
    { to: recipient, subject: '【民声】第一封', body: '正文一 http://localhost:3000/letters/X1', createdAt: new Date('2026-12-01T01:00:00Z') },
    { to: recipient, subject: '【民声】第二封', body: '正文二', createdAt: new Date('2026-12-01T02:00:00Z'), sentAt: new Date('2026-12-01T02:00:05Z') },
    { to: recipient, subject: '【民声】第三封', body: '正文三', createdAt: new Date('2026-12-01T03:00:00Z') },
    ...Array.from({ length: OUTBOX_PAGE_SIZE + 2 }, (_, i) => ({ to: uniqueEmail('other'), subject: `【民声】其他 ${i}`, body: '其他' })),
  ]);
});

describe('GET /api/v1/admin/outbox', () => {
  it('lists the outbox newest first for an admin, with to, subject, text, createdAt and sentAt', async () => {
    await signIn('admin@example.com');
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThanOrEqual(OUTBOX_PAGE_SIZE + 5);
    expect(body.items).toHaveLength(OUTBOX_PAGE_SIZE);
    const ids = body.items.map((m: { id: number }) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(Object.keys(body.items[0])).toEqual(expect.arrayContaining(['to', 'subject', 'text', 'createdAt', 'sentAt']));
    expect(body.items[0]).not.toHaveProperty('claimedAt');
  });

  it('narrows to one recipient (case-insensitive) and pages', async () => {
    await signIn('admin@example.com');
    const { status, body } = await get(`?to=${encodeURIComponent(recipient.toUpperCase())}`);
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    expect(body.items.map((m: { subject: string }) => m.subject)).toEqual(['【民声】第三封', '【民声】第二封', '【民声】第一封']);
    expect(body.items[1]).toMatchObject({ to: recipient, text: '正文二', sentAt: '2026-12-01T02:00:05.000Z', createdAt: '2026-12-01T02:00:00.000Z' });
    expect(body.items[0].sentAt).toBeNull();

    const page2 = await get('?page=2');
    expect(page2.status).toBe(200);
    expect(page2.body.page).toBe(2);
    expect(page2.body.items.length).toBeGreaterThan(0);
    const nobody = await get(`?to=${encodeURIComponent(uniqueEmail('nobody'))}`);
    expect(nobody.body).toMatchObject({ items: [], total: 0 });
  });

  it('refuses a bad page with 422 and a Chinese message', async () => {
    await signIn('admin@example.com');
    const { status, body } = await get('?page=0');
    expect(status).toBe(422);
    expect(body.error.fields.page).toBe('页码从 1 开始');
  });

  it('is for admins only: 403 for staff and citizens, 401 for visitors', async () => {
    for (const email of ['moderator@example.com', 'handler@example.com', 'leader@example.com', 'citizen@example.com']) {
      await signIn(email);
      expect((await get()).status, email).toBe(403);
    }
    await signIn(null);
    expect((await get()).status).toBe(401);
  });
});
