import { handle } from '@/lib/api/endpoint';
import * as open311 from '@/lib/api/endpoints/open311';
import { json } from '@/lib/api/route';
import { assertOpen311Format, listOpen311Services } from '@/lib/letters/open311';

/** GET → [{service_code, service_name, …}]: the letter kinds 咨询, 投诉, 建议. */
export const GET = handle(open311.services, async ({ query }) => {
  assertOpen311Format(query.format);
  return json(listOpen311Services());
});
