import { z } from 'zod';
import type { MinshengSocket } from '../realtime/server';
import { getLetter } from './queries';
import { TRIAGE_ROOM, departmentRoom, letterRoom } from './realtime';
import { trackingNo } from './validation';

const subscribeInput = z.object({ trackingNo: trackingNo.optional(), queue: z.boolean().optional() }).strict();

/**
 * `letters:subscribe {trackingNo?, queue?}` → ack {ok}. A letter's room only for its writer and staff who may work
 * it (checked with the same query the page uses); the queue room for moderators (triage) or the department's staff.
 */
export function registerLetterHandlers(socket: MinshengSocket): void {
  socket.on('letters:subscribe' as never, (async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => {};
    const parsed = subscribeInput.safeParse(payload);
    if (!parsed.success) return reply({ ok: false, error: '参数无效' });
    const actor = socket.data.actor;
    const user = actor.user;
    if (!user) return reply({ ok: false, error: '请先登录' });
    try {
      if (parsed.data.trackingNo) {
        await getLetter(actor, parsed.data.trackingNo);
        await socket.join(letterRoom(parsed.data.trackingNo));
      }
      if (parsed.data.queue) {
        if (user.role === 'moderator') await socket.join(TRIAGE_ROOM);
        else if ((user.role === 'handler' || user.role === 'leader') && user.departmentPublicId) await socket.join(departmentRoom(user.departmentPublicId));
        else return reply({ ok: false, error: '没有待办队列' });
      }
      reply({ ok: true });
    } catch {
      reply({ ok: false, error: '没有这封来信，或您无权查看' });
    }
  }) as never);
}
