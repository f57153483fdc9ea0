import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { amplifyConfigFromOutputs, type AmplifyOutputs } from './amplify-config';

/**
 * amplify_outputs.json is read when the server starts rather than bundled, so one production
 * build serves whichever backend wrote the file: the branch's backend on Amplify Hosting
 * (`ampx pipeline-deploy` writes it before the build) or the offline backend locally.
 * next.config.js traces the file into the deployment.
 */
function loadOutputs(): AmplifyOutputs {
  const file = process.env.AMPLIFY_OUTPUTS_FILE ?? join(process.cwd(), 'amplify_outputs.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as AmplifyOutputs;
  } catch (error) {
    throw new Error(`Cannot read ${file}: run the backend first (\`npm start\` locally, \`ampx pipeline-deploy\` on Amplify). ${String(error)}`);
  }
}

export const amplifyOutputs = loadOutputs();
export const amplifyConfig = amplifyConfigFromOutputs(amplifyOutputs);
