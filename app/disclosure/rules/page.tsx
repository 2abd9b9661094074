import type { Metadata } from 'next';
import { getDisclosurePage } from '@/lib/disclosure/pages';
import { DisclosureText } from '../DisclosureText';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDisclosurePage('rules')).title };
}

export default function RulesPage() {
  return <DisclosureText pageKey="rules" />;
}
