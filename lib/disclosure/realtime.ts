import type { Actor } from '../auth/permissions';
import type { MinshengServer } from '../realtime/contract';
import { realtime } from '../realtime/io';
import { SUPERVISION_APPLICATIONS_ROOM, SUPERVISION_ROOM } from '../letters/realtime';
import { applicationRolesFor } from './application-transitions';

/**
 * An application's own room: its pages (the applicant's /disclosure/applications/{no}, the office's
 * /workspace/moderator/applications/{no}) join it with `applications:subscribe` (lib/disclosure/socket.ts).
 */
export const applicationRoom = (trackingNo: string) => `application:${trackingNo}`;
/** The disclosure office's queue page (`applications:subscribe {queue: true}`: disclosure.handle). */
export const APPLICATIONS_QUEUE_ROOM = 'applications:queue';

export interface ApplicationChange {
  trackingNo: string;
  status: string;
  version: number;
  /** The applicant's account (internal id) after the change: who, besides the office, may read it now. */
  applicantId: number;
}

/**
 * Whether this connection's account may read the application — the rule of getApplication (the REST read and the
 * pages): its applicant, or the disclosure office (moderators, admins). Checked on subscribe and again on every
 * delivery, so what a socket hears follows the REST read rule even if the account's part changed meanwhile.
 */
export function mayReceiveApplication(actor: Actor | undefined, application: { applicantId: number }): boolean {
  return Boolean(actor?.user) && applicationRolesFor(actor!.user!, application).length > 0;
}

/**
 * After commit: tell open pages that an application arrived or changed. No content: pages re-read what their
 * viewer may see. The office's queue page hears it in its room; the supervision boards through theirs (moderators and admins in SUPERVISION_ROOM,
 * leaders in SUPERVISION_APPLICATIONS_ROOM: lib/letters/socket.ts, the board's own rule); the application's own room
 * is checked per receiver (checkedDelivery), so those in it are left out of the board broadcast and hear it once.
 */
export function publishApplicationChange(change: ApplicationChange): void {
  const io = realtime();
  if (!io) return;
  const payload = { trackingNo: change.trackingNo, status: change.status, version: change.version };
  const room = applicationRoom(change.trackingNo);
  io.to(SUPERVISION_ROOM).to(SUPERVISION_APPLICATIONS_ROOM).to(APPLICATIONS_QUEUE_ROOM).except(room).emit('application:changed', payload);
  void checkedDelivery(io, room, change, payload);
}

/**
 * Each socket in the application's room (in every process: fetchSockets goes through the adapter) is judged with
 * its handshake's actor against the application as it is after the change: one that may read it receives the
 * message, one that may no longer leaves the room (and hears it only if it is on a supervision board).
 */
async function checkedDelivery(io: MinshengServer, room: string, change: ApplicationChange, payload: { trackingNo: string; status: string; version: number }): Promise<void> {
  try {
    const sockets = await io.in(room).fetchSockets();
    for (const socket of sockets) {
      if (mayReceiveApplication(socket.data.actor, change)) {
        socket.emit('application:changed', payload);
        continue;
      }
      socket.leave(room);
      if (socket.rooms.has(SUPERVISION_ROOM) || socket.rooms.has(SUPERVISION_APPLICATIONS_ROOM)) socket.emit('application:changed', payload);
    }
  } catch (error) {
    // Another process did not answer in time (the adapter's timeout): its sockets miss this change and catch up
    // on their next refresh; nothing unchecked is sent.
    console.warn('[realtime] application room delivery failed:', error instanceof Error ? error.message : error);
  }
}
