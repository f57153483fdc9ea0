import { resolve } from 'node:path';
import { startLocalBackend } from './index';
import { backendPaths, backendPorts, READY_LINE } from './launcher';

/**
 * `npm run backend`: starts the offline backend, writes amplify_outputs.json and seeds demo
 * content on first start. Environment: FOLIO_DATA_DIR (default .local-data/dev),
 * FOLIO_OUTPUTS (default amplify_outputs.json), FOLIO_SEED=0 to skip seeding, and
 * FOLIO_COGNITO_PORT / FOLIO_APPSYNC_PORT / FOLIO_DYNAMODB_PORT (defaults 4010 / 4020 / 4030; 0 = any free port),
 * read by ./launcher, which is also how scripts and tests run this file as a child process.
 */
async function main(): Promise<void> {
  const projectRoot = resolve(__dirname, '..', '..');
  const started = performance.now();
  const { dataDir, outputsFile } = backendPaths();
  const backend = await startLocalBackend({ projectRoot, dataDir, outputsFile, ports: backendPorts() });
  if (process.env.FOLIO_SEED !== '0') {
    const { seedLocalBackend } = await import('./seed');
    await seedLocalBackend({ outputs: backend.outputs, dataDir });
  }
  const total = Math.round(performance.now() - started);
  // One line a parent process can parse (./launcher does): where everything is and how long it took.
  console.log(`${READY_LINE} ${JSON.stringify({ endpoints: backend.endpoints, outputs: outputsFile, dataDir, ms: total, timings: backend.timings })}`);
  const stop = () => {
    backend.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
