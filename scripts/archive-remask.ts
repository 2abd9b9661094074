/**
 * `npm run archive:remask` — masks every archive entry's public texts again with the current masking rules
 * (lib/archive/curation.ts remaskArchive; docs/RELIABILITY.md, "Masking of personal data"). Run it after a masking
 * rule was added, so entries saved before it no longer show what it finds. Safe to repeat.
 *
 *   npm run archive:remask [-- --database-url <postgres url>] [--data-dir <folder>]
 *
 * PostgreSQL (--database-url, else DATABASE_URL) runs while the app serves; PGlite (--data-dir, else DATA_DIR, else
 * ./data) needs the app stopped (one process per folder). Prints how many entries were checked and changed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, setDatabase } from '../lib/db';
import { remaskArchive } from '../lib/archive/curation';

async function main() {
  const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, 'data-dir': { type: 'string' } } });
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  const database = url ? openDatabase({ url }) : openDatabase({ dataDir: path.join(values['data-dir'] ?? process.env.DATA_DIR ?? './data', 'pglite') });
  setDatabase(database);
  try {
    await database.migrate();
    const started = performance.now();
    const { checked, changed } = await remaskArchive();
    console.log(`archive:remask: ${checked} entries checked, ${changed} masked again (${Math.round(performance.now() - started)} ms)`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`archive:remask failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
