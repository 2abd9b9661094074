'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { closeSharedSocket } from './socket-client';

export function SignOutButton({ label }: { label: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="link-button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        closeSharedSocket();
        void signOut({ callbackUrl: '/' });
      }}
    >
      {label}
    </button>
  );
}
