import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encode } from 'next-auth/jwt';
import { db } from '@/lib/db';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { auditLog } from '@/lib/audit/schema';
import { ACCOUNTABILITY_DEFAULTS, getAccountabilitySettings, loadAccountabilitySettings, updateAccountabilitySettings } from '@/lib/accountability/settings';
import * as route from '@/app/api/v1/admin/accountability-settings/route';
import { saveAccountabilitySettings } from '@/app/workspace/admin/accountability/actions';
import type { FormState } from '@/lib/forms';
import { appErrorOf } from './support/errors';
import { actorFor } from './support/users';
import { useTestRequest } from './support/request';

/** The accountability loop's limits (lib/accountability/settings.ts): operation, API route and form action. */

const requestHeaders = useTestRequest('192.0.2.56');

let admin: Actor & { user: ActorUser };
let moderator: Actor & { user: ActorUser };

beforeAll(async () => {
  admin = await actorFor('admin@example.com', '192.0.2.78');
  moderator = await actorFor('moderator@example.com');
});

async function signIn(email: string | null) {
  requestHeaders.cookie = email
    ? `next-auth.session-token=${await encode({ token: { sub: (await actorFor(email)).user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`
    : null;
}
afterEach(() => {
  requestHeaders.cookie = null;
});

const audits = () => db().select().from(auditLog).where(eq(auditLog.action, 'accountability.settings.update'));

describe('operations', () => {
  it('defaults, a change with one audit row, no row for a save that changes nothing; admins only', async () => {
    expect(await getAccountabilitySettings(admin)).toEqual(ACCOUNTABILITY_DEFAULTS);
    expect((await appErrorOf(getAccountabilitySettings(moderator))).code).toBe('forbidden');
    expect((await appErrorOf(updateAccountabilitySettings(moderator, { ...ACCOUNTABILITY_DEFAULTS }))).code).toBe('forbidden');
    const after = await updateAccountabilitySettings(admin, { dueSoon: 2, urgeInterval: 3, ratingReminder: 4, autoClose: 10 });
    expect(after).toEqual({ dueSoon: 2, urgeInterval: 3, ratingReminder: 4, autoClose: 10 });
    expect(await loadAccountabilitySettings(db())).toEqual(after);
    const rows = await audits();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: admin.user.id, entityId: 'dueSoon,ratingReminder,autoClose', details: { before: ACCOUNTABILITY_DEFAULTS, after } });
    await updateAccountabilitySettings(admin, after);
    expect(await audits()).toHaveLength(1);
    await updateAccountabilitySettings(admin, { ...ACCOUNTABILITY_DEFAULTS });
  });

  it('refuses out-of-range, fractional, missing and unknown fields (422), changing nothing', async () => {
    for (const bad of [
      { ...ACCOUNTABILITY_DEFAULTS, dueSoon: 0 },
      { ...ACCOUNTABILITY_DEFAULTS, autoClose: 61 },
      { ...ACCOUNTABILITY_DEFAULTS, ratingReminder: 2.5 },
      { dueSoon: 3 },
      { ...ACCOUNTABILITY_DEFAULTS, extra: 1 },
      'x',
    ]) {
      const error = await appErrorOf(updateAccountabilitySettings(admin, bad));
      expect(error.code, JSON.stringify(bad)).toBe('invalid_input');
    }
    expect((await appErrorOf(updateAccountabilitySettings(admin, { ...ACCOUNTABILITY_DEFAULTS, dueSoon: 0 }))).fields).toEqual({ dueSoon: '到期提醒提前须为 1 至 60 之间的整数（工作日）' });
    expect(await loadAccountabilitySettings(db())).toEqual(ACCOUNTABILITY_DEFAULTS);
  });
});

describe('GET/PUT /api/v1/admin/accountability-settings', () => {
  const send = (method: string, body?: unknown) =>
    new Request('http://localhost/api/v1/admin/accountability-settings', { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const noContext = {} as never;

  it('401 visitor, 403 moderator, 200 admin; 422 with field messages; PUT sets all four', async () => {
    expect((await route.GET(send('GET'), noContext)).status).toBe(401);
    await signIn('moderator@example.com');
    expect((await route.GET(send('GET'), noContext)).status).toBe(403);
    expect((await route.PUT(send('PUT', ACCOUNTABILITY_DEFAULTS), noContext)).status).toBe(403);
    await signIn('admin@example.com');
    const got = await route.GET(send('GET'), noContext);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(ACCOUNTABILITY_DEFAULTS);
    const invalid = await route.PUT(send('PUT', { ...ACCOUNTABILITY_DEFAULTS, autoClose: 0 }), noContext);
    expect(invalid.status).toBe(422);
    const put = await route.PUT(send('PUT', { dueSoon: 5, urgeInterval: 2, ratingReminder: 3, autoClose: 7 }), noContext);
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ dueSoon: 5, urgeInterval: 2, ratingReminder: 3, autoClose: 7 });
    const rows = await db().select().from(auditLog).where(and(eq(auditLog.action, 'accountability.settings.update'), eq(auditLog.entityId, 'dueSoon,urgeInterval')));
    expect(rows).toHaveLength(1);
    await updateAccountabilitySettings(admin, { ...ACCOUNTABILITY_DEFAULTS });
  });
});

describe('the form action', () => {
  const initial: FormState = { ok: false, message: null, fields: {} };
  const form = (values: Record<string, string>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(values)) data.set(key, value);
    return data;
  };

  it('field errors with the values sent; saves for an admin', async () => {
    await signIn('handler@example.com');
    expect(await saveAccountabilitySettings(initial, form({ dueSoon: '3', urgeInterval: '3', ratingReminder: '3', autoClose: '7' }))).toMatchObject({ ok: false, message: '您没有权限进行此操作' });
    await signIn('admin@example.com');
    const invalid = await saveAccountabilitySettings(initial, form({ dueSoon: '', urgeInterval: '3', ratingReminder: 'abc', autoClose: '7' }));
    expect(invalid).toMatchObject({
      ok: false,
      fields: { dueSoon: '到期提醒提前须为 1 至 60 之间的整数（工作日）', ratingReminder: '评价提醒须为 1 至 60 之间的整数（工作日）' },
      values: { dueSoon: '', urgeInterval: '3', ratingReminder: 'abc', autoClose: '7' },
    });
    expect(await saveAccountabilitySettings(initial, form({ dueSoon: '4', urgeInterval: '3', ratingReminder: '3', autoClose: '8' }))).toMatchObject({ ok: true });
    expect(await loadAccountabilitySettings(db())).toEqual({ dueSoon: 4, urgeInterval: 3, ratingReminder: 3, autoClose: 8 });
  });
});
