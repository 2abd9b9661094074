import type { Metadata } from 'next';
import { getDisclosurePage } from '@/lib/disclosure/pages';
import { DisclosureText } from '../DisclosureText';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDisclosurePage('guide')).title };
}

export default function GuidePage() {
  return <DisclosureText pageKey="guide" />;
}
