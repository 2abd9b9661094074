import { acceptInvitation, invitationLocale } from '@/lib/accounts/invitations';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { errorResponse, json } from '@/lib/api/route';
import { LOCALE_COOKIE } from '@/lib/i18n/config';

/** Whether the request carries a language the visitor chose (the cookie), which then decides as everywhere. */
const chosenLanguage = (request: Request) => new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=(?:zh-CN|en)(?:;|$)`).test(request.headers.get('cookie') ?? '');

/**
 * POST {password} → 201 {id, email, role}: the invited account exists and can sign in; used/expired/revoked → 410.
 * Public (the token is the credential); counted against `password.link` before the body is read. Its refusals are in
 * the invitation's language when the visitor chose none, like the page (app/invitations/[token]).
 */
export const POST = handle(accounts.acceptInvitation, async ({ actor, params, body, request }) => {
  try {
    return json(await acceptInvitation(actor, params.token, body), 201);
  } catch (error) {
    if (chosenLanguage(request)) throw error;
    return errorResponse(error, request, (await invitationLocale(params.token).catch(() => null)) === 'en');
  }
});
