'use client';

import { signOutHere } from '@/lib/auth-client';
import { useState } from 'react';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="secondary"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        try {
          await signOutHere();
        } finally {
          // A full navigation, so the server sees the cleared cookies.
          window.location.assign('/');
        }
      }}
    >
      Sign out
    </button>
  );
}
