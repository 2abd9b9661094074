import { asc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { db as defaultDb, type Db } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { letters } from '../letters/schema';
import { TOPICS_PERMISSION } from './admin';
import { districts } from './schema';
import { createDistrictInput, updateDistrictInput } from './validation';

/**
 * The admin's edits of the districts (所在区) a letter may name, beside the topic tree and under the same permission
 * (admin.categories: the bureau's classifications): add, rename (Chinese and English), reorder, deactivate and
 * reactivate. Never delete: letters that name a district keep showing it (and the statistics count it) after it is
 * deactivated; the write and intake forms list only active ones (lib/topics#loadDistricts). Each edit is one
 * transaction with its audit row.
 */

export interface AdminDistrict { id: number; code: string; name: string; nameEn: string; active: boolean; sortOrder: number; letters: number }

const englishOnly = (v: string | undefined) => {
  if (v !== undefined && !/^[\x20-\x7e]*$/.test(v)) throw new AppError('invalid_input', '英文名称只能包含英文字母、数字和标点', { nameEn: '英文名称只能包含英文字母、数字和标点' });
};

/** Every district, inactive ones too, with how many letters name it. */
export async function listDistrictsForAdmin(actor: Actor, database: Db = defaultDb()): Promise<AdminDistrict[]> {
  assertCan(actor, TOPICS_PERMISSION);
  const [rows, counts] = await Promise.all([
    database.select().from(districts).orderBy(asc(districts.sortOrder), asc(districts.id)),
    database.select({ districtId: letters.districtId, n: sql<number>`count(*)::int` }).from(letters).where(sql`${letters.districtId} is not null`).groupBy(letters.districtId),
  ]);
  const byDistrict = new Map(counts.map((c) => [Number(c.districtId), Number(c.n)]));
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, nameEn: r.nameEn, active: r.active, sortOrder: r.sortOrder, letters: byDistrict.get(r.id) ?? 0 }));
}

export async function createDistrict(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<{ id: number }> {
  assertCan(actor, TOPICS_PERMISSION);
  const data = parseInput(createDistrictInput, input);
  englishOnly(data.nameEn);
  return database.transaction(async (tx) => {
    const existing = await tx.select({ code: districts.code, name: districts.name, sortOrder: districts.sortOrder }).from(districts);
    if (existing.some((d) => d.code === data.code)) throw new AppError('conflict', `代码“${data.code}”已被使用`, { code: '代码已被使用' });
    if (existing.some((d) => d.name === data.name)) throw new AppError('conflict', `已有名为“${data.name}”的区`, { name: '区名称重复' });
    const [row] = await tx.insert(districts).values({
      code: data.code, name: data.name, nameEn: data.nameEn ?? '',
      sortOrder: data.sortOrder ?? Math.max(0, ...existing.map((d) => d.sortOrder)) + 1,
    }).onConflictDoNothing({ target: districts.code }).returning({ id: districts.id });
    if (!row) throw new AppError('conflict', `代码“${data.code}”已被使用`, { code: '代码已被使用' });
    await recordAudit(tx, actor, { action: 'district.create', entityType: 'district', entityId: row.id, details: { code: data.code, name: data.name } });
    return { id: row.id };
  });
}

/** Rename, reorder, deactivate or activate: only what is given; `changed: false` when nothing differs. */
export async function updateDistrict(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<{ changed: boolean }> {
  assertCan(actor, TOPICS_PERMISSION);
  const data = parseInput(updateDistrictInput, input);
  englishOnly(data.nameEn);
  return database.transaction(async (tx) => {
    const [row] = await tx.select().from(districts).where(eq(districts.id, data.id)).for('update');
    if (!row) throw notFound('没有这个区');
    const change: Partial<typeof districts.$inferInsert> = {};
    if (data.name !== undefined && data.name !== row.name) {
      const [same] = await tx.select({ id: districts.id }).from(districts).where(eq(districts.name, data.name));
      if (same && same.id !== row.id) throw new AppError('conflict', `已有名为“${data.name}”的区`, { name: '区名称重复' });
      change.name = data.name;
    }
    if (data.nameEn !== undefined && data.nameEn !== row.nameEn) change.nameEn = data.nameEn;
    if (data.sortOrder !== undefined && data.sortOrder !== row.sortOrder) change.sortOrder = data.sortOrder;
    if (data.active !== undefined && data.active !== row.active) change.active = data.active;
    if (!Object.keys(change).length) return { changed: false };
    await tx.update(districts).set(change).where(eq(districts.id, row.id));
    const action = change.active === false ? 'district.deactivate' : change.active === true ? 'district.activate' : 'district.update';
    await recordAudit(tx, actor, {
      action, entityType: 'district', entityId: row.id,
      details: Object.fromEntries(Object.keys(change).map((k) => [k, { from: row[k as keyof typeof row] ?? null, to: change[k as keyof typeof change] ?? null }])),
    });
    return { changed: true };
  });
}
