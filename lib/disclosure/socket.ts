import type { MinshengSocket, SocketDomain } from '../realtime/contract';
import { onEvent, type SocketHandler } from '../realtime/handlers';
import { assertMayReadApplication } from './applications';
import { applicationRoom } from './realtime';

/**
 * `applications:subscribe {trackingNo}` → ack {ok}: an application's room, for whoever may read it as the REST read
 * and the pages do (getApplication's rule: its applicant, the disclosure office); a visitor 401, anyone else 404 as
 * if it did not exist. Every delivery to the room is checked again (lib/disclosure/realtime.ts#checkedDelivery).
 */
const subscribe: SocketHandler<'applications:subscribe'> = async (input, actor, socket) => {
  await assertMayReadApplication(actor, input.trackingNo);
  await socket.join(applicationRoom(input.trackingNo));
  return {};
};

/** The applications' part of the realtime layer (lib/platform/realtime.ts#SOCKET_DOMAINS). */
export const applicationSocketDomain: SocketDomain = {
  name: 'applications',
  register(socket: MinshengSocket) {
    onEvent(socket, 'applications:subscribe', subscribe);
  },
};
