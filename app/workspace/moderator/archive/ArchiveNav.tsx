import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** The archive section's pages: queue and entries, reports, moderation log. */
export async function ArchiveNav({ current, openFlags }: { current: 'queue' | 'flags' | 'log'; openFlags?: number }) {
  const t = await getTranslations('archiveStaff');
  const items = [
    { key: 'queue' as const, href: '/workspace/moderator/archive', label: t('nav.queue') },
    { key: 'flags' as const, href: '/workspace/moderator/archive/flags', label: openFlags ? t('tabCount', { label: t('nav.flags'), count: openFlags }) : t('nav.flags') },
    { key: 'log' as const, href: '/workspace/moderator/archive/log', label: t('nav.log') },
  ];
  return (
    <nav aria-label={t('navLabel')} className="section-nav archive-nav">
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <Link href={i.href} aria-current={i.key === current ? 'page' : undefined}>{i.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
