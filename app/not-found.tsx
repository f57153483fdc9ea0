import { SiteShell } from '@/components/site-shell';
import SiteNotFound from './(site)/not-found';

/**
 * An address no route knows (`/no-such-page`): Next.js renders this inside the root layout only, so
 * it brings the site's own frame, and says what the visitor pages' 404 says.
 */
export default function NotFound() {
  return (
    <SiteShell>
      <SiteNotFound />
    </SiteShell>
  );
}
