import { handle } from '@/lib/api/endpoint';
import * as system from '@/lib/api/endpoints/system';
import { json } from '@/lib/api/route';
import { checkHealth } from '@/lib/platform/health';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers and monitoring (API.md); 503 when unhealthy. */
export const GET = handle(system.health, async () => {
  const { pingMs, ...health } = await checkHealth();
  return json(health, health.status === 'ok' ? 200 : 503, pingMs === undefined ? undefined : { 'server-timing': `db;dur=${pingMs.toFixed(1)}` });
});
