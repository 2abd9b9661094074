import { json, requestActor, route } from '@/lib/api/route';
import { AppError } from '@/lib/errors';
import { eventsSince } from '@/lib/interviews/queries';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** GET ?sinceSeq=N → {items:[{seq, type, payload, at}], lastSeq}: catch-up without a socket. */
export const GET = route(async (request, { params }: Context) => {
  const raw = new URL(request.url).searchParams.get('sinceSeq') ?? '0';
  const sinceSeq = Number(raw);
  if (!/^\d{1,10}$/.test(raw)) throw new AppError('invalid_input', 'sinceSeq 须为非负整数', { sinceSeq: 'sinceSeq 须为非负整数' });
  const { items, lastSeq } = await eventsSince(await requestActor(), (await params).id, sinceSeq);
  return json({ items, lastSeq });
});
