import { handle } from '@/lib/api/endpoint';
import * as open311 from '@/lib/api/endpoints/open311';
import { assertOpen311Format } from '@/lib/letters/open311';
import { notFound } from '@/lib/errors';

/**
 * discovery.xml, services.xml, requests.xml … → 400 (JSON only) instead of an HTML 404 page; anything else under
 * /open311/v2 → 404 in Open311's shape. The .json documents are static folders beside this one and win.
 */
function answer(document: string): never {
  const match = /^(discovery|services|requests)\.([A-Za-z0-9]+)$/.exec(document);
  if (match) assertOpen311Format(match[2]);
  throw notFound('没有这个 Open311 接口');
}

export const GET = handle(open311.otherFormatGet, async ({ params }) => answer(params.document));
export const POST = handle(open311.otherFormatPost, async ({ params }) => answer(params.document));
