'use client';

import { useErrorTexts } from './ErrorTexts';
import { StatusPage } from './StatusPage';

const PAGES = {
  notFound: { title: 'notFoundTitle', text: 'notFoundText', href: '/', label: 'backHome', code: '404' },
  forbidden: { title: 'forbiddenTitle', text: 'forbiddenText', href: '/', label: 'backHome', code: '403' },
  unauthorized: { title: 'unauthorizedTitle', text: 'unauthorizedText', href: '/login', label: 'signIn', code: '401' },
} as const;

/**
 * The 404, 403 and 401 pages inside the site shell (app/not-found.tsx, forbidden.tsx, unauthorized.tsx), their texts
 * from the root layout (ErrorTexts.tsx): the boundaries ride in every page's payload, as this reference and a kind.
 */
export function StatusBoundary({ kind }: { kind: keyof typeof PAGES }) {
  const t = useErrorTexts();
  const page = PAGES[kind];
  return <StatusPage title={t?.[page.title] ?? page.code} text={t?.[page.text] ?? ''} link={{ href: page.href, label: t?.[page.label] ?? page.href }} />;
}
