import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { AppError } from '@/lib/errors';
import { eventsSince } from '@/lib/interviews/queries';

export const dynamic = 'force-dynamic';

/** GET ?sinceSeq=N → {items:[{seq, type, payload, at}], lastSeq}: catch-up without a socket. */
export const GET = handle(interviews.interviewEvents, async ({ actor, params, query }) => {
  const raw = query.sinceSeq ?? '0';
  if (!/^\d{1,10}$/.test(raw)) throw new AppError('invalid_input', 'sinceSeq 须为非负整数', { sinceSeq: 'sinceSeq 须为非负整数' });
  const { items, lastSeq } = await eventsSince(actor, params.id, Number(raw));
  return json({ items, lastSeq });
});
