import { handle } from '@/lib/api/endpoint';
import * as admin from '@/lib/api/endpoints/admin';
import { json } from '@/lib/api/route';
import { revokeToken } from '@/lib/tokens';

export const dynamic = 'force-dynamic';

/** DELETE → 200 {id, revokedAt} (admin, session only); the token's next request is a 401. */
export const DELETE = handle(admin.revokeToken, async ({ actor, params }) => json(await revokeToken(actor, params.id)));
