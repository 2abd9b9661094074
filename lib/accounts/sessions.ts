import { and, eq, sql } from 'drizzle-orm';
import { db } from '../db';
import { recordAudit } from '../audit';
import { accountChanged } from '../realtime/io';
import { users } from './schema';
import { findSessionUser } from './users';

/**
 * Session tokens are stateless JWTs (next-auth), so ending a session means raising the account's session version
 * (users.session_version): every token issued before carries the old number and is refused on its next request or
 * socket handshake (lib/auth/token.ts). lib/accounts/admin.ts raises it on disabling and role changes.
 */

/**
 * Sign-out (next-auth's signOut event, after its CSRF check): ends every session of the account — the token being
 * signed out and any copy of it. A token that is already stale changes nothing, so an old stolen copy cannot be
 * used to sign the owner out of their current session.
 */
export async function signOutSession(claims: { sub: string; sv: number }, ip: string | null = null): Promise<boolean> {
  const ended = await db().transaction(async (tx) => {
    const user = await findSessionUser(tx, claims.sub, claims.sv);
    if (!user) return false;
    const [row] = await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, user.id), eq(users.sessionVersion, claims.sv)))
      .returning({ id: users.id });
    if (!row) return false;
    await recordAudit(tx, { user, ip }, { action: 'account.sign_out', entityType: 'user', entityId: user.publicId });
    return true;
  });
  // After commit: the account's sockets re-handshake, and their old cookie no longer names anyone.
  if (ended) await accountChanged(claims.sub);
  return ended;
}
