import { z } from 'zod';
import { AppError } from '../errors';
import type { MinshengSocket } from '../realtime/server';
import { onEvent } from '../realtime/handlers';
import { getLetter } from './queries';
import { TRIAGE_ROOM, departmentRoom, letterRoom } from './realtime';
import { trackingNo } from './validation';

const subscribeInput = z.object({ trackingNo: trackingNo.optional(), queue: z.boolean().optional() }).strict();

/**
 * `letters:subscribe {trackingNo?, queue?}` → ack {ok}. A letter's room only for its writer and staff who may work
 * it (checked with the same query the page uses); the queue room for moderators (triage) or the department's staff.
 */
export function registerLetterHandlers(socket: MinshengSocket): void {
  onEvent(socket, 'letters:subscribe', subscribeInput, async (input, actor) => {
    const user = actor.user;
    if (!user) throw new AppError('unauthenticated', '请先登录');
    if (input.trackingNo) {
      await getLetter(actor, input.trackingNo);
      await socket.join(letterRoom(input.trackingNo));
    }
    if (input.queue) {
      if (user.role === 'moderator') await socket.join(TRIAGE_ROOM);
      else if ((user.role === 'handler' || user.role === 'leader') && user.departmentPublicId) await socket.join(departmentRoom(user.departmentPublicId));
      else throw new AppError('forbidden', '没有待办队列');
    }
    return {};
  });
}
