'use server';

import { revalidatePath } from 'next/cache';
import { requestActor } from '@/lib/api/route';
import { markAllRead } from '@/lib/notifications';

export async function markAllReadAction(): Promise<void> {
  const actor = await requestActor();
  if (!actor.user) return;
  await markAllRead(actor);
  revalidatePath('/', 'layout');
}
