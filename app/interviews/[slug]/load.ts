import { notFound } from 'next/navigation';
import { cache } from 'react';
import { decodedPathSegment } from '@/lib/api/unsafe-text';
import { currentActor } from '@/lib/auth/session';
import { getInterviewState, type InterviewState } from '@/lib/interviews/queries';
import { orNotFound } from '@/app/_components/or-not-found';

/** The interview's snapshot for this request (shared by metadata and page); unknown or draft → the 404 page. */
export const loadInterview = cache(async (slug: string): Promise<InterviewState> => {
  const decoded = decodedPathSegment(slug);
  if (decoded === null) notFound();
  const actor = await currentActor();
  return orNotFound(getInterviewState(actor, decoded));
});
