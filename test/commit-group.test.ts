import { describe, expect, it } from 'vitest';
import { commitGroup, type GroupOutcome } from '../lib/db/commit-group';

/** lib/db/commit-group.ts: items that arrive while a group runs go together in the next one, per key, in order. */
describe('commit group', () => {
  it('groups what arrives while a statement runs; one group at a time per key; outcomes in order', async () => {
    const groups: Array<[string, number[]]> = [];
    let release: () => void = () => {};
    let running = 0;
    let most = 0;
    const write = commitGroup<string, number, number>(async (key, items) => {
      running++;
      most = Math.max(most, running);
      groups.push([key, items]);
      if (groups.length === 1) await new Promise<void>((resolve) => { release = resolve; });
      running--;
      return items.map((n): GroupOutcome<number> => (n < 0 ? { ok: false, error: new Error(`negative ${n}`) } : { ok: true, value: n * 10 }));
    });
    const first = write('a', 1);
    await new Promise((resolve) => setImmediate(resolve)); // the first group (just item 1) is running now
    const later = [write('a', 2), write('a', -3), write('a', 4)];
    release();
    expect(await first).toBe(10);
    const settled = await Promise.allSettled(later);
    expect(settled.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([20, 'negative -3', 40]);
    expect(groups).toEqual([['a', [1]], ['a', [2, -3, 4]]]);
    expect(most).toBe(1);
  });

  it('a failing group fails each of its items, and the next group still runs', async () => {
    let calls = 0;
    const write = commitGroup<number, string, string>(async (_key, items) => {
      calls++;
      if (items.includes('boom')) throw new Error('database unavailable');
      return items.map((value) => ({ ok: true as const, value }));
    });
    const failed = await Promise.allSettled([write(1, 'x'), write(1, 'boom')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await write(1, 'y')).toBe('y');
    expect(calls).toBe(2);
  });

  it('keys run side by side and a group holds at most maxItems', async () => {
    const sizes: Array<[number, number]> = [];
    const write = commitGroup<number, number, number>(async (key, items) => {
      sizes.push([key, items.length]);
      return items.map((value) => ({ ok: true as const, value }));
    }, { maxItems: 3 });
    await Promise.all([...Array.from({ length: 7 }, (_, i) => write(1, i)), write(2, 99)]);
    expect(sizes.filter(([k]) => k === 1).map(([, n]) => n)).toEqual([3, 3, 1]);
    expect(sizes.filter(([k]) => k === 2)).toEqual([[2, 1]]);
  });
});
