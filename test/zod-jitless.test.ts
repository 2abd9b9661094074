import { describe, expect, it } from 'vitest';

/**
 * instrumentation-client.ts turns zod's `jitless` on without importing zod (so that pages which parse nothing do not
 * carry it, docs/BENCHMARKS.md "Page weight"): it writes globalThis.__zod_globalConfig, where zod keeps its
 * settings. This checks that zod reads them there — a zod upgrade that moves them fails here, not as CSP reports.
 */
describe('instrumentation-client: zod jitless without importing zod', () => {
  it('sets the flag zod reads, and schemas built after it parse without compiling', async () => {
    await import('../instrumentation-client');
    const { config } = await import('zod/v4/core');
    expect(config().jitless).toBe(true);
    const { z } = await import('zod');
    const compiled: string[] = [];
    const RealFunction = globalThis.Function;
    globalThis.Function = new Proxy(RealFunction, {
      construct(target, args) {
        compiled.push(String(args.at(-1)).slice(0, 40));
        return Reflect.construct(target, args);
      },
    });
    try {
      const schema = z.object({ login: z.string(), password: z.string().min(1) });
      for (let i = 0; i < 3; i++) expect(schema.parse({ login: 'a', password: 'b' })).toEqual({ login: 'a', password: 'b' });
    } finally {
      globalThis.Function = RealFunction;
    }
    expect(compiled).toEqual([]);
  });
});
