import type { ResourcesConfig } from 'aws-amplify';

/** The parts of amplify_outputs.json this helper reads; the rest passes through to aws-amplify. */
export interface AmplifyOutputs {
  version: string;
  auth?: { aws_region: string; user_pool_id: string; user_pool_client_id: string; [key: string]: unknown };
  data?: { url: string; api_key?: string; [key: string]: unknown };
  /** `amplify-offline start` writes its endpoints here; outputs from AWS have none. */
  custom?: {
    local?: { user_pool_endpoint?: string; identity_pool_endpoint?: string; storage_endpoint?: string; ca_certificate?: string; [key: string]: unknown };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** The `Amplify.configure` input for amplify_outputs.json, local endpoints included when the outputs name them. */
export function configFromOutputs(outputs: AmplifyOutputs): ResourcesConfig;

/** Whether a URL points at this machine (localhost, 127.0.0.0/8 or [::1]). */
export function isLoopbackEndpoint(endpoint: string): boolean;

/** aws-amplify Storage's `customEndpoint` option for the local S3 endpoint; `{}` for outputs from AWS. */
export function storageOptions(outputs: AmplifyOutputs): { customEndpoint?: string };
