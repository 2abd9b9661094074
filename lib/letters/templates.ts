import { asc, eq, isNull, or } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { replyTemplates } from './schema';

export interface ReplyTemplate {
  id: number;
  title: string;
  body: string;
}

/** Templates a department's reply editor offers: its own and the bureau-wide ones (no department). */
export async function listReplyTemplates(db: Db | Tx, departmentId: number | null): Promise<ReplyTemplate[]> {
  return db
    .select({ id: replyTemplates.id, title: replyTemplates.title, body: replyTemplates.body })
    .from(replyTemplates)
    .where(departmentId === null ? isNull(replyTemplates.departmentId) : or(isNull(replyTemplates.departmentId), eq(replyTemplates.departmentId, departmentId)))
    .orderBy(asc(replyTemplates.id));
}
