import { database, type DatabaseKind } from '../db';
import { reportDatabaseAvailable, reportDatabaseUnavailable } from './outage';

export interface Health {
  status: 'ok' | 'unhealthy';
  database: DatabaseKind;
  message?: string;
  /** How long the database ping took (ms), sent as Server-Timing: a slow check shows whether it waited for the database. */
  pingMs?: number;
}

/**
 * A ping that does not answer within this time counts as unhealthy: a load balancer's health probe must get an
 * answer even when the database hangs (a partition, a server stopped without closing its connections).
 */
export const HEALTH_TIMEOUT_MS = 3000;

/** The check behind GET /api/health (and the fault tests): can this process reach its database right now? */
export async function checkHealth(timeoutMs = HEALTH_TIMEOUT_MS): Promise<Health> {
  const { kind, ping } = database();
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  try {
    await Promise.race([
      ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('database ping timed out')), timeoutMs);
      }),
    ]);
    reportDatabaseAvailable();
    return { status: 'ok', database: kind, pingMs: performance.now() - started };
  } catch {
    reportDatabaseUnavailable(); // pages answer 503 until a ping succeeds (lib/platform/outage.ts)
    return { status: 'unhealthy', database: kind, message: '数据库不可用' };
  } finally {
    clearTimeout(timer);
  }
}
