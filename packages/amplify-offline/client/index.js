// @ts-check
'use strict';
// What an app's browser and server code import to talk to the offline backend with the unchanged
// aws-amplify libraries. Plain CommonJS with JSDoc types, so that any bundler and any test runner
// load it as it is (no build step, no TypeScript loader in the app).
const { parseAmplifyConfig } = require('aws-amplify/utils');

/**
 * aws-amplify warns on every Auth configure that names a user-pool or identity-pool endpoint
 * (@aws-amplify/core: `getCustomEndpointWarningMessage('Amazon Cognito User Pool')`), and a server-rendered app
 * configures once per request, so logs fill with it. The library has no per-message switch (its
 * one knob, ConsoleLogger.LOG_LEVEL, hides every Amplify warning), so exactly that line is
 * dropped, and only while the endpoint is on this machine.
 */
const USER_POOL_ENDPOINT_WARNING =
  /^\[WARN\] \d{2}:\d{2}\.\d{1,3} Auth - You are using a custom Amazon (?:Amazon )?Cognito (?:User|Identity) Pool endpoint, ensure the endpoint is correct\.$/;

let warningQuieted = false;

/**
 * Whether a URL points at this machine (localhost, 127.0.0.0/8 or [::1]).
 * @param {string} endpoint
 * @returns {boolean}
 */
function isLoopbackEndpoint(endpoint) {
  try {
    const { hostname } = new URL(endpoint);
    return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
  } catch {
    return false;
  }
}

/**
 * Whether the installed aws-amplify reads `Auth.Cognito.identityPoolEndpoint` (6.22 and later).
 * Older clients would send the local identity pool's id, and signed-in users' local tokens, to
 * AWS's Cognito Identity; with them the local identity pool is left out of the configuration.
 * @returns {boolean}
 */
function clientReadsIdentityPoolEndpoint() {
  try {
    const [major = 0, minor = 0] = String(require('aws-amplify/package.json').version).split('.').map(Number);
    return major > 6 || (major === 6 && minor >= 22);
  } catch {
    return false;
  }
}

/** @param {string} endpoint */
function quietLocalUserPoolEndpointWarning(endpoint) {
  if (warningQuieted || !isLoopbackEndpoint(endpoint)) return;
  warningQuieted = true;
  const warn = console.warn;
  console.warn = function (...args) {
    if (args.length === 1 && typeof args[0] === 'string' && USER_POOL_ENDPOINT_WARNING.test(args[0])) return;
    warn.apply(console, args);
  };
}

/**
 * The `Amplify.configure` input for amplify_outputs.json, whoever wrote it. `parseAmplifyConfig`
 * maps everything but the local Cognito endpoints, which `amplify-offline start` writes under
 * `custom.local` (`user_pool_endpoint`, and `identity_pool_endpoint` when the app has an identity
 * pool; aws-amplify 6.22 and later read it); those are added here. Outputs from AWS have no
 * `custom.local` and come back exactly as `parseAmplifyConfig` returns them, so an app calls this
 * in every environment and has no local branch of its own.
 * @param {import('./index').AmplifyOutputs} outputs
 * @returns {import('aws-amplify').ResourcesConfig}
 */
function configFromOutputs(outputs) {
  const config = parseAmplifyConfig(/** @type {Parameters<typeof parseAmplifyConfig>[0]} */ (outputs));
  const userPoolEndpoint = outputs.custom?.local?.user_pool_endpoint;
  const identityPoolEndpoint = outputs.custom?.local?.identity_pool_endpoint;
  const cognito = config.Auth?.Cognito;
  if (typeof userPoolEndpoint === 'string' && cognito) {
    /** @type {Record<string, unknown>} */
    const local = { ...cognito, userPoolEndpoint };
    if (typeof identityPoolEndpoint === 'string' && cognito.identityPoolId) {
      if (clientReadsIdentityPoolEndpoint()) {
        local.identityPoolEndpoint = identityPoolEndpoint;
      } else {
        delete local.identityPoolId;
        delete local.allowGuestAccess;
      }
    }
    // The Cognito config type is a union (pool only, identity pool only, both); the cast keeps its variant.
    config.Auth = /** @type {import('aws-amplify').ResourcesConfig['Auth']} */ ({ ...config.Auth, Cognito: local });
    quietLocalUserPoolEndpointWarning(userPoolEndpoint);
  }
  return config;
}

/**
 * What aws-amplify's Storage calls take to reach the local S3 endpoint (`options.customEndpoint`,
 * from `custom.local.storage_endpoint`); `{}` for outputs from AWS. Spread it into each call's
 * options, in every environment.
 * @param {import('./index').AmplifyOutputs} outputs
 * @returns {{ customEndpoint?: string }}
 */
function storageOptions(outputs) {
  const endpoint = outputs.custom?.local?.storage_endpoint;
  return typeof endpoint === 'string' ? { customEndpoint: endpoint } : {};
}

module.exports = { configFromOutputs, isLoopbackEndpoint, storageOptions };
