'use client';

import { useState } from 'react';
import { signOutHere } from '@/lib/auth-client';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const signOutAndLeave = async () => {
    setPending(true);
    try {
      await signOutHere();
    } finally {
      // A full navigation, so the server sees the cleared cookies.
      window.location.assign('/');
    }
  };
  return (
    <button type="button" className="secondary" disabled={pending} onClick={() => void signOutAndLeave()}>
      Sign out
    </button>
  );
}
