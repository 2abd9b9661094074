'use server';

import { formAction } from '@/lib/forms';
import { markAllRead } from '@/lib/notifications';

/** A plain form button (returns nothing): for a visitor it does nothing; a failure leaves the bell as it was. */
export async function markAllReadAction(): Promise<void> {
  await formAction(async (actor) => {
    if (actor.user) await markAllRead(actor);
  }, { label: 'notifications', revalidate: [{ path: '/', type: 'layout' }] });
}
