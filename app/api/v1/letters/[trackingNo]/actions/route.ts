import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { json } from '@/lib/api/route';
import { actOnLetter } from '@/lib/letters/operations';
import { getLetter } from '@/lib/letters/queries';

/** POST {action, …} → 200 with the letter as the actor now sees it (API.md "Letters"). */
export const POST = handle(letters.actOnLetter, async ({ actor, params, body }) => {
  await actOnLetter(actor, params.trackingNo, body);
  return json(await getLetter(actor, params.trackingNo));
});
