'use client';

import { useState } from 'react';

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
        // user; both modules are imported here, not at the top: the header is on every page, visitors' included, and
        // they should carry neither socket.io-client nor the sign-in requests (page weight, issue 15 item 6).
        try {
          (await import('./socket-client')).closeSharedSocket();
          await (await import('./auth-client')).signOutTo('/');
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
