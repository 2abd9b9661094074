import { json, requestActor, route } from '@/lib/api/route';
import { getInterviewState } from '@/lib/interviews/queries';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** GET → the interview at its current seq (guests, questions, answers, remarks); drafts for staff only. */
export const GET = route(async (_request, { params }: Context) => json(await getInterviewState(await requestActor(), (await params).id)));
