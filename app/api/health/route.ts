import { json } from '@/lib/api/route';
import { checkHealth } from '@/lib/platform/health';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers and monitoring (API.md); 503 when unhealthy. */
export async function GET() {
  const health = await checkHealth();
  return json(health, health.status === 'ok' ? 200 : 503);
}
