import { changePassword } from '@/lib/accounts/self-service';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';
import { reissueSessionCookie } from '@/lib/auth/reissue';

/**
 * POST {currentPassword, newPassword} → 200 {ok}. Every other session of the account ends; this response carries
 * a fresh session cookie, so the session that made the change continues.
 */
export const POST = handle(accounts.changePassword, async ({ actor, body }) => {
  const { sessionVersion } = await changePassword(actor, body);
  await reissueSessionCookie(actor.user!, sessionVersion);
  return json({ ok: true });
});
