import type { MinshengSocket, SocketDomain } from '../realtime/contract';
import { onEvent, type SocketHandler } from '../realtime/handlers';
import { assertMayReadApplication } from './applications';
import { APPLICATIONS_QUEUE_ROOM, applicationRoom } from './realtime';
import { AppError } from '../errors';
import { assertCan } from '../auth/permissions';

/**
 * `applications:subscribe {trackingNo}` → ack {ok}: an application's room, for whoever may read it as the REST read
 * and the pages do (getApplication's rule: its applicant, the disclosure office); a visitor 401, anyone else 404 as
 * if it did not exist. Every delivery to the room is checked again (lib/disclosure/realtime.ts#checkedDelivery).
 * `{queue: true}`: the office's queue page (/workspace/moderator/applications), for those who may open it
 * (disclosure.handle), 403 for anyone else.
 */
const subscribe: SocketHandler<'applications:subscribe'> = async (input, actor, socket) => {
  if (Boolean(input.trackingNo) === Boolean(input.queue)) throw new AppError('invalid_input', '请指定申请编号或申请队列之一');
  if (input.queue) {
    if (!actor.user) throw new AppError('unauthenticated', '请先登录');
    assertCan(actor, 'disclosure.handle');
    await socket.join(APPLICATIONS_QUEUE_ROOM);
    return {};
  }
  await assertMayReadApplication(actor, input.trackingNo!);
  await socket.join(applicationRoom(input.trackingNo!));
  return {};
};

/** The applications' part of the realtime layer (lib/platform/realtime.ts#SOCKET_DOMAINS). */
export const applicationSocketDomain: SocketDomain = {
  name: 'applications',
  register(socket: MinshengSocket) {
    onEvent(socket, 'applications:subscribe', subscribe);
  },
};
