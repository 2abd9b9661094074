import { and, asc, eq, isNull, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { db as defaultDb, type Db } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { catalogueCategories } from './schema';

/**
 * The catalogue category tree, edited by admins (admin.categories). A category's code is part of every index
 * number (索引号) issued in it, so codes never change and categories are never deleted: admins add categories (the
 * next free code, two digits at the top, the parent's four at the second level), rename and reorder them. Index
 * numbers already issued are stored with their items and stay as they are.
 */

const CATEGORY_LOCK_ID = 727_274_015;

const name = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .transform((v) => v.normalize('NFC').trim().replace(/\s+/g, ' '))
    .refine((v) => [...v].length >= 2, { error: `${label}至少 2 个字` })
    .refine((v) => [...v].length <= 30, { error: `${label}最多 30 个字` })
    .refine((v) => !/[\u0000-\u001f\u007f<>]/.test(v), { error: `${label}不能包含控制字符或尖括号` });
const nameEn = z.string({ error: '英文名称应为文字' }).trim().max(100, { error: '英文名称最多 100 个字符' })
  .refine((v) => /^[\x20-\x7e]*$/.test(v), { error: '英文名称只能包含英文字母、数字和标点' });

export const categoryCreateInput = z.object({
  /** Empty or missing: a top-level category. */
  parentCode: z.string({ error: '上级分类无效' }).regex(/^(\d{2})?$/, { error: '上级分类应为两位数字代码' }).optional(),
  name: name('分类名称'),
  nameEn: nameEn.optional(),
});

export const categoryUpdateInput = z.object({
  name: name('分类名称').optional(),
  nameEn: nameEn.optional(),
  sortOrder: z.number({ error: '排序应为整数' }).int({ error: '排序应为整数' }).min(0, { error: '排序不能小于 0' }).max(10_000, { error: '排序不能大于 10000' }).optional(),
});

export async function createCategory(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<{ code: string }> {
  assertCan(actor, 'admin.categories');
  const data = parseInput(categoryCreateInput, input);
  return database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CATEGORY_LOCK_ID})`);
    let parentId: number | null = null;
    let siblings;
    if (data.parentCode) {
      const [parent] = await tx.select().from(catalogueCategories).where(eq(catalogueCategories.code, data.parentCode));
      if (!parent || parent.parentId !== null) throw new AppError('invalid_input', '没有这个上级分类', { parentCode: '没有这个上级分类' });
      parentId = parent.id;
      siblings = await tx.select().from(catalogueCategories).where(like(catalogueCategories.code, `${data.parentCode}__`));
    } else {
      siblings = await tx.select().from(catalogueCategories).where(isNull(catalogueCategories.parentId));
    }
    if (siblings.some((c) => c.name === data.name)) throw new AppError('conflict', `同一级已有名为“${data.name}”的分类`, { name: '分类名称重复' });
    // The lowest free code at this level. Categories are never deleted, so a free code was never used in an index number.
    const used = new Set(siblings.map((c) => Number(c.code.slice(-2))));
    let next = 1;
    while (used.has(next)) next += 1;
    if (next > 99) throw new AppError('conflict', '这一级的分类代码已用完（最多 99 个）');
    const code = `${data.parentCode ?? ''}${String(next).padStart(2, '0')}`;
    const [last] = await tx.select({ max: sql<number | null>`max(${catalogueCategories.sortOrder})` }).from(catalogueCategories);
    await tx.insert(catalogueCategories).values({ code, name: data.name, nameEn: data.nameEn ?? '', parentId, sortOrder: Number(last?.max ?? 0) + 1 });
    await recordAudit(tx, actor, { action: 'catalogue_category.create', entityType: 'catalogue_category', entityId: code, details: { name: data.name, parentCode: data.parentCode ?? null } });
    return { code };
  });
}

/** Rename or reorder; the code (and every index number issued) stays. Nothing changed → {changed: false}. */
export async function updateCategory(actor: Actor, code: string, input: unknown, database: Db = defaultDb()): Promise<{ changed: boolean }> {
  assertCan(actor, 'admin.categories');
  const data = parseInput(categoryUpdateInput, input);
  return database.transaction(async (tx) => {
    const [row] = /^\d{2}(\d{2})?$/.test(code) ? await tx.select().from(catalogueCategories).where(eq(catalogueCategories.code, code)).for('update') : [];
    if (!row) throw notFound('没有这个目录分类');
    const changes: Partial<typeof catalogueCategories.$inferInsert> = {};
    if (data.name !== undefined && data.name !== row.name) {
      const [clash] = await tx.select({ id: catalogueCategories.id }).from(catalogueCategories)
        .where(and(eq(catalogueCategories.name, data.name), row.parentId === null ? isNull(catalogueCategories.parentId) : eq(catalogueCategories.parentId, row.parentId)));
      if (clash) throw new AppError('conflict', `同一级已有名为“${data.name}”的分类`, { name: '分类名称重复' });
      changes.name = data.name;
    }
    if (data.nameEn !== undefined && data.nameEn !== row.nameEn) changes.nameEn = data.nameEn;
    if (data.sortOrder !== undefined && data.sortOrder !== row.sortOrder) changes.sortOrder = data.sortOrder;
    if (Object.keys(changes).length === 0) return { changed: false };
    await tx.update(catalogueCategories).set(changes).where(eq(catalogueCategories.id, row.id));
    const from = Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof typeof row]]));
    await recordAudit(tx, actor, { action: 'catalogue_category.update', entityType: 'catalogue_category', entityId: code, details: { from, to: changes } });
    return { changed: true };
  });
}

/** Flat list for the admin page: code, names, order, parent code. */
export async function listCategoriesForAdmin(actor: Actor, database: Db = defaultDb()) {
  assertCan(actor, 'admin.categories');
  return database.select({ code: catalogueCategories.code, name: catalogueCategories.name, nameEn: catalogueCategories.nameEn, sortOrder: catalogueCategories.sortOrder, parentId: catalogueCategories.parentId })
    .from(catalogueCategories).orderBy(asc(catalogueCategories.sortOrder), asc(catalogueCategories.code));
}
