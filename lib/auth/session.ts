import { cache } from 'react';
import { forbidden, redirect } from 'next/navigation';
import { requestActor } from '../api/route';
import { can, type Actor, type ActorUser, type Permission } from './permissions';
import { signInHref } from './redirect';

/** The actor of the page being rendered, read once per request. */
export const currentActor = cache(requestActor);

/**
 * Guards a page on the server: visitors go to sign-in (and come back), signed-in users without the permission
 * get the 403 page.
 */
export async function requirePermission(permission: Permission, returnTo: string): Promise<Actor & { user: ActorUser }> {
  const actor = await currentActor();
  if (!actor.user) redirect(signInHref(returnTo));
  if (!can(actor, permission)) forbidden();
  return actor as Actor & { user: ActorUser };
}
