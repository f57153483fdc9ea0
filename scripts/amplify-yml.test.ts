import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Phase {
  commands: string[];
}
interface AmplifyYml {
  version: number;
  backend: { phases: { preBuild: Phase; build: Phase } };
  frontend: {
    phases: { preBuild: Phase; build: Phase };
    artifacts: { baseDirectory: string; files: string[] };
    cache: { paths: string[] };
  };
}

const spec = parse(readFileSync(join(__dirname, '..', 'amplify.yml'), 'utf8')) as AmplifyYml;

describe('amplify.yml', () => {
  it('installs the locked dependencies with a pinned Node version before deploying the backend', () => {
    const commands = spec.backend.phases.preBuild.commands;
    expect(commands[0]).toMatch(/nvm install 20 && nvm use 20/);
    expect(commands).toContainEqual(expect.stringMatching(/^npm ci\b/));
    expect(spec.frontend.phases.preBuild.commands).toContainEqual('nvm use 20');
    const engines = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toMatch(/^>=20 <21$/);
  });

  it('deploys one backend per branch with pipeline-deploy, then seeds non-production deployments', () => {
    const commands = spec.backend.phases.build.commands;
    expect(commands[0]).toBe('npx ampx pipeline-deploy --branch $AWS_BRANCH --app-id $AWS_APP_ID');
    expect(commands.indexOf('npx tsx scripts/seed-deployment.ts')).toBeGreaterThan(0);
  });

  it('passes exactly the variables the server reads into .env.production, then builds', () => {
    const commands = spec.frontend.phases.build.commands;
    const envLine = commands.find((command) => command.includes('.env.production'));
    expect(envLine).toBeDefined();
    const variables = envLine!.match(/\^\(([^)]+)\)=/)?.[1]?.split('|');
    expect(variables?.sort()).toEqual(
      ['AWS_BRANCH', 'AWS_COMMIT_ID', 'AWS_PULL_REQUEST_ID', 'AWS_PULL_REQUEST_SOURCE_BRANCH', 'FOLIO_PRODUCTION_BRANCH', 'FOLIO_SITE_URL'].sort(),
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
