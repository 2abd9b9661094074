import { json, readJson, requestActor, route } from '@/lib/api/route';
import { updateInterview } from '@/lib/interviews/operations';
import { getInterviewState } from '@/lib/interviews/queries';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** GET → the interview at its current seq (guests, questions, answers, remarks); drafts for staff only. */
export const GET = route(async (_request, { params }: Context) => json(await getInterviewState(await requestActor(), (await params).id)));

/**
 * PATCH (moderator) {version, title?, summary?, guestIds?, guestTitles?, hostId?, departmentId?, coverImageUrl?,
 * scheduledStart?, scheduledEnd?, questionQuota?} → {id, version, changed, seq}: drafts and announced interviews only.
 */
export const PATCH = route(async (request, { params }: Context) =>
  json(await updateInterview(await requestActor(), (await params).id, await readJson(request, 32 * 1024))));
