import { AppError } from '../errors';
import { actsAsModerator, can } from '../auth/permissions';
import type { MinshengSocket, SocketDomain } from '../realtime/contract';
import { onEvent, type SocketHandler } from '../realtime/handlers';
import { getLetter } from './queries';
import { SUPERVISION_APPLICATIONS_ROOM, SUPERVISION_ROOM, TRIAGE_ROOM, departmentRoom, letterRoom } from './realtime';

/**
 * `letters:subscribe {trackingNo?, queue?}` → ack {ok}. A letter's room only for its writer and staff who may work
 * it (checked with the same query the page uses); the queue room for moderators (triage) or the department's staff;
 * `supervision` the board's rooms (supervision.read: moderators and admins bureau-wide; a leader the own department's
 * letters and the bureau's applications).
 */
export function registerLetterHandlers(socket: MinshengSocket): void {
  onEvent(socket, 'letters:subscribe', subscribe);
}

/** Declared once: every connection shares its listener (lib/realtime/handlers.ts#onEvent). */
const subscribe: SocketHandler<'letters:subscribe'> = async (input, actor, socket) => {
  const user = actor.user;
  if (!user) throw new AppError('unauthenticated', '请先登录');
  if (input.trackingNo) {
    await getLetter(actor, input.trackingNo);
    await socket.join(letterRoom(input.trackingNo));
  }
  if (input.queue) {
    if (actsAsModerator(user.role)) await socket.join(TRIAGE_ROOM);
    else if ((user.role === 'handler' || user.role === 'leader') && user.departmentPublicId) await socket.join(departmentRoom(user.departmentPublicId));
    else throw new AppError('forbidden', '没有待办队列');
  }
  if (input.supervision) {
    // The board's reach (lib/accountability/supervision.ts): moderators and admins every letter and application; a
    // leader the own department's letters (the department room carries exactly those) and the bureau's
    // applications; anyone else has no board.
    if (!can(actor, 'supervision.read')) throw new AppError('forbidden', '没有督办台');
    if (actsAsModerator(user.role)) await socket.join(SUPERVISION_ROOM);
    else {
      await socket.join(SUPERVISION_APPLICATIONS_ROOM);
      if (user.departmentPublicId) await socket.join(departmentRoom(user.departmentPublicId));
    }
  }
  return {};
};

/** The letters' part of the realtime layer (lib/platform/realtime.ts#SOCKET_DOMAINS). */
export const letterSocketDomain: SocketDomain = { name: 'letters', register: registerLetterHandlers };
