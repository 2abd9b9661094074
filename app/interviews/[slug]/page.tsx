import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { currentActor } from '@/lib/auth/session';
import { deviceCookieName, verifyDevice } from '@/lib/interviews/device';
import { pollVotesFor } from '@/lib/interviews/polls';
import { AskPrompt } from './AskPrompt';
import { InterviewRoom, type RoomViewer } from './InterviewRoom';
import { loadInterview } from './load';
import { Participation } from './Participation';
import '../interviews.css';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const interview = await loadInterview((await params).slug);
  return { title: interview.title };
}

/**
 * One interview: the server reads a consistent snapshot (with its `seq`); the client component keeps it current
 * from the event log over Socket.IO (lib/interviews/reducer.ts).
 */
export default async function InterviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const [interview, actor] = await Promise.all([loadInterview(slug), currentActor()]);
  const role = actor.user?.role ?? null;
  const viewer: RoomViewer = {
    role,
    // Staff pages of this interview, for moderators and the interview's guests.
    workspaceHref:
      role === 'moderator' || role === 'admin' ? `/workspace/moderator/interviews/${interview.id}`
      : role === 'leader' && interview.viewer.isGuest ? `/workspace/leader/interviews/${interview.id}`
      : null,
    // Live polls: this viewer's ballots (an account's, or this device's by its signed cookie).
    pollVotes: interview.polls?.length ? await pollVotesFor(actor, verifyDevice((await cookies()).get(deviceCookieName())?.value), interview.id) : {},
  };
  return <InterviewRoom key={interview.id} initial={interview} viewer={viewer} participation={<Participation interview={interview} actor={actor} />}
    askPrompt={<AskPrompt viewer={viewer} slug={interview.slug} />} />;
}
