import 'server-only'; // Reads amplify_outputs.json from disk at server start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourcesConfig } from 'aws-amplify';
import { amplifyConfigFromOutputs, type AmplifyOutputs } from './amplify-config';

/**
 * amplify_outputs.json is read at run time rather than bundled, so one production build serves
 * whichever backend wrote the file: the branch's backend on Amplify Hosting (`ampx
 * pipeline-deploy` writes it before the build) or the offline backend locally. It is read on
 * first use, not at import, so modules that import `lib/` load (and unit-test) without it.
 * next.config traces the file into the deployment.
 */
function loadOutputs(): AmplifyOutputs {
  const file = process.env.AMPLIFY_OUTPUTS_FILE ?? join(process.cwd(), 'amplify_outputs.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as AmplifyOutputs;
  } catch (error) {
    throw new Error(`Cannot read ${file}: run the backend first (\`npm start\` locally, \`ampx pipeline-deploy\` on Amplify). ${String(error)}`);
  }
}

let outputs: AmplifyOutputs | undefined;
let config: ResourcesConfig | undefined;
let serverConfig: ResourcesConfig | undefined;

export function amplifyOutputs(): AmplifyOutputs {
  outputs ??= loadOutputs();
  return outputs;
}

export function amplifyConfig(): ResourcesConfig {
  config ??= amplifyConfigFromOutputs(amplifyOutputs());
  return config;
}

/**
 * The configuration server code runs with: the same, minus the identity pool. The server only
 * reads sessions (user-pool tokens from the cookies) and public data (the API key); with the pool
 * configured, every server-side `fetchAuthSession` (middleware, pages, actions) would also fetch
 * identity-pool credentials it never uses, two Cognito Identity calls per studio request. The
 * browser keeps the full configuration.
 */
export function amplifyServerConfig(): ResourcesConfig {
  serverConfig ??= withoutIdentityPool(amplifyConfig());
  return serverConfig;
}

export function withoutIdentityPool(full: ResourcesConfig): ResourcesConfig {
  const cognito = full.Auth?.Cognito;
  if (!cognito || !('identityPoolId' in cognito)) return full;
  const { identityPoolId: _pool, identityPoolEndpoint: _endpoint, allowGuestAccess: _guests, ...userPoolOnly } = cognito;
  return { ...full, Auth: { ...full.Auth, Cognito: userPoolOnly } as ResourcesConfig['Auth'] };
}
