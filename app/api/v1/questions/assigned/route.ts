import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { assignedQuestions } from '@/lib/interviews/queries';

export const dynamic = 'force-dynamic';

/** GET (leader) ?status=open|answered&page= → {items, total, page, pageSize, counts, today}: my assigned leftover questions. */
export const GET = handle(interviews.assignedQuestions, async ({ actor, query }) => json(await assignedQuestions(actor, query)));
