import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '@/app/_actions/run-form';
import { AppError, DATABASE_UNAVAILABLE_MESSAGE } from '@/lib/errors';
import { runForm } from '@/lib/forms';

/**
 * Every server-action form turns a failure into form state through one runner (lib/forms#formAction, over the one
 * failure mapping lib/api/failure.ts). Four forms had a copy of their own that lacked the database-unavailable case
 * and answered "操作失败" while PostgreSQL was down (issue 12; test/faults/real-server.test.ts crashes the database
 * under a real form); issue 13 removed the remaining runners, private run()s, try/catch blocks and state types.
 */
const ROOT = path.join(__dirname, '..');
function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) files(file, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(path.relative(ROOT, file).split(path.sep).join('/'));
  }
  return out;
}

describe('the form runner', () => {
  it('answers an unreachable database with "nothing was saved, try again", an AppError with its message', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    // drizzle wraps the driver's error; the code is on the cause.
    const wrapped = Object.assign(new Error('Failed query: select …'), { cause: refused });
    for (const error of [refused, wrapped]) {
      expect(await runForm(() => Promise.reject(error), { values: { body: 'x' } })).toMatchObject({ ok: false, message: DATABASE_UNAVAILABLE_MESSAGE, values: { body: 'x' } });
      // The deprecated adapter kept for actions written before formAction answers the same.
      expect(await runAction('test', [], () => Promise.reject(error), { body: 'x' })).toMatchObject({ ok: false, message: DATABASE_UNAVAILABLE_MESSAGE, values: { body: 'x' } });
    }
    expect(await runAction('test', [], () => Promise.reject(new AppError('forbidden', '您没有权限进行此操作')))).toMatchObject({ ok: false, message: '您没有权限进行此操作' });
  });

  it('is the only one: no app file catches errors into its own message, runs its own runner or declares its own form state', () => {
    const sources = files(path.join(ROOT, 'app')).map((f) => ({ f, source: readFileSync(path.join(ROOT, f), 'utf8') }));
    expect(sources.filter(({ source }) => source.includes('操作失败，请稍后重试')).map(({ f }) => f)).toEqual([]);
    const actions = sources.filter(({ source }) => /^\s*['"]use server['"]/.test(source));
    expect(actions.length).toBeGreaterThan(10);
    // Server actions hand failures to formAction: no try/catch of their own, no AppError to inspect.
    expect(actions.filter(({ source }) => /\bcatch\s*\(|\bAppError\b/.test(source)).map(({ f }) => f)).toEqual([]);
    // Only the deprecated adapter (app/_actions/run-form.ts) may still call runAction; no private run() or runForm.
    expect(sources.filter(({ f, source }) => f !== 'app/_actions/run-form.ts' && /\b(runAction|runForm)\(|function run\(/.test(source)).map(({ f }) => f)).toEqual([]);
    // One form state: lib/forms/state.ts#FormState; no other *State interface in app/.
    expect(sources.filter(({ source }) => /interface \w*(State)\b/.test(source)).map(({ f }) => f)).toEqual([]);
  });
});
