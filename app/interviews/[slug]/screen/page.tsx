import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { InterviewScreen } from './InterviewScreen';
import { loadInterview } from '../load';
import '../../interviews.css';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const interview = await loadInterview((await params).slug);
  const t = await getTranslations('interviews.screen');
  return { title: t('title', { title: interview.title }) };
}

/**
 * 大屏模式 (/interviews/{slug}/screen): the live page's snapshot, projected. Who may open it is who may open the live
 * page (a draft is its staff's only); it has no forms.
 */
export default async function InterviewScreenPage({ params }: { params: Promise<{ slug: string }> }) {
  const interview = await loadInterview((await params).slug);
  return <InterviewScreen key={interview.id} initial={interview} />;
}
