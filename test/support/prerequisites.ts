/**
 * "This test needs X": the one way a test asks for something outside the repository (a Redis server, PostgreSQL's
 * server binaries, redis-server). Locally a missing prerequisite skips the test with the reason printed; in CI
 * (`CI` set, as .ci/run does) it throws, so the file fails and the run with it — CI provides every prerequisite, so
 * a missing one there is a broken CI, not a reason to report green.
 *
 * A database *mode* is not a prerequisite: a PostgreSQL-only test skipped in the PGlite pass (no
 * TEST_DATABASE_URL) runs in the PostgreSQL pass; use `it.runIf(databaseKind === 'postgres')` for that.
 */
import fs from 'node:fs';
import net from 'node:net';

/** A reason the prerequisite is missing, or undefined when it is there. */
export type Check = string | undefined | Promise<string | undefined>;

export class PrerequisiteMissing extends Error {}

/** Whether CI is set (any value but empty, 0 or false). */
export function inCi(env: { CI?: string } = { CI: process.env.CI }): boolean {
  return Boolean(env.CI) && !/^(0|false)$/i.test(env.CI!);
}

/**
 * Resolves true when every check passes. When one fails: in CI throws PrerequisiteMissing naming the test and the
 * reason; elsewhere prints `[prerequisite] <test> skipped: <reason>` and resolves false (pass it to runIf).
 */
export async function requires(test: string, ...checks: Check[]): Promise<boolean> {
  const reasons = (await Promise.all(checks)).filter((r): r is string => Boolean(r));
  if (reasons.length === 0) return true;
  const reason = reasons.join('; ');
  if (inCi()) throw new PrerequisiteMissing(`[prerequisite] ${test} cannot run in CI: ${reason}. CI must provide it; a skip here would pass silently.`);
  console.warn(`[prerequisite] ${test} skipped: ${reason}`);
  return false;
}

/** An environment variable that must be set. */
export function envSet(name: string): string | undefined {
  return process.env[name] ? undefined : `${name} is not set`;
}

/** A Redis server that answers PING at the URL in the environment variable `name` (within 3 s). */
export async function redisAnswers(name: string): Promise<string | undefined> {
  const url = process.env[name];
  if (!url) return `${name} is not set`;
  let host: string;
  let port: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname || '127.0.0.1';
    port = Number(parsed.port || 6379);
  } catch {
    return `${name} is not a URL (${url})`;
  }
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    let reply = '';
    const done = (reason: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done(`nothing answers PING at ${name}=${url} within 3 s`), 3_000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      // +PONG, or -NOAUTH… from a server with a password (the URL carries it; the server is there).
      if (reply.includes('\r\n')) done(/^[+-]/.test(reply) ? undefined : `${name}=${url} does not speak Redis (${JSON.stringify(reply.slice(0, 40))})`);
    });
    socket.once('error', (error) => done(`cannot reach Redis at ${name}=${url} (${(error as NodeJS.ErrnoException).code ?? error.message})`));
  });
}

/** A program on the PATH (e.g. pdftotext from Debian's poppler-utils). */
export function commandFound(name: string, hint: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(':').filter(Boolean);
  return dirs.some((d) => { try { fs.accessSync(`${d}/${name}`, fs.constants.X_OK); return true; } catch { return false; } })
    ? undefined : `${name} not found (${hint})`;
}
