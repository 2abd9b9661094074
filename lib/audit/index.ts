import type { Db, Tx } from '../db';
import type { Actor } from '../auth/permissions';
import { noteRequestChanged } from '../observability/context';
import { pagesChanged } from '../platform/page-changes';
import { auditLog } from './schema';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number;
  details?: Record<string, unknown>;
}

/** Appends one audit row inside the caller's transaction, so the change and its record commit together. */
export async function recordAudit(tx: Db | Tx, actor: Actor | 'system', entry: AuditEntry): Promise<void> {
  const who = actor === 'system' ? { id: null, role: 'system', ip: null } : {
    id: actor.user?.id ?? null,
    role: actor.user?.role ?? 'visitor',
    ip: actor.ip,
  };
  await tx.insert(auditLog).values({
    actorId: who.id,
    actorRole: who.role,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    ip: who.ip,
    // A change made with an API token names the token (its public id), so the log tells the integrator from the person.
    details: actor !== 'system' && actor.token ? { ...entry.details, viaToken: actor.token.id } : entry.details ?? {},
  });
  // Every state change writes an audit row: the cached public pages are dropped now, and again once the request
  // that made it has answered (after its commit; lib/platform/http.ts) — a page rendered in between is not kept.
  pagesChanged();
  noteRequestChanged();
}
