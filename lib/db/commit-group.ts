/**
 * Group commit in the application: items that arrive while a group's statement is running wait and go together in
 * the next one, so a crowd of small writes (votes, questions) costs one statement and one WAL flush per group
 * instead of one each. Every caller still gets its own outcome only after its group committed — the
 * acknowledgement's promise is kept; under light load a group holds one item and nothing waits.
 *
 * Groups are keyed (e.g. per poll) and run one at a time per key; different keys run side by side.
 */
export type GroupOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<I, R> { item: I; resolve: (value: R) => void; reject: (error: unknown) => void }
interface Lane<I, R> { queue: Array<Waiting<I, R>>; running: boolean }

export interface CommitGroupOptions {
  /** Most items in one statement (the rest wait for the next group). */
  maxItems?: number;
}

/**
 * `run(key, items)` writes one group in one statement (or one transaction) and returns one outcome per item, in
 * order. If it throws, every item of the group fails with that error.
 */
export function commitGroup<K, I, R>(
  run: (key: K, items: I[]) => Promise<Array<GroupOutcome<R>>>,
  options: CommitGroupOptions = {},
): (key: K, item: I) => Promise<R> {
  const maxItems = options.maxItems ?? 500;
  const lanes = new Map<K, Lane<I, R>>();

  async function drain(key: K, lane: Lane<I, R>): Promise<void> {
    lane.running = true;
    try {
      while (lane.queue.length > 0) {
        const group = lane.queue.splice(0, maxItems);
        let outcomes: Array<GroupOutcome<R>>;
        try {
          outcomes = await run(key, group.map((w) => w.item));
        } catch (error) {
          outcomes = group.map(() => ({ ok: false, error }));
        }
        group.forEach((w, i) => {
          const outcome = outcomes[i] ?? { ok: false, error: new Error('commit group: no outcome for an item') };
          if (outcome.ok) w.resolve(outcome.value);
          else w.reject(outcome.error);
        });
      }
    } finally {
      lane.running = false;
      lanes.delete(key);
    }
  }

  return (key, item) => new Promise<R>((resolve, reject) => {
    let lane = lanes.get(key);
    if (!lane) {
      lane = { queue: [], running: false };
      lanes.set(key, lane);
    }
    lane.queue.push({ item, resolve, reject });
    // The first item starts the lane on the next turn of the event loop, so the items already received join it.
    if (!lane.running) {
      lane.running = true;
      const started = lane;
      setImmediate(() => void drain(key, started));
    }
  });
}
