'use client';

import type { ResourcesConfig } from 'aws-amplify';
import { configureBrowserAmplify } from '@/lib/auth-client';
import { setStorageEndpoint } from '@/lib/media/endpoint';

/**
 * Configures the browser's Amplify during render, before any child calls it. Only the auth and
 * studio layouts render it (the studio with Storage, for image uploads, and the API, for live
 * updates): visitor pages ship no Amplify code until their comments come into view. `storageEndpoint` is the local S3 endpoint's option for outputs the offline
 * backend wrote, and empty for outputs from AWS.
 */
export function ConfigureAmplify({
  config,
  storageEndpoint = {},
}: {
  config: Pick<ResourcesConfig, 'Auth' | 'Storage' | 'API'>;
  storageEndpoint?: { customEndpoint?: string };
}) {
  configureBrowserAmplify(config);
  setStorageEndpoint(storageEndpoint);
  return null;
}
