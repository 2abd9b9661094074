/**
 * `npm run db:backup` — a backup of Minsheng's database into one file (docs/RELIABILITY.md, "Backup and restore").
 *
 *   npm run db:backup [-- --out <file>] [--database-url <postgres url>] [--data-dir <folder>]
 *
 * - PostgreSQL (--database-url, else DATABASE_URL): `pg_dump --format=custom` of the whole database, taken in the
 *   snapshot of a REPEATABLE READ transaction that also counts the rows, so the printed figures are the dump's.
 *   Runs while the app is serving.
 * - Embedded PGlite (otherwise; --data-dir, else DATA_DIR, else ./data; the database is in <data dir>/pglite):
 *   PGlite's dumpDataDir(), a gzipped tarball of its data folder. PGlite allows one process per folder, so the app
 *   must be stopped; a folder in use (postmaster.pid present) is refused unless --force (a stale file after a crash).
 *
 * Default file: backups/minsheng-<postgres|pglite>-<UTC time>.<dump|tar.gz>. Prints the file, its size, the number
 * of tables and rows; exits non-zero with a message on any failure. Restore with `npm run db:restore`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { z } from 'zod';

const run = promisify(execFile);

/** Rows per table, in the schemas Minsheng owns (public, drizzle's migration journal). */
export type TableCounts = Record<string, number>;
// Ordinary and partitioned tables; the names come from the catalogue, so quoting them with %I is safe.
const TABLES_SQL = `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and n.nspname in ('public', 'drizzle') order by 1`;

export async function countRows(query: (text: string) => Promise<Array<Record<string, unknown>>>): Promise<TableCounts> {
  const counts: TableCounts = {};
  for (const { name } of await query(TABLES_SQL)) {
    const [row] = await query(`select count(*)::bigint as n from ${name as string}`);
    counts[name as string] = Number(row!.n);
  }
  return counts;
}

export function summary(file: string, counts: TableCounts): string {
  const size = fs.statSync(file).size;
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${file}: ${(size / 1024 / 1024).toFixed(2)} MB, ${Object.keys(counts).length} tables, ${rows} rows`;
}

/** A PostgreSQL client program: PG_BIN, the newest /usr/lib/postgresql/<version>/bin (Debian), or PATH. */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs = [process.env.PG_BIN];
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    dirs.push(...fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(root, v, 'bin')));
  }
  for (const dir of dirs) if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return name; // on PATH, or execFile reports ENOENT
}

/** Fails with a message for people (exit code 1 from main). */
export class CliError extends Error {}

/** postmaster.pid exists while a PGlite (or PostgreSQL) instance has the folder open, and after a crash. */
export function pgliteInUse(folder: string): boolean {
  return fs.existsSync(path.join(folder, 'postmaster.pid'));
}

export async function backupPostgres(databaseUrl: string, out: string): Promise<TableCounts> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'minsheng-backup' } });
  try {
    return await sql.begin('isolation level repeatable read read only', async (tx) => {
      const [{ snapshot }] = await tx<Array<{ snapshot: string }>>`select pg_export_snapshot() as snapshot`;
      const counts = await countRows((text) => tx.unsafe(text) as Promise<Array<Record<string, unknown>>>);
      // pg_dump reads the same snapshot while this transaction stays open: the counts are the dump's.
      await run(pgTool('pg_dump'), ['--format=custom', `--snapshot=${snapshot}`, `--file=${out}`, `--dbname=${databaseUrl}`], { maxBuffer: 16 * 1024 * 1024 })
        .catch((error: NodeJS.ErrnoException & { stderr?: string }) => {
          throw new CliError(error.code === 'ENOENT' ? 'pg_dump 未找到（pg_dump not found: install the PostgreSQL client or set PG_BIN）' : `pg_dump failed: ${error.stderr?.trim() || error.message}`);
        });
      return counts;
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function backupPglite(folder: string, out: string, force: boolean): Promise<TableCounts> {
  if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) throw new CliError(`${folder} 不是 PGlite 数据目录（no PG_VERSION: not a database folder）`);
  if (pgliteInUse(folder) && !force) {
    throw new CliError(`${folder} 正在使用（postmaster.pid）：请先停止应用；若应用已停止（崩溃后残留），加 --force`);
  }
  const pg = new PGlite(folder);
  try {
    const counts = await countRows(async (text) => (await pg.query<Record<string, unknown>>(text)).rows);
    const tarball = await pg.dumpDataDir('gzip');
    fs.writeFileSync(out, Buffer.from(await tarball.arrayBuffer()));
    return counts;
  } finally {
    await pg.close();
  }
}

const args = z.object({
  out: z.string().min(1).optional(),
  'database-url': z.string().regex(/^postgres(ql)?:\/\//, { message: '--database-url 必须是 postgres:// 或 postgresql:// 地址' }).optional(),
  'data-dir': z.string().min(1).optional(),
  force: z.boolean().default(false),
  help: z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'database-url': { type: 'string' }, 'data-dir': { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  const parsed = args.safeParse(values);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join('; '));
  const o = parsed.data;
  if (o.help) {
    console.log('usage: npm run db:backup -- [--out <file>] [--database-url <postgres url>] [--data-dir <folder>] [--force]');
    return;
  }
  const databaseUrl = o['database-url'] ?? (o['data-dir'] ? undefined : process.env.DATABASE_URL || undefined);
  const kind = databaseUrl ? 'postgres' : 'pglite';
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const out = path.resolve(o.out ?? path.join('backups', `minsheng-${kind}-${stamp}.${kind === 'postgres' ? 'dump' : 'tar.gz'}`));
  if (fs.existsSync(out)) throw new CliError(`${out} 已存在，不会覆盖（the backup file exists; choose another --out）`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  try {
    const counts = databaseUrl
      ? await backupPostgres(databaseUrl, out)
      : await backupPglite(path.join(path.resolve(o['data-dir'] ?? process.env.DATA_DIR ?? './data'), 'pglite'), out, o.force);
    console.log(`backup (${kind}) → ${summary(out, counts)}`);
  } catch (error) {
    fs.rmSync(out, { force: true }); // no half-written backup left behind
    throw error;
  }
}

if (process.argv[1] && /db-backup\.ts$/.test(process.argv[1])) {
  main().catch((error) => {
    console.error(`db:backup failed: ${error instanceof CliError ? error.message : error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
