import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Phase {
  commands: string[];
}
type PhaseName = 'preBuild' | 'build' | 'postBuild';
interface Section {
  phases: Partial<Record<PhaseName, Phase>>;
}
interface AmplifyYml {
  version: number;
  backend: Section & { phases: { preBuild: Phase; build: Phase } };
  frontend: Section & {
    phases: { preBuild: Phase; build: Phase };
    artifacts: { baseDirectory: string; files: string[] };
    cache: { paths: string[] };
  };
}

const spec = parse(readFileSync(join(__dirname, '..', 'amplify.yml'), 'utf8')) as AmplifyYml;
const engines = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

/**
 * Replays a section's commands in the order Amplify runs its phases, following `nvm install N` /
 * `nvm use N`, and returns each command that runs on Node (npm, npx, node) with the Node major it
 * gets. A section starts with nothing selected: it must not depend on what another one left behind.
 */
function nodeMajorOfEachNodeCommand(section: Section): { command: string; major: number | undefined }[] {
  const runs: { command: string; major: number | undefined }[] = [];
  let major: number | undefined;
  for (const phase of ['preBuild', 'build', 'postBuild'] as const) {
    for (const command of section.phases[phase]?.commands ?? []) {
      for (const part of command.split(/&&|\|\||;/).map((piece) => piece.trim())) {
        const nvm = part.match(/^nvm (?:install|use) (\S+)$/);
        if (nvm) major = /^\d+$/.test(nvm[1]!) ? Number(nvm[1]) : Number.NaN;
        else if (/^(?:npm|npx|node)\b/.test(part)) runs.push({ command: part, major });
      }
    }
  }
  return runs;
}

describe('amplify.yml', () => {
  it('requires Node 22 or newer, with no upper bound, in package.json engines', () => {
    expect(engines).toMatch(/^>=\s*22(?:\.\d+){0,2}$/);
  });

  it.each(['backend', 'frontend'] as const)('runs every npm, npx and node command of the %s on Node 22', (name) => {
    const runs = nodeMajorOfEachNodeCommand(spec[name]);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs).toEqual(runs.map(({ command }) => ({ command, major: 22 })));
  });

  it('installs the locked dependencies before deploying the backend', () => {
    const commands = spec.backend.phases.preBuild.commands;
    expect(commands).toContainEqual(expect.stringMatching(/^npm ci\b/));
  });

  it('deploys one backend per branch with pipeline-deploy, then seeds non-production deployments', () => {
    const commands = spec.backend.phases.build.commands;
    expect(commands[0]).toBe('npx ampx pipeline-deploy --branch $AWS_BRANCH --app-id $AWS_APP_ID');
    expect(commands.indexOf('npx tsx amplify/seed/seed.ts')).toBeGreaterThan(0);
  });

  it('passes exactly the variables the server reads into .env.production, then builds', () => {
    const commands = spec.frontend.phases.build.commands;
    const envLine = commands.find((command) => command.includes('.env.production'));
    expect(envLine).toBeDefined();
    const variables = envLine!.match(/\^\(([^)]+)\)=/)?.[1]?.split('|');
    expect(variables?.sort()).toEqual(
      [
        'AWS_BRANCH',
        'AWS_COMMIT_ID',
        'AWS_PULL_REQUEST_ID',
        'AWS_PULL_REQUEST_SOURCE_BRANCH',
        'FOLIO_PRODUCTION_BRANCH',
        'FOLIO_REVALIDATE_SECRET',
        'FOLIO_SITE_URL',
      ].sort(),
    );
    expect(commands.indexOf(envLine!)).toBeLessThan(commands.indexOf('npm run build'));
  });

  it('ships the .next output and caches npm and the Next build cache', () => {
    expect(spec.frontend.artifacts).toEqual({ baseDirectory: '.next', files: ['**/*'] });
    expect(spec.frontend.cache.paths).toEqual(expect.arrayContaining(['.npm/**/*', '.next/cache/**/*']));
  });
});

describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };

  it.each(['darwin-arm64', 'darwin-x64', 'win32-x64-msvc', 'linux-x64-gnu', 'linux-arm64-gnu'])(
    'lists the Next.js compiler binary for %s so laptops and the Amplify build image install',
    (platform) => {
      expect(lock.packages).toHaveProperty([`node_modules/@next/swc-${platform}`]);
    },
  );
});
