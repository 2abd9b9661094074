/**
 * "Something a public page shows may have changed": counters the page cache (./page-cache.ts) compares its entries
 * with. Raised by every audited change (lib/audit: every state change writes one), every non-GET request, the
 * socket events that write, every interview event broadcast to viewers, every background job run, and — through the
 * Redis adapter — the other app processes' changes.
 *
 * Coarse on purpose, with one exception made for a crowd: a change concerns every page unless it names the kinds of
 * page it can reach (PAGE_KINDS). Only the writes of a busy live interview do: a question asked (pending: only the
 * statistics count it), a 同问 or a ballot (they reach pages with the interview event that publishes the counts,
 * every 400 ms at most: lib/interviews/votes.ts, polls.ts), and each interview event itself (the interview's pages).
 * So a Q&A with thousands of questions and votes does not re-render the home page, the archive or the board for
 * every visitor — and a cached page is never older than the last change this process has heard of that reaches it.
 *
 * On globalThis because server.ts and Next's bundles each load this module, and both must share the counters.
 * Imports nothing, so the audit module and the realtime layer can call it at no cost.
 */
export const PAGE_KINDS = ['interview', 'stats'] as const;
/** A kind of public page a change can be limited to (page-cache.ts#pageKindOf); other pages hear every change. */
export type PageKind = (typeof PAGE_KINDS)[number];
/** The kinds a change reaches; null: every page. */
export type PageScope = readonly PageKind[] | null;

type Listener = (origin: 'local' | 'remote', scope: PageScope) => void;
interface State {
  /** Every change counted. */
  generation: number;
  /** Changes that reach every page. */
  everything: number;
  /** Changes limited to a kind, per kind. */
  byKind: Record<PageKind, number>;
  listeners: Set<Listener>;
}
const holder = globalThis as unknown as { __minshengPageChanges?: State };

function state(): State {
  return (holder.__minshengPageChanges ??= { generation: 0, everything: 0, byKind: { interview: 0, stats: 0 }, listeners: new Set() });
}

/** The number of changes seen so far, of any reach. */
export function pageGeneration(): number {
  return state().generation;
}

/**
 * A number that moves with every change reaching a page of this kind (null: a page of no kind, reached only by
 * changes to every page): a page rendered while it moved may show data from before the change.
 */
export function pageStamp(kind: PageKind | null): number {
  const s = state();
  return kind ? s.everything + s.byKind[kind] : s.everything;
}

/**
 * Records a change. `remote`: heard from another app process (not passed on again). `scope`: the kinds of page it
 * can reach; leave it out unless that is certain — a change to every page is always right.
 */
export function pagesChanged(origin: 'local' | 'remote' = 'local', scope: PageScope = null): void {
  const s = state();
  s.generation++;
  if (scope === null) s.everything++;
  else for (const kind of scope) s.byKind[kind]++;
  for (const listener of s.listeners) listener(origin, scope);
}

/** Calls `listener` on every change; returns the unsubscribe. */
export function onPagesChanged(listener: Listener): () => void {
  const s = state();
  s.listeners.add(listener);
  return () => s.listeners.delete(listener);
}
