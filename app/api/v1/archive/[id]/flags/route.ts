import { handle } from '@/lib/api/endpoint';
import * as archive from '@/lib/api/endpoints/archive';
import { json } from '@/lib/api/route';
import { reportEntry } from '@/lib/archive/flags';

/** POST (signed in) {reason} → 201 {id, status: "open", duplicate}; a second report of the same entry returns the open one. */
export const POST = handle(archive.reportArchiveEntry, async ({ actor, params, body }) => {
  const result = await reportEntry(actor, params.id, body);
  return json(result, result.duplicate ? 200 : 201);
});
