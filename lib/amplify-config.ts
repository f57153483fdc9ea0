import type { ResourcesConfig } from 'aws-amplify';
import { parseAmplifyConfig } from 'aws-amplify/utils';
import { quietLocalUserPoolEndpointWarning } from './local-endpoint-warning';

/** The parts of amplify_outputs.json that Folio reads beyond what parseAmplifyConfig maps. */
export interface AmplifyOutputs {
  version: string;
  auth?: { aws_region: string; user_pool_id: string; user_pool_client_id: string };
  data?: { url: string; api_key?: string };
  custom?: { local?: { user_pool_endpoint?: string } };
  [key: string]: unknown;
}

/**
 * Builds the Amplify config from amplify_outputs.json. parseAmplifyConfig does not map a
 * user-pool endpoint, so one the outputs name (the offline backend writes it under
 * custom.local) is added here; outputs from AWS have none and the SDK default applies.
 */
export function amplifyConfigFromOutputs(outputs: AmplifyOutputs): ResourcesConfig {
  const config = parseAmplifyConfig(outputs);
  const userPoolEndpoint = outputs.custom?.local?.user_pool_endpoint;
  const cognito = config.Auth?.Cognito;
  if (userPoolEndpoint && cognito) {
    // The Cognito config type is a union of pool-only, identity-only and both; the spread keeps its variant.
    config.Auth = { ...config.Auth, Cognito: { ...cognito, userPoolEndpoint } } as ResourcesConfig['Auth'];
    quietLocalUserPoolEndpointWarning(userPoolEndpoint);
  }
  return config;
}
