import { eq } from 'drizzle-orm';
import type { Db } from '@/lib/db';
import { APPLICATION_REPLY_KEY } from '@/lib/disclosure/application-clock';
import { letterDeadlines } from '@/lib/letters/schema';

/**
 * The demo seed gives the bureau its own reply limit for applications (15 working days, lib/seed/demo.ts); the
 * tests' databases take the demo accounts but keep the regulation's default of 20, which their dates are chosen
 * for (test/applications.test.ts and others set a bureau limit where they test one).
 */
export async function useRegulationReplyLimit(db: Db): Promise<void> {
  await db.delete(letterDeadlines).where(eq(letterDeadlines.key, APPLICATION_REPLY_KEY as never));
}
