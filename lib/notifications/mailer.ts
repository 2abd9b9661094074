import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { db } from '../db';
import { emailOutbox } from './schema';

const MAX_ATTEMPTS = 5;
/** A claim older than this is taken to be from a sender that died mid-send. */
const CLAIM_SECONDS = 120;

export function createTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

/**
 * Sends queued email. A message is claimed by one UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED), so
 * several app processes never send the same one and no transaction stays open while SMTP talks (PGlite has a
 * single connection). Failures are recorded and retried after CLAIM_SECONDS, up to MAX_ATTEMPTS.
 */
export async function deliverPendingEmail(transport: Transporter, from: string, limit = 20, now = new Date()): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const staleClaim = new Date(now.getTime() - CLAIM_SECONDS * 1000);
  for (let i = 0; i < limit; i++) {
    const next = db()
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(isNull(emailOutbox.sentAt), lt(emailOutbox.attempts, MAX_ATTEMPTS), or(isNull(emailOutbox.claimedAt), lt(emailOutbox.claimedAt, staleClaim))))
      .orderBy(asc(emailOutbox.id))
      .limit(1)
      .for('update', { skipLocked: true });
    const [message] = await db()
      .update(emailOutbox)
      .set({ claimedAt: now, attempts: sql`${emailOutbox.attempts} + 1` })
      .where(eq(emailOutbox.id, sql`(${next})`))
      .returning();
    if (!message) break;
    try {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.body });
      await db().update(emailOutbox).set({ sentAt: new Date(), lastError: null }).where(eq(emailOutbox.id, message.id));
      sent++;
    } catch (error) {
      // The claim stays: the message is retried once the claim is stale, not again in this round.
      await db().update(emailOutbox).set({ lastError: String((error as Error).message).slice(0, 500) }).where(eq(emailOutbox.id, message.id));
      failed++;
    }
  }
  return { sent, failed };
}
