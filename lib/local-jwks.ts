import 'server-only'; // Patches Node's http(s) for the local JWKS route (instrumentation).
import http from 'node:http';
import https from 'node:https';
import type { AmplifyOutputs } from './amplify-config';

type HttpsRequest = typeof https.request;

/**
 * aws-jwt-verify (inside adapter-nextjs) fetches a pool's keys from the fixed AWS address
 * `https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/jwks.json`, which the offline
 * user pool cannot answer. When — and only when — the outputs name a local user-pool endpoint,
 * that one URL is served from the local pool's identical JWKS path. Every other request, and
 * every check on the token (signature, issuer, client, expiry), is untouched.
 * Returns a function that restores the original `https.request`.
 */
export function routeJwksToLocalUserPool(outputs: AmplifyOutputs): () => void {
  const endpoint = outputs.custom?.local?.user_pool_endpoint;
  const auth = outputs.auth;
  if (!endpoint || !auth) return () => undefined;
  const awsJwksUrl = `https://cognito-idp.${auth.aws_region}.amazonaws.com/${auth.user_pool_id}/.well-known/jwks.json`;
  const localJwksUrl = new URL(`${auth.user_pool_id}/.well-known/jwks.json`, endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
  const original = https.request;
  const routed = function (this: unknown, ...args: Parameters<HttpsRequest>) {
    const [target, second, third] = args as [unknown, unknown, unknown];
    const url = target instanceof URL ? target.href : typeof target === 'string' ? target : undefined;
    if (url !== awsJwksUrl) return (original as (...a: unknown[]) => ReturnType<HttpsRequest>).apply(this, args);
    const options = typeof second === 'object' && second !== null ? { ...(second as http.RequestOptions) } : {};
    delete options.agent;
    const callback = (typeof second === 'function' ? second : third) as ((res: http.IncomingMessage) => void) | undefined;
    return http.request(localJwksUrl, options, callback);
  } as HttpsRequest;
  https.request = routed;
  return () => {
    if (https.request === routed) https.request = original;
  };
}
