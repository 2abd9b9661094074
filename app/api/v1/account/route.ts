import { accountView, changeLogin } from '@/lib/accounts/self-service';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

/** GET → {id, name, email, phone, role, emailMuted} (signed in). */
export const GET = handle(accounts.readAccount, async ({ actor }) => json(await accountView(actor)));

/** PATCH {currentPassword, email?, phone?} → the account: a new sign-in e-mail or phone (unique). */
export const PATCH = handle(accounts.changeLogin, async ({ actor, body }) => json(await changeLogin(actor, body)));
