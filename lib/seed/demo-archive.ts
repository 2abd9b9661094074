import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { users } from '../accounts/schema';
import { findActiveUser } from '../accounts/users';
import type { Actor } from '../auth/permissions';
import { actOnEntry, createEntry, updateEntry } from '../archive/curation';
import { archiveEntries } from '../archive/schema';
import { interviews } from '../interviews/schema';
import { letters } from '../letters/schema';

async function actorFor(db: Db, email: string): Promise<Actor> {
  const [row] = await db.select({ publicId: users.publicId }).from(users).where(eq(users.email, email));
  return { user: await findActiveUser(db, row!.publicId), ip: null };
}

/** Catalogue categories for the demo entries: complaints → 监督投诉, interviews → 重大活动及项目建设, others → 其他. */
const CATEGORY_BY_KIND: Record<string, string> = { complaint: '10', inquiry: '99', suggestion: '99', interview: '12' };

/**
 * The demo archive through the real curation operations: every answered letter whose writer consented and every
 * ended or published interview becomes a masked entry, categorised and published (so also a catalogue item).
 * Run after the demo letters and interviews.
 */
export async function seedDemoArchive(db: Db): Promise<number> {
  const moderator = await actorFor(db, 'moderator@example.com');
  const candidates = [
    ...(await db
      .select({ ref: letters.trackingNo, kind: letters.kind })
      .from(letters)
      .leftJoin(archiveEntries, eq(archiveEntries.letterId, letters.id))
      .where(and(eq(letters.consentToPublish, true), sql`${letters.status} in ('answered', 'closed')`, isNull(archiveEntries.id)))).map((r) => ({ input: { letter: r.ref }, kind: r.kind as string })),
    ...(await db
      .select({ ref: interviews.publicId })
      .from(interviews)
      .leftJoin(archiveEntries, eq(archiveEntries.interviewId, interviews.id))
      .where(and(sql`${interviews.status} in ('ended', 'published')`, isNull(archiveEntries.id)))).map((r) => ({ input: { interviewId: r.ref }, kind: 'interview' })),
  ];
  for (const c of candidates) {
    const draft = await createEntry(moderator, c.input);
    const categorised = await updateEntry(moderator, draft.id, { version: draft.version, category: CATEGORY_BY_KIND[c.kind] ?? '99' });
    await actOnEntry(moderator, draft.id, { action: 'publish', version: categorised.version });
  }
  return candidates.length;
}
