/**
 * The Amplify configuration comes from amplify_outputs.json through amplify-offline's client
 * helper: outputs from AWS pass through `parseAmplifyConfig` unchanged, and outputs the offline
 * backend wrote gain the local endpoints `parseAmplifyConfig` does not map. Folio itself never asks
 * which backend it is talking to.
 */
export { configFromOutputs as amplifyConfigFromOutputs, type AmplifyOutputs } from 'amplify-offline/client';
