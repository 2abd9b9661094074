import { handle } from '@/lib/api/endpoint';
import * as admin from '@/lib/api/endpoints/admin';
import { json } from '@/lib/api/route';
import { createToken, listTokens } from '@/lib/tokens';

export const dynamic = 'force-dynamic';

/** GET ?page= → {items, total, page, pageSize} (admin, session only; secrets never listed). */
export const GET = handle(admin.listTokens, async ({ actor, query }) => json(await listTokens(actor, query)));

/** POST {name, scopes, expiresAt?, actAs?} → 201 {id, token, expiresAt, actAs}; the token is shown this once (session only). */
export const POST = handle(admin.createToken, async ({ actor, body }) => json(await createToken(actor, body), 201));
