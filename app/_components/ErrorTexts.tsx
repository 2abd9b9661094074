'use client';

import { createContext, useContext } from 'react';
import type { ERROR_TEXT_KEYS } from './error-text-keys';

export type ErrorTexts = Record<(typeof ERROR_TEXT_KEYS)[number], string>;

const Context = createContext<ErrorTexts | null>(null);

/**
 * The texts of the 500 page (app/error.tsx) and of the 404/403/401 boundaries (app/not-found.tsx, forbidden.tsx,
 * unauthorized.tsx: StatusBoundary.tsx), translated by the root layout on the server and handed down in a context.
 * The root layout's boundaries are part of every page's RSC payload: as server components each was its element tree
 * with its texts (~1 KB a page, issue 15); as a client component with its kind they are a reference, the texts
 * travelling once, here.
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
