import { cache } from 'react';
import { notFound } from 'next/navigation';
import { currentActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getInterviewState, type InterviewState } from '@/lib/interviews/queries';

/** The interview's snapshot for this request (shared by metadata and page); unknown or draft → the 404 page. */
export const loadInterview = cache(async (slug: string): Promise<InterviewState> => {
  const actor = await currentActor();
  try {
    return await getInterviewState(actor, decodeURIComponent(slug));
  } catch (error) {
    if (error instanceof AppError && (error.status === 404 || error.status === 422)) notFound();
    throw error;
  }
});
