import { realtime } from '../realtime/io';
import { SUPERVISION_ROOM } from '../letters/realtime';

/**
 * After commit: tell the supervision board (督办台, moderators and admins bureau-wide) that an application arrived or
 * changed. No content: the board re-reads what its viewer may see. Leaders' boards show no applications, and the
 * applicant's and the office's application pages have no live updates yet.
 */
export function publishApplicationChange(change: { trackingNo: string; status: string; version: number }): void {
  const io = realtime();
  if (!io) return;
  io.to(SUPERVISION_ROOM).emit('application:changed', { trackingNo: change.trackingNo, status: change.status, version: change.version });
}
