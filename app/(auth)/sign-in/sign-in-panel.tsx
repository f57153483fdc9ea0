'use client';

import { Authenticator } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';
import { useEffect } from 'react';

function GoTo({ path }: { path: string }) {
  useEffect(() => {
    // A full navigation so the middleware sees the session cookies just written.
    window.location.assign(path);
  }, [path]);
  return <p role="status">Signed in. Opening {path}…</p>;
}

export function SignInPanel({ next }: { next: string }) {
  return (
    <div className="auth-panel">
      <Authenticator signUpAttributes={['name']}>{() => <GoTo path={next} />}</Authenticator>
    </div>
  );
}
