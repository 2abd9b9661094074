import type { MetadataRoute } from 'next';
import { headers } from 'next/headers';
import { env } from '@/lib/env';
import { db } from '@/lib/db';
import { publishedEntryPaths } from '@/lib/archive/listings';
import { listInterviews } from '@/lib/interviews/queries';

// Read per request: an unpublished entry leaves the sitemap at once, and the build needs no database.
export const dynamic = 'force-dynamic';

const PUBLIC_PAGES = ['/', '/letters', '/interviews', '/consultations', '/archive', '/disclosure', '/stats'];

async function origin(): Promise<string> {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get('host') ?? 'localhost';
  return `${h.get('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${host}`;
}

/** sitemap.xml: the public pages, every published archive entry and every public interview with its transcript. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = await origin();
  const [entries, interviews] = await Promise.all([publishedEntryPaths(db()), listInterviews()]);
  const past = [...interviews.past];
  return [
    ...PUBLIC_PAGES.map((path) => ({ url: `${base}${path}`, changeFrequency: 'daily' as const })),
    ...entries.map((e) => ({ url: `${base}${e.path}`, lastModified: e.updatedAt, changeFrequency: 'monthly' as const })),
    ...[...interviews.live, ...interviews.upcoming, ...past].map((i) => ({ url: `${base}/interviews/${i.slug}`, lastModified: new Date(i.scheduledStart) })),
    ...past.map((i) => ({ url: `${base}/interviews/${i.slug}/transcript`, lastModified: new Date(i.scheduledEnd) })),
  ];
}
