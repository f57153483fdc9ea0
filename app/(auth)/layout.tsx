import type { ReactNode } from 'react';
import { ConfigureAmplify } from '@/components/configure-amplify';
import { SiteShell } from '@/components/site-shell';
import { amplifyConfig } from '@/lib/amplify-outputs';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ConfigureAmplify config={{ Auth: amplifyConfig().Auth }} />
      <SiteShell>{children}</SiteShell>
    </>
  );
}
