import { redirect } from 'next/navigation';
import { HOME_WORKSPACE } from '@/lib/auth/permissions';
import { currentActor } from '@/lib/auth/session';
import { signInHref } from '@/lib/auth/redirect';

/** "My workspace": each role lands on its own. */
export default async function WorkspaceIndex() {
  const { user } = await currentActor();
  redirect(user ? HOME_WORKSPACE[user.role] : signInHref('/workspace'));
}
