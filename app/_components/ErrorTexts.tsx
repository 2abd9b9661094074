'use client';

import { createContext, useContext } from 'react';

export interface ErrorTexts { serverTitle: string; serverText: string; retry: string; backHome: string }

const Context = createContext<ErrorTexts | null>(null);

/**
 * The 500 page's texts (app/error.tsx), translated by the root layout on the server and handed down in a context.
 * The root hands the browser no message catalogue: a NextIntlClientProvider there put next-intl's client and its ICU
 * formatter (intl-messageformat, 12 KB gzipped) on every page, for a boundary that renders only on failure; the
 * folders whose client components translate have their own (lib/i18n/client-messages.ts).
 */
export function ErrorTextsProvider({ texts, children }: { texts: ErrorTexts; children: React.ReactNode }) {
  return <Context.Provider value={texts}>{children}</Context.Provider>;
}

export function useErrorTexts(): ErrorTexts | null {
  return useContext(Context);
}
