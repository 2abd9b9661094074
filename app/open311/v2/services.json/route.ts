import { json } from '@/lib/api/route';
import { open311Route } from '@/lib/api/open311';
import { assertOpen311Format, listOpen311Services } from '@/lib/letters/open311';

/** GET → [{service_code, service_name, …}]: the letter kinds 咨询, 投诉, 建议. */
export const GET = open311Route(async (request) => {
  assertOpen311Format(new URL(request.url).searchParams.get('format'));
  return json(listOpen311Services());
});
