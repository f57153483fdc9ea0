import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint } from '../src/synth';

/** An app whose backend imports a module outside amplify/, which reads an environment variable. */
let app: string;
beforeEach(() => {
  app = mkdtempSync(join(tmpdir(), 'synth-fingerprint-'));
  mkdirSync(join(app, 'amplify'));
  mkdirSync(join(app, 'shared'));
  writeFileSync(join(app, 'amplify', 'backend.ts'), "import { stage } from '../shared/stage';\nexport const name = stage();\n");
  writeFileSync(join(app, 'amplify', 'backend.test.ts'), "import '../unrelated/helper';\nconst x = process.env.ONLY_IN_A_TEST;\n");
  writeFileSync(join(app, 'shared', 'stage.ts'), "export const stage = () => process.env.APP_STAGE ?? 'dev';\n");
});
afterEach(() => rmSync(app, { recursive: true, force: true }));

test('follows the backend’s imports out of amplify/ and collects the variables they read, not the tests’', () => {
  const { names } = fingerprint(app);
  expect([...names]).toEqual(['APP_STAGE']);
});

test('changes when an imported module outside amplify/ changes', () => {
  const before = fingerprint(app).hash;
  expect(fingerprint(app).hash).toBe(before);
  writeFileSync(join(app, 'shared', 'stage.ts'), "export const stage = () => process.env.APP_STAGE ?? 'prod';\n");
  expect(fingerprint(app).hash).not.toBe(before);
});
