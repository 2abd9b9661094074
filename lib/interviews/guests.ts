import { and, asc, eq } from 'drizzle-orm';
import { db } from '../db';
import { assertCan, type Actor } from '../auth/permissions';
import { departments, users } from '../accounts/schema';

export interface LeaderOption {
  id: string;
  name: string;
  /** The account's official title (副局长 …); the interview form uses it as the guest's title. */
  title: string | null;
  department: string | null;
}

/**
 * Who a moderator may invite as a guest: active leader accounts with their titles (DESIGN.md §5). Guarded by
 * `interviews.manage`, so it does not need the admin's user list.
 */
export async function listLeaders(actor: Actor): Promise<LeaderOption[]> {
  assertCan(actor, 'interviews.manage');
  return db()
    .select({ id: users.publicId, name: users.name, title: users.title, department: departments.name })
    .from(users)
    .leftJoin(departments, eq(users.departmentId, departments.id))
    .where(and(eq(users.role, 'leader'), eq(users.status, 'active')))
    .orderBy(asc(departments.sortOrder), asc(users.name))
    .limit(500);
}

/** Who may host (主持) an interview: active moderator accounts (DESIGN.md §5: the host is a moderator). */
export async function listHosts(actor: Actor): Promise<Array<{ id: string; name: string }>> {
  assertCan(actor, 'interviews.manage');
  return db()
    .select({ id: users.publicId, name: users.name })
    .from(users)
    .where(and(eq(users.role, 'moderator'), eq(users.status, 'active')))
    .orderBy(asc(users.name))
    .limit(500);
}
