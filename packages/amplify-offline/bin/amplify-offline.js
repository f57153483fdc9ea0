#!/usr/bin/env node
// The package is written in TypeScript and runs through tsx's loaders (a declared dependency), the
// same loader ampx uses for amplify/backend.ts, so no build step stands between a change and a run.
// Both hooks: the CLI is loaded with require(), an app's --seed module with import(), and either may
// be TypeScript importing without file extensions.
'use strict';
require('tsx/esm/api').register();
require('tsx/cjs');
require('../src/cli.ts');
