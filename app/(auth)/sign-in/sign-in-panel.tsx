'use client';

import { Authenticator, ThemeProvider } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';
// After Amplify's stylesheet, so equal-specificity rules of ours win.
import '../auth.css';
import { I18n } from 'aws-amplify/utils';
import { useEffect } from 'react';
import { authVocabulary } from '@/lib/auth-vocabulary';
import { folioTheme } from './folio-theme';

// The site is written in English (<html lang="en">): without this the Authenticator would pick the
// browser's language, for which we have no wording.
I18n.putVocabulariesForLanguage('en', authVocabulary);
I18n.setLanguage('en');

function GoTo({ path }: { path: string }) {
  useEffect(() => {
    // A full navigation so the middleware sees the session cookies just written.
    window.location.assign(path);
  }, [path]);
  return <p role="status">Signed in. Opening {path}…</p>;
}

export function SignInPanel({ next }: { next: string }) {
  return (
    <ThemeProvider theme={folioTheme}>
      <Authenticator signUpAttributes={['name']}>{() => <GoTo path={next} />}</Authenticator>
    </ThemeProvider>
  );
}
