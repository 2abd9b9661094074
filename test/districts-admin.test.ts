import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { findActiveUser } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { auditLog } from '@/lib/audit/schema';
import { loadDistricts } from '@/lib/topics';
import { createDistrict, listDistrictsForAdmin, updateDistrict } from '@/lib/topics/districts';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail } from './support/users';

/** 所在区 (issue 17 item 3): the admin adds, renames and deactivates districts, each audited; nobody else may. */

type Person = Actor & { user: ActorUser };
let admin: Person;
let moderator: Person;
let citizen: Person;

beforeAll(async () => {
  [admin, moderator] = await Promise.all([actorFor('admin@example.com'), actorFor('moderator@example.com')]);
  citizen = { user: (await findActiveUser(db(), await insertUser({ name: '周游客', email: uniqueEmail('districts') })))!, ip: '192.0.2.91' };
});

const audits = (action: string, id: number) => db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, String(id))));

describe('districts admin', () => {
  it('adds, renames and deactivates a district, each with its audit row; the forms stop offering it', async () => {
    const { id } = await createDistrict(admin, { code: 'Xiangan-New', name: '翔安新区', nameEn: 'Xiang\'an New Area' });
    expect((await listDistrictsForAdmin(admin)).find((d) => d.id === id)).toMatchObject({ code: 'xiangan-new', name: '翔安新区', active: true, letters: 0 });
    expect(await audits('district.create', id)).toHaveLength(1);
    expect((await loadDistricts(db())).map((d) => d.id)).toContain(id);

    expect(await updateDistrict(admin, { id: String(id), name: '翔安区新城' })).toEqual({ changed: true });
    expect(await updateDistrict(admin, { id: String(id), name: '翔安区新城' })).toEqual({ changed: false });
    const [renamed] = await audits('district.update', id);
    expect(renamed!.details).toMatchObject({ name: { from: '翔安新区', to: '翔安区新城' } });

    expect(await updateDistrict(admin, { id, active: 'false' })).toEqual({ changed: true });
    expect(await audits('district.deactivate', id)).toHaveLength(1);
    expect((await loadDistricts(db())).map((d) => d.id)).not.toContain(id);
    expect((await listDistrictsForAdmin(admin)).find((d) => d.id === id)?.active).toBe(false);
  });

  it('refuses duplicates and bad input with clear messages, and everyone but admins', async () => {
    expect((await appErrorOf(createDistrict(admin, { code: 'siming', name: '另一个区' }))).code).toBe('conflict');
    expect((await appErrorOf(createDistrict(admin, { code: 'another', name: '思明区' }))).code).toBe('conflict');
    const bad = await appErrorOf(createDistrict(admin, { code: '思明', name: '' }));
    expect(bad.code).toBe('invalid_input');
    expect(Object.keys(bad.fields ?? {})).toEqual(expect.arrayContaining(['code', 'name']));
    expect((await appErrorOf(updateDistrict(admin, { id: 999999, name: '无' }))).code).toBe('not_found');
    for (const who of [moderator, citizen]) {
      expect((await appErrorOf(createDistrict(who, { code: 'x1', name: '某区' }))).code).toBe('forbidden');
      expect((await appErrorOf(listDistrictsForAdmin(who))).code).toBe('forbidden');
    }
  });
});
