'use client';

import { useState } from 'react';
import { signOutTo } from './auth-client';

export function SignOutButton({ label }: { label: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="link-button"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        // Close this tab's Socket.IO connection first (socket-client.ts). The bell loaded it already for a signed-in
        // user; it is imported here, not at the top, so pages without a socket do not carry socket.io-client.
        try {
          (await import('./socket-client')).closeSharedSocket();
          await signOutTo('/');
        } catch {
          // The request failed (network, a stale page): next-auth's own sign-out page, which asks and signs out.
          window.location.href = '/api/auth/signout';
        }
      }}
    >
      {label}
    </button>
  );
}
