/**
 * 图文直播 in the viewer's state (reducer.ts): `update.posted` adds an update (once, in time order), `update.retracted`
 * takes it out. Pure and client-safe. A posted event scrubbed by a retraction (`update: null`) changes nothing.
 */
import type { InterviewEvent, LiveUpdate } from './event-types';

type WithUpdates = { updates?: LiveUpdate[] };

function isLiveUpdate(value: unknown): value is LiveUpdate {
  const u = value as LiveUpdate | null;
  if (!u || typeof u !== 'object' || typeof u.id !== 'string' || typeof u.body !== 'string' || typeof u.at !== 'string') return false;
  if (u.image === null) return u.body.length > 0;
  const i = u.image;
  return Boolean(i) && typeof i.url === 'string' && typeof i.smallUrl === 'string' && typeof i.alt === 'string' && i.alt.length > 0;
}

export function reduceLiveUpdate<S extends WithUpdates>(state: S, event: Pick<InterviewEvent, 'type' | 'payload'>): S {
  const updates = state.updates ?? [];
  // Off the wire: checked here, whatever the declared payload says (a retraction scrubs a posted event to `update: null`).
  const p = (event.payload ?? {}) as Record<string, unknown>;
  if (event.type === 'update.posted') {
    const update = p.update;
    if (!isLiveUpdate(update) || updates.some((u) => u.id === update.id)) return state;
    const at = updates.findIndex((u) => u.at > update.at);
    return { ...state, updates: at < 0 ? [...updates, update] : [...updates.slice(0, at), update, ...updates.slice(at)] };
  }
  if (event.type === 'update.retracted') {
    const updateId = p.updateId;
    if (typeof updateId !== 'string' || !updates.some((u) => u.id === updateId)) return state;
    return { ...state, updates: updates.filter((u) => u.id !== updateId) };
  }
  return state;
}
