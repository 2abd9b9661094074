import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '@/lib/db';
import { seedReferenceData } from '@/lib/seed/reference';
import { seedDemoData } from '@/lib/seed/demo';
import { useRegulationReplyLimit } from '../support/regulation-limits';
import { TEST_REFERENCE_DATE } from '../support/reference-date';
import { createThrowawayDatabase, databaseName, dropThrowawayDatabase } from '@/scripts/throwaway-db';

/**
 * Global setup. PostgreSQL runs (TEST_DATABASE_URL): migrates and seeds one template database, from which every test
 * file's database is copied (`CREATE DATABASE … TEMPLATE`, test/setup/database.ts) instead of migrating and seeding
 * its own.
 *
 * PGlite runs: migrates and seeds one in-memory PGlite, dumps its data folder to a file, and
 * hands the file's path to the test files (`inject('pgliteSnapshot')`), which each start their own database from
 * it (test/setup/database.ts). Loading the dump takes ~0.6 s where migrating a fresh cluster takes ~4 s: a minute
 * and a half per run of the suite on two cores. Every file still gets a database of its own.
 */
async function migrateAndSeed(database: ReturnType<typeof openDatabase>) {
  await database.migrate();
  await seedReferenceData(database.db, TEST_REFERENCE_DATE);
  await seedDemoData(database.db);
  await useRegulationReplyLimit(database.db);
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const templateUrl = await createThrowawayDatabase(serverUrl, 'minsheng_template');
    const template = openDatabase({ url: templateUrl });
    try {
      await migrateAndSeed(template);
    } finally {
      await template.close(); // a template must have no connections while it is copied
    }
    project.provide('postgresTemplate', databaseName(templateUrl));
    return () => dropThrowawayDatabase(templateUrl);
  }
  const database = openDatabase({ dataDir: null });
  await migrateAndSeed(database);
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir('none');
  await database.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-snapshot-'));
  const file = path.join(dir, 'pgdata.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot?: string;
    postgresTemplate?: string;
  }
}
