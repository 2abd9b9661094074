/**
 * "Something a public page shows may have changed": a counter the page cache (./page-cache.ts) compares its entries
 * with. Raised by every audited change (lib/audit: every state change writes one), every non-GET request, the
 * socket events that write (questions, 同问, poll ballots), every background job run, and — through the Redis
 * adapter — the other app processes' changes. Coarse on purpose: any change empties the cache, so a cached page is
 * never older than the last change this process has heard of.
 *
 * On globalThis because server.ts and Next's bundles each load this module, and both must share one counter.
 * Imports nothing, so the audit module and the realtime layer can call it at no cost.
 */
type Listener = (origin: 'local' | 'remote') => void;
const holder = globalThis as unknown as { __minshengPageChanges?: { generation: number; listeners: Set<Listener> } };

function state() {
  return (holder.__minshengPageChanges ??= { generation: 0, listeners: new Set() });
}

/** The number of changes seen so far: a page rendered while it moved may show data from before the change. */
export function pageGeneration(): number {
  return state().generation;
}

/** Records a change. `remote`: heard from another app process (not passed on again). */
export function pagesChanged(origin: 'local' | 'remote' = 'local'): void {
  const s = state();
  s.generation++;
  for (const listener of s.listeners) listener(origin);
}

/** Calls `listener` on every change; returns the unsubscribe. */
export function onPagesChanged(listener: Listener): () => void {
  const s = state();
  s.listeners.add(listener);
  return () => s.listeners.delete(listener);
}
