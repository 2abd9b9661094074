import { realtime } from '../realtime/io';

/** Rooms: the letter's own page, the moderators' triage queue, each department's queue. */
export const letterRoom = (trackingNo: string) => `letter:${trackingNo}`;
export const TRIAGE_ROOM = 'letters:triage';
export const departmentRoom = (departmentPublicId: string) => `letters:department:${departmentPublicId}`;
/** The supervision board of moderators and admins (督办台): every letter change, bureau-wide. */
export const SUPERVISION_ROOM = 'letters:supervision';
/**
 * Leaders' supervision boards: the bureau's applications, read-only (lib/accountability/supervision.ts). Moderators
 * and admins hear applications in SUPERVISION_ROOM; a leader's letters come through the department's room.
 */
export const SUPERVISION_APPLICATIONS_ROOM = 'supervision:applications';

export interface LetterChange {
  trackingNo: string;
  status: string;
  version: number;
  departmentPublicIds: string[];
  triage: boolean;
}

/**
 * After commit: tell open pages that a letter changed. The payload carries no content — pages re-read what the
 * viewer may see through the same operations, so a missed or late event costs a refresh, never a leak.
 */
export function publishLetterChange(change: LetterChange): void {
  const io = realtime();
  if (!io) return;
  const payload = { trackingNo: change.trackingNo, status: change.status, version: change.version };
  let target = io.to(letterRoom(change.trackingNo)).to(SUPERVISION_ROOM);
  if (change.triage) target = target.to(TRIAGE_ROOM);
  for (const id of change.departmentPublicIds) target = target.to(departmentRoom(id));
  target.emit('letter:changed', payload);
}
