/**
 * `npm run db:restore` — restores a file made by `npm run db:backup` (docs/RELIABILITY.md, "Backup and restore").
 *
 *   npm run db:restore -- <backup file> [--database-url <postgres url>] [--data-dir <folder>] [--force]
 *
 * The file says what it is (a pg_dump custom archive starts with "PGDMP", a PGlite tarball is gzip):
 * - PostgreSQL dump → the database named in --database-url (else DATABASE_URL). A missing database is created; an
 *   existing one must be empty — one with tables is refused unless --force, which drops and re-creates it. Then
 *   `pg_restore --no-owner --no-privileges --single-transaction --exit-on-error`: all or nothing.
 * - PGlite tarball → <data dir>/pglite (--data-dir, else DATA_DIR, else ./data), which must not exist or be empty;
 *   --force deletes what is there first. Stop the app first.
 * Prints the tables and rows restored; exits non-zero with a message on any failure.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { z } from 'zod';
import { CliError, countRows, pgTool, pgliteInUse, summary, type TableCounts } from './db-backup';

const run = promisify(execFile);

export type BackupKind = 'postgres' | 'pglite';

export function backupKind(file: string): BackupKind {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    fs.readSync(fd, head, 0, 5, 0);
    if (head.toString('latin1') === 'PGDMP') return 'postgres';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  } finally {
    fs.closeSync(fd);
  }
  throw new CliError(`${file} 不是 db:backup 生成的备份文件（neither a pg_dump custom archive nor a PGlite tarball）`);
}

export async function restorePostgres(file: string, databaseUrl: string, force: boolean): Promise<TableCounts> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]{1,63}$/.test(name)) throw new CliError(`数据库名 "${name}" 无效（letters, digits and _ only）`);
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists) {
      const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      let objects: number;
      try {
        [{ objects }] = await db<Array<{ objects: number }>>`select count(*)::int as objects from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and c.relkind in ('r', 'p', 'S', 'v', 'm')`;
      } finally {
        await db.end({ timeout: 5 });
      }
      if (objects > 0 && !force) {
        throw new CliError(`数据库 ${name} 不是空的（${objects} 个表/序列），不会覆盖；确认要替换它，请加 --force`);
      }
      if (objects > 0) {
        await admin.unsafe(`drop database "${name}" with (force)`);
        await admin.unsafe(`create database "${name}"`);
      }
    } else {
      await admin.unsafe(`create database "${name}"`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  await run(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${databaseUrl}`, file], { maxBuffer: 16 * 1024 * 1024 })
    .catch((error: NodeJS.ErrnoException & { stderr?: string }) => {
      throw new CliError(error.code === 'ENOENT' ? 'pg_restore 未找到（pg_restore not found: install the PostgreSQL client or set PG_BIN）' : `pg_restore failed: ${error.stderr?.trim() || error.message}`);
    });
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await countRows((text) => sql.unsafe(text) as Promise<Array<Record<string, unknown>>>);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function restorePglite(file: string, folder: string, force: boolean): Promise<TableCounts> {
  if (fs.existsSync(folder) && fs.readdirSync(folder).length > 0) {
    if (!force) throw new CliError(`${folder} 不是空的，不会覆盖；确认要替换其中的数据库，请加 --force（先停止应用）`);
    if (pgliteInUse(folder)) console.warn(`${folder} has a postmaster.pid: make sure the app is stopped`);
    fs.rmSync(folder, { recursive: true, force: true });
  }
  fs.mkdirSync(folder, { recursive: true });
  const pg = new PGlite(folder, { loadDataDir: new Blob([fs.readFileSync(file)]) });
  try {
    return await countRows(async (text) => (await pg.query<Record<string, unknown>>(text)).rows);
  } finally {
    await pg.close();
  }
}

const args = z.object({
  file: z.string({ message: '请给出备份文件（usage: npm run db:restore -- <backup file> …）' }).min(1),
  'database-url': z.string().regex(/^postgres(ql)?:\/\//, { message: '--database-url 必须是 postgres:// 或 postgresql:// 地址' }).optional(),
  'data-dir': z.string().min(1).optional(),
  force: z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { 'database-url': { type: 'string' }, 'data-dir': { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log('usage: npm run db:restore -- <backup file> [--database-url <postgres url>] [--data-dir <folder>] [--force]');
    return;
  }
  if (positionals.length > 1) throw new CliError('只能给出一个备份文件（one backup file only）');
  const parsed = args.safeParse({ ...values, file: positionals[0] });
  if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join('; '));
  const o = parsed.data;
  const file = path.resolve(o.file);
  if (!fs.existsSync(file)) throw new CliError(`${file} 不存在（no such file）`);
  const kind = backupKind(file);
  let counts: TableCounts;
  let target: string;
  if (kind === 'postgres') {
    const databaseUrl = o['database-url'] ?? process.env.DATABASE_URL;
    if (!databaseUrl) throw new CliError('这是 PostgreSQL 备份：请用 --database-url（或 DATABASE_URL）指定要恢复到的数据库');
    counts = await restorePostgres(file, databaseUrl, o.force);
    target = new URL(databaseUrl).pathname.slice(1);
  } else {
    if (o['database-url']) throw new CliError('这是 PGlite（内嵌数据库）备份，只能恢复到数据目录（--data-dir），不能恢复到 PostgreSQL');
    target = path.join(path.resolve(o['data-dir'] ?? process.env.DATA_DIR ?? './data'), 'pglite');
    counts = await restorePglite(file, target, o.force);
  }
  console.log(`restored (${kind}) into ${target} from ${summary(file, counts)}`);
}

if (process.argv[1] && /db-restore\.ts$/.test(process.argv[1])) {
  main().catch((error) => {
    console.error(`db:restore failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
