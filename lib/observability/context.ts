import { AsyncLocalStorage } from 'node:async_hooks';

/** What the request log knows about the request being served (lib/platform/http.ts starts it, handlers add to it). */
export interface RequestContext {
  requestId: string;
  /** The signed-in account's public id, once a handler has read it (lib/api/route.ts#requestActor). */
  userId?: string;
  /** Set when the request recorded a change (lib/audit): the page cache is emptied once it has answered. */
  changed?: boolean;
  /** Set by a render whose answer is this requester's own: the page cache does not keep it (keepOutOfPageCache). */
  ownAnswer?: boolean;
  /** Set by a render a limit refused: answered 429 with this Retry-After (lib/platform/http.ts), never kept. */
  retryAfter?: number;
}

// server.ts and Next's compiled bundles each load this module: the one store lives on globalThis, so a route
// handler in Next's bundle writes to the context server.ts opened for the request.
const holder = globalThis as unknown as { __minshengRequestContext?: AsyncLocalStorage<RequestContext> };

export function requestContextStorage(): AsyncLocalStorage<RequestContext> {
  return (holder.__minshengRequestContext ??= new AsyncLocalStorage<RequestContext>());
}

/** The context of the request this code runs for; undefined outside a request (jobs, sockets, scripts, tests). */
export function currentRequest(): RequestContext | undefined {
  return holder.__minshengRequestContext?.getStore();
}

/** Marks the request as one that changed data (a GET may too: an audited read, a token used). */
export function noteRequestChanged(): void {
  const context = currentRequest();
  if (context) context.changed = true;
}

/** Records who the request is from, for its log line. A no-op outside a request. */
export function noteRequestUser(publicId: string | null | undefined): void {
  const context = currentRequest();
  if (context && publicId) context.userId = publicId;
}

/**
 * Marks this render's answer as the requester's own (it depends on who asks, not only on the URL): the page cache
 * (lib/platform/page-cache.ts) does not keep it for the next visitor. A no-op outside a request.
 */
export function keepOutOfPageCache(): void {
  const context = currentRequest();
  if (context) context.ownAnswer = true;
}

/**
 * Marks this render as refused by a limit (lib/ratelimit#limitRender): server.ts answers it 429 with Retry-After
 * instead of Next's 200 — an App Router page cannot set its status — and the page cache does not keep it.
 */
export function noteRequestRefused(retryAfterSeconds: number): void {
  const context = currentRequest();
  if (!context) return;
  context.ownAnswer = true;
  context.retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
}
