import { open311Route } from '@/lib/api/open311';
import { assertOpen311Format } from '@/lib/letters/open311';
import { notFound } from '@/lib/errors';

type Context = { params: Promise<{ document: string }> };

/**
 * discovery.xml, services.xml, requests.xml … → 400 (JSON only) instead of an HTML 404 page; anything else under
 * /open311/v2 → 404 in Open311's shape. The .json documents are static folders beside this one and win.
 */
async function answer(_request: Request, { params }: Context): Promise<Response> {
  const { document } = await params;
  const match = /^(discovery|services|requests)\.([A-Za-z0-9]+)$/.exec(document);
  if (match) assertOpen311Format(match[2]);
  throw notFound('没有这个 Open311 接口');
}

export const GET = open311Route(answer);
export const POST = open311Route(answer);
