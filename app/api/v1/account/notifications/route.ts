import { setNotificationPreferences } from '@/lib/accounts/self-service';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

/** PUT {emailMuted: [kind]} → the account: no e-mail for these kinds; in-app notices always arrive. */
export const PUT = handle(accounts.setNotificationPreferences, async ({ actor, body }) => json(await setNotificationPreferences(actor, body)));
