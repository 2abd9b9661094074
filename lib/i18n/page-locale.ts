import { LOCALES, toLocale, type Locale } from './config';

/**
 * The language of a request: the one the visitor chose (the language cookie) — or, when none, the one a page's
 * content chose: the invitation page follows its invitation's language (lib/accounts/invitations.ts, the admin's
 * choice on the invite form). `path` is the proxy's (proxy.ts sets it on every request, overwriting any a client
 * sent). Anything else: zh-CN, the product's first language.
 */
export async function requestLocale(cookie: string | undefined, path: string | null | undefined): Promise<Locale> {
  if ((LOCALES as readonly string[]).includes(cookie ?? '')) return toLocale(cookie);
  const invitation = path ? /^\/invitations\/([^/]+)\/?$/.exec(path) : null;
  if (invitation) {
    let token: string;
    try {
      token = decodeURIComponent(invitation[1]!);
    } catch {
      return toLocale(undefined);
    }
    const { invitationLocale } = await import('../accounts/invitations');
    const locale = await invitationLocale(token).catch(() => null);
    if (locale) return locale;
  }
  return toLocale(undefined);
}
