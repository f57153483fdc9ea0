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

export function amplifyOutputs(): AmplifyOutputs {
  outputs ??= loadOutputs();
  return outputs;
}

export function amplifyConfig(): ResourcesConfig {
  config ??= amplifyConfigFromOutputs(amplifyOutputs());
  return config;
}
