import path from 'node:path';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema';

export { schema };
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; operations take `Db | Tx` so they can join a caller's transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Applies the migrations in drizzle/ (idempotent; serialised across processes on PostgreSQL). */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');
// An arbitrary constant: the advisory lock that lets only one process migrate at a time.
const MIGRATION_LOCK_ID = 727_274_001;

/** Called as a query is sent; the function it returns is called once with the outcome (lib/observability/metrics). */
export type QueryObserver = () => (ok: boolean) => void;
/**
 * `snapshot`: start an in-memory PGlite from a dump of another one's data folder (PGlite's `dumpDataDir`) instead
 * of an empty cluster — the tests give each file a database this way, migrated and seeded once per run.
 */
export type DatabaseOptions = ({ url: string } | { dataDir: string | null; snapshot?: Blob }) & { observe?: QueryObserver };

/** Connections per process on PostgreSQL (postgres.js `max`). */
export const POOL_MAX = 10;

type Settle = { resolve: (value: unknown) => unknown; reject: (error: unknown) => unknown };

/**
 * Times every query drizzle sends through a postgres.js client: `unsafe` (drizzle's one way in), inside
 * transactions (`begin`) and savepoints too. postgres.js exposes no pool statistics and no completion hook, so the
 * query object's own settle functions are wrapped; queries run lazily when awaited, so nothing runs earlier.
 */
function observePostgres(client: postgres.Sql, observe: QueryObserver): void {
  const wrap = (sql: postgres.Sql | postgres.TransactionSql) => {
    const unsafe = sql.unsafe.bind(sql);
    (sql as { unsafe: unknown }).unsafe = (...args: Parameters<typeof unsafe>) => {
      const query = unsafe(...args) as unknown as Settle;
      const done = observe();
      const { resolve, reject } = query;
      query.resolve = (value) => (done(true), resolve(value));
      query.reject = (error) => (done(false), reject(error));
      return query;
    };
    const savepoint = (sql as postgres.TransactionSql).savepoint;
    if (typeof savepoint === 'function') {
      (sql as { savepoint: unknown }).savepoint = (...args: unknown[]) => {
        const fn = args.at(-1) as (tx: postgres.TransactionSql) => unknown;
        return (savepoint as (...a: unknown[]) => unknown).apply(sql, [...args.slice(0, -1), (tx: postgres.TransactionSql) => (wrap(tx), fn(tx))]);
      };
    }
  };
  wrap(client);
  const begin = client.begin.bind(client) as (...a: unknown[]) => unknown;
  (client as { begin: unknown }).begin = (...args: unknown[]) => {
    const fn = args.at(-1) as (tx: postgres.TransactionSql) => unknown;
    return begin(...args.slice(0, -1), (tx: postgres.TransactionSql) => (wrap(tx), fn(tx)));
  };
}

/** The same for PGlite: its query and transaction functions return plain promises. */
function observePglite(client: PGlite, observe: QueryObserver): void {
  type Queryable = { query: (...a: unknown[]) => Promise<unknown> };
  const wrap = (target: Queryable) => {
    const query = target.query.bind(target);
    target.query = (...args: unknown[]) => {
      const done = observe();
      return query(...args).then((value) => (done(true), value), (error) => (done(false), Promise.reject(error)));
    };
  };
  wrap(client as unknown as Queryable);
  const transaction = client.transaction.bind(client);
  (client as { transaction: unknown }).transaction = (fn: (tx: Queryable) => unknown) =>
    transaction(((tx: Queryable) => (wrap(tx), fn(tx))) as never);
}

export function openDatabase(options: DatabaseOptions): Database {
  if ('url' in options) {
    const client = postgres(options.url, { max: POOL_MAX, onnotice: () => {}, connection: { application_name: 'minsheng' } });
    if (options.observe) observePostgres(client, options.observe);
    const db = drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      async migrate() {
        // A reserved connection (client.reserve()) lacks .options and .begin, which drizzle's driver and migrator
        // need; a one-connection client runs the migration on the same session that holds the advisory lock.
        const conn = postgres(options.url, { max: 1, onnotice: () => {}, connection: { application_name: 'minsheng-migrate' } });
        try {
          await conn`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
          await migratePostgres(drizzlePostgres({ client: conn, casing: 'snake_case' }), {
            migrationsFolder: MIGRATIONS_FOLDER,
          });
        } finally {
          await conn`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.catch(() => {});
          await conn.end({ timeout: 5 });
        }
      },
      async ping() {
        await db.execute(sql`select 1`);
      },
      async close() {
        await client.end({ timeout: 5 });
      },
    };
  }
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  // PGlite allows one process per data folder; null keeps the database in memory (tests).
  const client = options.dataDir
    ? new PGlite(options.dataDir)
    : new PGlite(options.snapshot ? { loadDataDir: options.snapshot } : undefined);
  if (options.observe) observePglite(client, options.observe);
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await client.close();
    },
  };
}

// server.ts and Next's compiled route bundles load this module separately: the one database lives on globalThis.
const holder = globalThis as unknown as { __minshengDatabase?: Database };

export function setDatabase(database: Database | undefined): void {
  holder.__minshengDatabase = database;
}

export function database(): Database {
  if (!holder.__minshengDatabase) {
    throw new Error('Database not initialised: the app must be started through server.ts (or a test setup).');
  }
  return holder.__minshengDatabase;
}

export function db(): Db {
  return database().db;
}

/**
 * A value that belongs to the current database — a process cache of what was read from it. `scoped()` gives the
 * current database's own (created on first use), so what was read from one database is never served from another:
 * the unit tests give each file its own database in one process (vitest.config.mts); the server has one.
 */
export function databaseScoped<T>(create: () => T): () => T {
  const values = new WeakMap<Database, T>();
  return () => {
    const current = database();
    let value = values.get(current);
    if (value === undefined) values.set(current, (value = create()));
    return value;
  };
}

// Connection-level failures of postgres.js (its own codes and Node's socket errors) and PostgreSQL's "shutting
// down / cannot connect now" (57P0x) and connection-exception (08xxx) SQLSTATEs.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006',
]);

/**
 * Whether an error means the database is out of reach (stopped, restarting, network gone) rather than a bug: the
 * request is then answered 503 "try again" instead of 500. Looks through drizzle's wrapping (`cause`) and checks
 * codes only, since the error classes differ between Next's bundles and Node's modules.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  }
  return false;
}

/** The rows of `db.execute(sql…)`: postgres.js returns an array, PGlite `{rows}`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
