import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { users } from '../accounts/schema';

/** Active handlers and leaders of a department: who hears about its letters. */
export async function staffOfDepartment(tx: Db | Tx, departmentId: number): Promise<number[]> {
  const rows = await tx.select({ id: users.id }).from(users)
    .where(and(eq(users.departmentId, departmentId), inArray(users.role, ['handler', 'leader']), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}

/** Active moderators: who hears about letters awaiting routing. */
export async function moderators(tx: Db | Tx): Promise<number[]> {
  const rows = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'moderator'), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}
