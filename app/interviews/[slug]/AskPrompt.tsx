import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { RoomViewer } from './InterviewRoom';
import { signInHref } from '@/lib/auth/redirect';

/**
 * The ask section's words for those who do not ask on this page (InterviewRoom shows it while questions are open):
 * a visitor is sent to sign in, staff to their console. Rendered here rather than in the room: most of a live page's
 * crowd are visitors, and this is all they need of the ask section (page weight, issue 15 item 6).
 */
export async function AskPrompt({ viewer, slug }: { viewer: RoomViewer; slug: string }) {
  const t = await getTranslations('interviews');
  if (viewer.role === null) {
    return (
      <p>
        <Link className="button" href={signInHref(`/interviews/${slug}`)}>{t('ask.signInLink')}</Link>{' '}
        <span className="hint iv-inline">{t('ask.signInHint')} <Link href="/register">{t('ask.register')}</Link></span>
      </p>
    );
  }
  if (viewer.workspaceHref) return <p className="notice">{t('room.staffNote')} <Link href={viewer.workspaceHref}>{t('room.staffLink')}</Link></p>;
  return null;
}
