import { database } from '@/lib/db';
import { json } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers and monitoring (API.md). */
export async function GET() {
  const { kind, ping } = database();
  try {
    await ping();
    return json({ status: 'ok', database: kind });
  } catch {
    return json({ status: 'unhealthy', database: kind, message: '数据库不可用' }, 503);
  }
}
