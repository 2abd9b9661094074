import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { updateInterview } from '@/lib/interviews/operations';
import { getInterviewState } from '@/lib/interviews/queries';

export const dynamic = 'force-dynamic';

/** GET → the interview at its current seq (guests, questions, answers, remarks); drafts for staff only. */
export const GET = handle(interviews.readInterview, async ({ actor, params }) => json(await getInterviewState(actor, params.id)));

/**
 * PATCH (moderator) {version, title?, summary?, guestIds?, guestTitles?, hostId?, departmentId?, coverImageUrl?,
 * scheduledStart?, scheduledEnd?, questionQuota?} → {id, version, changed, seq}: drafts and announced interviews only.
 */
export const PATCH = handle(interviews.updateInterview, async ({ actor, params, body }) => json(await updateInterview(actor, params.id, body)));
