// @ts-check
'use strict';
// Server-side piece for apps that verify Cognito tokens on their server (the Next.js adapter does,
// through aws-jwt-verify). Plain CommonJS for the same reason as ../client.
const { readFileSync } = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');

/**
 * aws-jwt-verify fetches a pool's keys from the fixed AWS address
 * `https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/jwks.json`, which the offline
 * user pool cannot answer. When — and only when — the outputs name a local user-pool endpoint,
 * that one URL is fetched from the local pool's identical JWKS path instead. Every other request,
 * and every check on the token (signature, issuer, audience, expiry), is left as it is.
 * Returns a function that restores the original `https.request`.
 * @param {import('../client').AmplifyOutputs} outputs
 * @returns {() => void}
 */
function routeJwksToLocalUserPool(outputs) {
  const endpoint = outputs.custom?.local?.user_pool_endpoint;
  const auth = outputs.auth;
  if (typeof endpoint !== 'string' || !auth) return () => undefined;
  const awsJwksUrl = `https://cognito-idp.${auth.aws_region}.amazonaws.com/${auth.user_pool_id}/.well-known/jwks.json`;
  const localJwksUrl = new URL(`${auth.user_pool_id}/.well-known/jwks.json`, endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
  const original = https.request;
  /** @this {unknown} @param {unknown[]} args */
  function routedRequest(...args) {
    const [target, second, third] = args;
    const url = target instanceof URL ? target.href : typeof target === 'string' ? target : undefined;
    if (url !== awsJwksUrl) return original.apply(this, /** @type {Parameters<typeof https.request>} */ (/** @type {unknown} */ (args)));
    const options = typeof second === 'object' && second !== null ? { .../** @type {http.RequestOptions} */ (second) } : {};
    delete options.agent;
    const callback = /** @type {((res: http.IncomingMessage) => void) | undefined} */ (typeof second === 'function' ? second : third);
    // The local pool's own scheme: plain HTTP from amplify-offline, HTTPS if it serves TLS.
    return (localJwksUrl.protocol === 'https:' ? original : http.request)(localJwksUrl, options, callback);
  }
  const routed = /** @type {typeof https.request} */ (routedRequest);
  https.request = routed;
  return () => {
    if (https.request === routed) https.request = original;
  };
}

/**
 * Makes this process trust the local certificate authority the outputs name
 * (`custom.local.ca_certificate`, written by `amplify-offline start` for its HTTPS endpoints) in
 * addition to the certificates it already trusts: TLS verification stays on for every connection.
 * A no-op for outputs from AWS. Returns whether the CA was added.
 * @param {import('../client').AmplifyOutputs} outputs
 * @returns {boolean}
 */
function trustLocalCertificates(outputs) {
  const file = outputs.custom?.local?.ca_certificate;
  if (typeof file !== 'string') return false;
  if (typeof tls.setDefaultCACertificates !== 'function') {
    throw new Error(`This Node.js (${process.version}) cannot add a trusted CA at run time; start it with NODE_EXTRA_CA_CERTS=${file} instead.`);
  }
  const ca = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const current = tls.getCACertificates('default');
  // Node hands the set back with LF line ends; compared that way, a second call adds nothing.
  const same = (/** @type {string} */ pem) => pem.replace(/\r\n/g, '\n').trim() === ca.trim();
  if (!current.some(same)) tls.setDefaultCACertificates([...current, ca]);
  return true;
}

module.exports = { routeJwksToLocalUserPool, trustLocalCertificates };
