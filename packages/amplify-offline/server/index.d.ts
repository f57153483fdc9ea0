import type { AmplifyOutputs } from '../client';

/**
 * Serves aws-jwt-verify's fetch of the AWS JWKS address from the local user pool when the outputs
 * name one (`custom.local.user_pool_endpoint`); a no-op for outputs from AWS. Returns an undo function.
 */
export function routeJwksToLocalUserPool(outputs: AmplifyOutputs): () => void;

/**
 * Makes this process trust the local CA the outputs name (`custom.local.ca_certificate`) besides
 * the certificates it already trusts; a no-op (false) for outputs from AWS.
 */
export function trustLocalCertificates(outputs: AmplifyOutputs): boolean;
