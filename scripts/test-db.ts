/**
 * `tsx scripts/test-db.ts create <serverUrl>` prints the URL of a new empty database on that server;
 * `tsx scripts/test-db.ts drop <databaseUrl>` removes it. Used by scripts/test.sh for the browser tests.
 */
import { createThrowawayDatabase, dropThrowawayDatabase } from './throwaway-db';

async function main() {
  const [command, url] = process.argv.slice(2);
  if (command === 'create' && url) console.log(await createThrowawayDatabase(url, 'minsheng_e2e'));
  else if (command === 'drop' && url) await dropThrowawayDatabase(url);
  else {
    console.error('usage: tsx scripts/test-db.ts create <serverUrl> | drop <databaseUrl>');
    process.exit(2);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
