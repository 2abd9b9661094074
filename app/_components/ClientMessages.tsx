import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import { pickClientMessages, type ClientRoute } from '@/lib/i18n/client-messages';

/** Hands the browser only the messages the client components of this part of the site use (lib/i18n/client-messages). */
export async function ClientMessages({ route, children }: { route: ClientRoute; children: React.ReactNode }) {
  const messages = (await getMessages()) as Record<string, unknown>;
  return <NextIntlClientProvider messages={pickClientMessages(messages, route)}>{children}</NextIntlClientProvider>;
}
