import fs from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase, setDatabase, type Database } from '@/lib/db';
import { seedReferenceData } from '@/lib/seed/reference';
import { seedDemoData } from '@/lib/seed/demo';
import { useRegulationReplyLimit } from '../support/regulation-limits';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';

/**
 * One fresh database per test file, migrated and seeded with reference and demo data.
 *
 * Default: in-memory PGlite. With TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) the
 * setup connects to that server's maintenance database, creates minsheng_test_<random> (a copy of the run's
 * template), runs the file against it and drops it afterwards.
 */

// lib/auth/token.ts signs and reads session cookies with this; lib/env caches what it parsed on globalThis.
process.env.NEXTAUTH_SECRET = 'minsheng-test-secret-0123456789-abcdefghij';
(globalThis as { __minshengEnv?: unknown }).__minshengEnv = undefined;

import { TEST_REFERENCE_DATE } from '../support/reference-date';

let database: Database | undefined;
let throwawayUrl: string | undefined;

beforeAll(async () => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    // A copy of the run's migrated and seeded template (test/setup/snapshot.ts), when the run made one.
    const template = inject('postgresTemplate');
    throwawayUrl = await createThrowawayDatabase(serverUrl, 'minsheng_test', template);
    database = openDatabase({ url: throwawayUrl });
    if (template) {
      setDatabase(database);
      await database.migrate(); // a no-op: the template was made from the same migrations
      return;
    }
  } else {
    // The run's migrated and seeded snapshot (test/setup/snapshot.ts), when the run made one.
    const snapshot = inject('pgliteSnapshot');
    if (snapshot) {
      database = openDatabase({ dataDir: null, snapshot: new Blob([fs.readFileSync(snapshot)]) });
      setDatabase(database);
      await database.migrate(); // a no-op: the snapshot was made from the same migrations
      return;
    }
    database = openDatabase({ dataDir: null });
  }
  setDatabase(database);
  await database.migrate();
  // At a fixed date, not the wall clock: every file gets the 2026 (announced) and 2027 (provisional) calendars,
  // which the tests' dates are chosen in, whatever year the machine's clock says (test/calendar.test.ts tests the
  // seeding at "now" itself, and .ci/run runs the suite under a clock set into the next year).
  await seedReferenceData(database.db, TEST_REFERENCE_DATE);
  await seedDemoData(database.db);
  await useRegulationReplyLimit(database.db);
});

afterAll(async () => {
  setDatabase(undefined);
  try {
    await database?.close();
  } finally {
    database = undefined;
    if (throwawayUrl) await dropThrowawayDatabase(throwawayUrl);
    throwawayUrl = undefined;
  }
});
