import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase, POOL_MAX, setDatabase, type Database } from '../db';
import { metrics, observeQuery } from '../observability/metrics';
import { shouldSeedDemo, type Env } from '../env';
import { seedReferenceData } from '../seed/reference';
import { seedDemoData } from '../seed/demo';
import { seedDemoBacklog, seedDemoLetters } from '../seed/demo-letters';
import { seedDemoInterviews } from '../seed/demo-interviews';
import { seedDemoArchive } from '../seed/demo-archive';
import { seedDemoApplications } from '../seed/demo-applications';

/**
 * The session secret. Set NEXTAUTH_SECRET in production; on the embedded database one is generated once and
 * kept in the data folder, so a newcomer needs no configuration and sessions survive a restart.
 */
export function resolveAuthSecret(e: Env): string {
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  const file = path.join(e.DATA_DIR, 'auth-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(e.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Opens the database (PostgreSQL or embedded PGlite), migrates it and seeds reference and demo data. */
export async function bootDatabase(e: Env): Promise<{ database: Database; demoSeeded: boolean }> {
  // Every query is timed for GET /metrics (minsheng_db_query_duration_seconds, …_in_flight).
  const database = e.DATABASE_URL
    ? openDatabase({ url: e.DATABASE_URL, observe: observeQuery })
    : openDatabase({ dataDir: path.join(e.DATA_DIR, 'pglite'), observe: observeQuery });
  metrics().dbPoolMax.set(e.DATABASE_URL ? POOL_MAX : 0);
  setDatabase(database);
  await database.migrate();
  await seedReferenceData(database.db);
  let demoSeeded = false;
  if (shouldSeedDemo(e)) {
    const { created } = await seedDemoData(database.db);
    if (created) {
      await seedDemoLetters(database.db);
      if (e.SEED_DEMO_BACKLOG > 0) await seedDemoBacklog(database.db, e.SEED_DEMO_BACKLOG);
      await seedDemoInterviews(database.db);
      await seedDemoArchive(database.db);
      await seedDemoApplications(database.db);
    }
    demoSeeded = true;
  }
  return { database, demoSeeded };
}
