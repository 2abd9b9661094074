import { getTranslations } from 'next-intl/server';
import { StatusPage } from './StatusPage';

/**
 * What a page shows instead of its content when a limit refused its render (lib/ratelimit#limitRender, which also
 * has the answer sent as 429 with Retry-After and kept out of the page cache): how long to wait, and one way on.
 */
export async function RateLimited({ retryAfter, back }: { retryAfter: number; back: { href: string; label: string } }) {
  const t = await getTranslations('errors');
  return <StatusPage title={t('rateLimitedTitle')} text={t('rateLimitedText', { minutes: Math.max(1, Math.ceil(retryAfter / 60)) })} link={back} />;
}
