import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { json } from '@/lib/api/route';
import { AppError } from '@/lib/errors';
import { getLetter } from '@/lib/letters/queries';

export const dynamic = 'force-dynamic';

/** GET → the letter for its writer and the staff who may work it; else 404. Look-ups by query code: POST …/lookup. */
export const GET = handle(letters.readLetter, async ({ actor, params, query }) => {
  // A query code in a URL ends up in history, logs and Referer headers: refused, whoever asks, so no client relies on it.
  if ('code' in query) {
    throw new AppError('bad_request', '查询码不能放在网址中，请用 POST /api/v1/letters/lookup 提交 {"trackingNo", "code"}');
  }
  return json(await getLetter(actor, params.trackingNo));
});
