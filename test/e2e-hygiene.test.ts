import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The browser specs share one browser and one server per run, so what a spec leaves behind slows or breaks the
 * specs after it. e2e/test.ts closes every context a test opens; these checks keep every spec on it, and keep
 * specs from waiting on the clock instead of on an outcome.
 */
const E2E = path.join(__dirname, '..', 'e2e');
const specs = readdirSync(E2E).filter((f) => f.endsWith('.spec.ts'));
const importsOf = (source: string) => [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)].map(([, names, from]) => ({
  names: names!.split(',').map((n) => n.trim()).filter(Boolean),
  from: from!,
}));

describe('browser specs', () => {
  it('exist', () => {
    expect(specs.length).toBeGreaterThan(20);
  });

  it.each(specs)('%s takes `test` from e2e/test.ts (which closes the contexts a test opens)', (file) => {
    const imports = importsOf(readFileSync(path.join(E2E, file), 'utf8'));
    const fromPlaywright = imports.filter((i) => i.from === '@playwright/test').flatMap((i) => i.names);
    expect(fromPlaywright.filter((n) => n === 'test' || n.startsWith('test as'))).toEqual([]);
    expect(imports.some((i) => i.from === './test' && i.names.includes('test'))).toBe(true);
  });

  it.each(specs)('%s never sleeps (waitForTimeout, setTimeout): it waits for an outcome', (file) => {
    const source = readFileSync(path.join(E2E, file), 'utf8');
    expect(source).not.toMatch(/waitForTimeout\s*\(|(?<![.\w])setTimeout\s*\(/);
  });

  it.each(specs)('%s judges accessibility only through e2e/support/axe.ts (which waits for the streamed <title>)', (file) => {
    // A spec calling axe itself can run it before Next has put the page's title in: a false document-title failure.
    const source = readFileSync(path.join(E2E, file), 'utf8');
    expect(source).not.toMatch(/@axe-core\/playwright|new AxeBuilder\b/);
  });
});

/**
 * Speed targets live in the benchmarks (`npm run bench…`, which print figures), not in tests: a test that bounds a
 * duration fails on a loaded machine and passes on a fast one whatever the code does. The fault tests (test/faults) are the exception: recovery within a stated time is what
 * they check (docs/RELIABILITY.md).
 */
describe('unit and integration tests', () => {
  const TEST = __dirname;
  const files = readdirSync(TEST).filter((f) => f.endsWith('.test.ts'));
  it.each(files)('%s bounds no measured duration', (file) => {
    const source = readFileSync(path.join(TEST, file), 'utf8');
    // A measured time (performance.now(), Date.now() differences, p50/p95/p99, *Ms / elapsed) compared with a bound.
    const timed = /expect\(\s*(?:[^;]*performance\.now\(\)|[\w.]*(?:elapsed|p50|p95|p99|[a-z]Ms)\b)[^;]*\)\s*\.(?:not\.)?toBe(?:LessThan|LessThanOrEqual|GreaterThan)\(/;
    expect(source).not.toMatch(timed);
  });

  // A worker runs its files in one process (vitest.config.mts): a module imported by an earlier file keeps the mock
  // it was loaded with, so a file's own mock of a module the app imports would apply or not depending on the order.
  it.each(files)('%s mocks none of Next\'s request modules itself (test/setup/next-request.ts does, for every file)', (file) => {
    const source = readFileSync(path.join(TEST, file), 'utf8');
    expect(source).not.toMatch(/vi\.(?:do)?mock\(\s*['"](?:next\/headers|next\/cache|next-intl\/server)['"]/);
  });
});
