import { signOutEverywhere } from '@/lib/accounts/self-service';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';
import { clearSessionCookie } from '@/lib/auth/reissue';

/** POST {confirm: true} → 200: every session of the account ends (退出所有设备), this one too. */
export const POST = handle(accounts.signOutEverywhere, async ({ actor, body }) => {
  await signOutEverywhere(actor, body);
  await clearSessionCookie();
  return json({ ok: true });
});
