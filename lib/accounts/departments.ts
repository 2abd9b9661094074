import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { departments, organisation } from './schema';

export interface DepartmentView {
  id: string;
  name: string;
  nameEn: string;
  duties: string;
  phone: string;
}

export async function listDepartments(db: Db | Tx): Promise<DepartmentView[]> {
  return db
    .select({ id: departments.publicId, name: departments.name, nameEn: departments.nameEn, duties: departments.duties, phone: departments.phone })
    .from(departments)
    .where(eq(departments.active, true))
    .orderBy(asc(departments.sortOrder), asc(departments.id));
}

export type OrganisationView = typeof organisation.$inferSelect;

/** The bureau's name and contact block; null until an installation has configured (or seeded) it. */
export async function getOrganisation(db: Db | Tx): Promise<OrganisationView | null> {
  const [row] = await db.select().from(organisation).limit(1);
  return row ?? null;
}

export async function departmentById(db: Db | Tx, id: number): Promise<DepartmentView | null> {
  const [row] = await db
    .select({ id: departments.publicId, name: departments.name, nameEn: departments.nameEn, duties: departments.duties, phone: departments.phone })
    .from(departments)
    .where(eq(departments.id, id));
  return row ?? null;
}
