import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { database, openDatabase, setDatabase, type Database } from '@/lib/db';
import { seedReferenceData } from '@/lib/seed/reference';
import { seedDemoData } from '@/lib/seed/demo';
import { seedDemoLetters } from '@/lib/seed/demo-letters';
import { seedDemoInterviews } from '@/lib/seed/demo-interviews';
import { seedDemoArchive } from '@/lib/seed/demo-archive';
import { seedDemoApplications } from '@/lib/seed/demo-applications';
import { submitLetter } from '@/lib/letters/operations';
import { actOnInterview, createInterview } from '@/lib/interviews/operations';
import { askQuestion } from '@/lib/interviews/ask';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { actorFor, userByEmail } from './support/users';

/**
 * `npm run db:backup` and `npm run db:restore` (scripts/db-backup.ts, scripts/db-restore.ts), run as the commands
 * they are: a database with the demo bureau, demo letters, interviews and archive plus letters and an interview
 * made through the operations is backed up, restored into a fresh database, and compared table by table — row
 * counts and an md5 of every table's rows. PGlite always; PostgreSQL with TEST_DATABASE_URL (pg_dump/pg_restore).
 */
const ROOT = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-backup-'));
const serverUrl = process.env.TEST_DATABASE_URL;
const dropLater: string[] = [];

afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const url of dropLater) await dropThrowawayDatabase(url);
});

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(script: 'db-backup' | 'db-restore', ...args: string[]): Promise<Cli> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'DATA_DIR'].includes(k))) as NodeJS.ProcessEnv;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

type Query = (text: string) => Promise<Array<Record<string, unknown>>>;
const queryOf = (d: Database): Query => async (text) => {
  const client = (d.db as unknown as { $client: unknown }).$client;
  if (d.kind === 'pglite') return (await (client as PGlite).query<Record<string, unknown>>(text)).rows;
  return (await (client as { unsafe(q: string): Promise<unknown> }).unsafe(text)) as Array<Record<string, unknown>>;
};

/** Every table of the public and drizzle schemas: its row count and an md5 over its rows in a fixed order. */
async function fingerprint(query: Query): Promise<Record<string, { rows: number; md5: string }>> {
  const tables = await query(`select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname in ('public', 'drizzle') order by 1`);
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { name } of tables) {
    const [row] = await query(`select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5 from ${name as string} t`);
    out[name as string] = { rows: Number(row!.rows), md5: String(row!.md5) };
  }
  return out;
}

/** Demo data plus letters and a live interview with questions, made through the operations. */
async function seed(d: Database): Promise<void> {
  const previous = database();
  setDatabase(d); // the operations (which the demo seeds use too) work on the process's database
  try {
    await d.migrate();
    await seedReferenceData(d.db);
    await seedDemoData(d.db);
    await seedDemoLetters(d.db);
    await seedDemoInterviews(d.db);
    await seedDemoArchive(d.db);
    await seedDemoApplications(d.db);
    const citizen = await actorFor('citizen@example.com');
    for (let i = 1; i <= 3; i++) {
      await submitLetter(citizen, { kind: 'suggestion', title: `备份测试来信 ${i}`, body: `第 ${i} 封来信：备份之后恢复，内容应当一字不差。`, consentToPublish: i % 2 === 0 }, { idempotencyKey: `backup-test-${i}` });
    }
    const moderator = await actorFor('moderator@example.com');
    const leader = await userByEmail('leader@example.com');
    const { id } = await createInterview(moderator, {
      title: '备份恢复测试访谈', summary: '备份之前创建的访谈，恢复后应当完整。', guestIds: [leader.publicId],
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    await actOnInterview(moderator, id, { action: 'announce' });
    await actOnInterview(moderator, id, { action: 'go_live' });
    for (let i = 1; i <= 3; i++) await askQuestion(citizen, id, { body: `备份测试的第 ${i} 个问题？`, clientId: `backup-question-${i}` });
  } finally {
    setDatabase(previous);
  }
}

/** Runs db:backup, which must succeed and report the source's table and row counts. */
async function backupCounting(before: Record<string, { rows: number; md5: string }>, ...args: string[]): Promise<{ tables: number; rows: number }> {
  const backup = await cli('db-backup', ...args);
  expect(backup.stderr).toBe('');
  expect(backup.code).toBe(0);
  const tables = Object.keys(before).length;
  const rows = Object.values(before).reduce((a, b) => a + b.rows, 0);
  expect(backup.stdout).toContain(`${tables} tables, ${rows} rows`);
  console.info(backup.stdout.trim());
  return { tables, rows };
}

/** A restore into a target that holds data is refused (naming --force), and done with --force. */
async function restoreRefusedThenForced(file: string, ...target: string[]): Promise<Cli> {
  const again = await cli('db-restore', file, ...target);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('--force');
  const forced = await cli('db-restore', file, ...target, '--force');
  expect(forced.code).toBe(0);
  return forced;
}

function expectSameData(restored: Record<string, { rows: number; md5: string }>, source: Record<string, { rows: number; md5: string }>): void {
  expect(Object.keys(restored)).toEqual(Object.keys(source));
  expect(restored).toEqual(source);
  // The comparison is not vacuous: the interesting tables have rows.
  for (const table of ['public.users', 'public.letters', 'public.interviews', 'public.questions', 'public.interview_events', 'public.archive_entries', 'public.audit_log', 'drizzle.__drizzle_migrations']) {
    expect(source[table]?.rows, table).toBeGreaterThan(0);
  }
}

describe('backup and restore', () => {
  it('PGlite: the data folder is backed up to a tarball and restored into a fresh folder, identical', async () => {
    const dataDir = path.join(tmp, 'pglite-source');
    const source = openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    let before: Awaited<ReturnType<typeof fingerprint>>;
    try {
      await seed(source);
      before = await fingerprint(queryOf(source));
      // While the database is open (the app running) the backup refuses: PGlite allows one process per folder.
      const busy = await cli('db-backup', '--data-dir', dataDir, '--out', path.join(tmp, 'busy.tar.gz'));
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain('正在使用');
      expect(fs.existsSync(path.join(tmp, 'busy.tar.gz'))).toBe(false);
    } finally {
      await source.close();
    }

    const file = path.join(tmp, 'minsheng.tar.gz');
    const { tables, rows } = await backupCounting(before, '--data-dir', dataDir, '--out', file);

    const target = path.join(tmp, 'pglite-restored');
    const restore = await cli('db-restore', file, '--data-dir', target);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`${tables} tables, ${rows} rows`);
    const restored = openDatabase({ dataDir: path.join(target, 'pglite') });
    try {
      await restored.migrate(); // the migration journal came along: nothing to apply
      expectSameData(await fingerprint(queryOf(restored)), before);
    } finally {
      await restored.close();
    }

    // A second restore into the same folder is refused, unless --force.
    await restoreRefusedThenForced(file, '--data-dir', target);
    // Bad input: a file that is not a backup, a missing file, an unknown option — a message and exit code 1.
    fs.writeFileSync(path.join(tmp, 'not-a-backup.txt'), 'hello');
    for (const bad of [[path.join(tmp, 'not-a-backup.txt')], [path.join(tmp, 'missing.dump')], [file, '--bogus']]) {
      const r = await cli('db-restore', ...bad);
      expect(r.code, bad.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^db:restore failed: /);
    }
  }, 300_000); // seeding and seven command runs (each starts tsx) on a loaded 2-core machine

  it.runIf(Boolean(serverUrl))('PostgreSQL: pg_dump (custom format) and pg_restore into a new database, identical; a non-empty one is refused', async () => {
    const sourceUrl = await createThrowawayDatabase(serverUrl!);
    dropLater.push(sourceUrl);
    const source = openDatabase({ url: sourceUrl });
    let before: Awaited<ReturnType<typeof fingerprint>>;
    try {
      await seed(source);
      before = await fingerprint(queryOf(source));
    } finally {
      await source.close();
    }
    const file = path.join(tmp, 'minsheng.dump');
    const { tables, rows } = await backupCounting(before, '--database-url', sourceUrl, '--out', file);

    // A database that does not exist yet: the restore creates it.
    const targetUrl = `${sourceUrl}_r`;
    dropLater.push(targetUrl);
    const restore = await cli('db-restore', file, '--database-url', targetUrl);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`${tables} tables, ${rows} rows`);
    const restored = openDatabase({ url: targetUrl });
    try {
      await restored.migrate();
      expectSameData(await fingerprint(queryOf(restored)), before);
      // The append-only trigger of audit_log came along too.
      await expect(queryOf(restored)('delete from audit_log')).rejects.toThrow();
    } finally {
      await restored.close();
    }

    const forced = await restoreRefusedThenForced(file, '--database-url', targetUrl);
    expect(forced.stdout).toContain(`${tables} tables, ${rows} rows`);
  }, 120_000);
});
