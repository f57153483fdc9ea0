// `npm run bench:authors [-- --small]`: prints (never asserts) what happens when many people save
// one post at once (issue #15: "20 authors saving concurrently for 60 s: 0 lost updates"). Twenty
// studio sessions — the post's author in eight tabs, an editor in six, an admin in six — each loop:
// open the post (the version their edits are based on), type for a moment, save through the
// studio's own save (lib/posts/lifecycle.ts updateDraft) on the offline backend, through the
// unchanged aws-amplify data client. Each save writes a body no other save writes. A save lands or
// is refused as a conflict; afterwards the landed saves are checked to form one unbroken history
// from the first version to the one read back: two landed saves based on the same version would
// mean one overwrote the other unseen (a lost update).
// Full scale: 20 sessions for 60 s. --small: 20 sessions for 10 s. The figures are printed, never
// judged; the exit code says only whether the history held (no lost update, no failed save other
// than a conflict, the last landed save read back), so `npm test` can run it small.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn } from 'aws-amplify/auth';
import { cognitoCredentialsProvider, cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { generateClient } from 'aws-amplify/data';
import { sharedInMemoryStorage } from 'aws-amplify/utils';
import { configFromOutputs, type AmplifyOutputs } from 'amplify-offline/client';
import type { Schema } from '../amplify/data/resource';
import { DEMO_ACCOUNTS } from '../amplify/seed/demo-content';
import { createDraft, getStudioPost, PostConflictError, updateDraft, type PostsDataClient } from '../lib/posts';
import { ANY_FREE_PORTS, startBackend } from './offline-backend';

const small = process.argv.includes('--small');
const seconds = small ? 10 : 60;
const SESSIONS: readonly ('ann' | 'eli' | 'admin')[] = [...Array<'ann'>(8).fill('ann'), ...Array<'eli'>(6).fill('eli'), ...Array<'admin'>(6).fill('admin')];

interface Landed {
  session: number;
  base: string;
  result: string;
  body: string;
}

async function tokenOf(key: string): Promise<string> {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.key === key);
  if (!account) throw new Error(`no demo account ${key}`);
  // Each account from an empty token store, left signed in (signing out would revoke its tokens).
  await sharedInMemoryStorage.clear();
  await cognitoCredentialsProvider.clearCredentialsAndIdentityId();
  const result = await signIn({ username: account.email, password: account.password });
  if (!result.isSignedIn) throw new Error(`${account.email}: not signed in`);
  const token = (await fetchAuthSession()).tokens?.accessToken.toString();
  if (!token) throw new Error(`${account.email}: no access token`);
  return token;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) : 0;
};

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'folio-bench-authors-'));
  const outputsFile = join(work, 'amplify_outputs.json');
  const backend = await startBackend({
    ports: ANY_FREE_PORTS,
    env: { FOLIO_DATA_DIR: join(work, 'data'), FOLIO_OUTPUTS: outputsFile, FOLIO_SEED: '1' },
    timeoutMs: 180_000,
  });
  try {
    const outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as AmplifyOutputs;
    Amplify.configure(configFromOutputs(outputs));
    cognitoUserPoolsTokenProvider.setKeyValueStorage(sharedInMemoryStorage);
    const tokens = new Map<string, string>();
    for (const key of new Set(SESSIONS)) tokens.set(key, await tokenOf(key));
    // One client per account, each sending its own token (the studio's server client does the same per request).
    const clientOf = (key: string) => generateClient<Schema>({ authMode: 'userPool', authToken: tokens.get(key) }) as unknown as PostsDataClient;

    const post = await createDraft(clientOf('ann'), {
      title: 'Saved by twenty people at once',
      slug: `twenty-at-once-${Date.now()}`,
      excerpt: '',
      body: 'The first version.',
      tags: [],
      authorName: 'Ann Author',
      authorHandle: 'ann',
    });
    const landed: Landed[] = [];
    const latencies: number[] = [];
    let conflicts = 0;
    const failures = new Map<string, number>();
    const endAt = Date.now() + seconds * 1000;

    await Promise.all(
      SESSIONS.map(async (key, session) => {
        const client = clientOf(key);
        for (let n = 0; Date.now() < endAt; n += 1) {
          try {
            const opened = await getStudioPost(client, post.id);
            if (!opened) throw new Error('the post is gone');
            await new Promise((done) => setTimeout(done, Math.random() * 200));
            const body = `${opened.body.split('\n').slice(-3).join('\n')}\nSession ${session} (${key}), save ${n}.`;
            const started = performance.now();
            try {
              const saved = await updateDraft(
                client,
                post.id,
                { title: opened.title, slug: opened.slug, excerpt: opened.excerpt, body, tags: opened.tags },
                opened.version,
              );
              landed.push({ session, base: opened.version, result: saved.version, body });
            } catch (error) {
              if (!(error instanceof PostConflictError)) throw error;
              conflicts += 1;
            } finally {
              latencies.push(performance.now() - started);
            }
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            failures.set(message, (failures.get(message) ?? 0) + 1);
          }
        }
      }),
    );

    const final = await getStudioPost(clientOf('ann'), post.id);
    // The landed saves must chain: the first based on the version created, each next one on the
    // previous one's result, the last one's result being what is stored now.
    const byBase = new Map<string, Landed[]>();
    for (const save of landed) byBase.set(save.base, [...(byBase.get(save.base) ?? []), save]);
    const sameBase = [...byBase.values()].filter((saves) => saves.length > 1).reduce((sum, saves) => sum + saves.length - 1, 0);
    let version = post.version;
    let chained = 0;
    while (byBase.get(version)?.length === 1) {
      version = byBase.get(version)?.[0]?.result ?? '';
      chained += 1;
    }
    const lastLanded = landed.find((save) => save.result === final?.version);

    console.log(`Concurrent saves of one post: ${SESSIONS.length} sessions (ann ×8, eli ×6, admin ×6) for ${seconds} s`);
    console.log(`  saves attempted: ${landed.length + conflicts}, landed: ${landed.length}, refused as conflicts: ${conflicts}`);
    console.log(`  save latency (landed or refused): p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`);
    console.log(`  other failures: ${failures.size === 0 ? 0 : [...failures].map(([message, count]) => `${count} × ${message}`).join('; ')}`);
    console.log(`  landed saves based on a version another landed save was also based on (lost updates): ${sameBase}`);
    console.log(`  landed saves in one unbroken history from the first version: ${chained} of ${landed.length}`);
    const readBack = final?.version === version && lastLanded !== undefined;
    console.log(`  read back: ${readBack ? 'the last save of that history' : 'NOT the last save of the history'}`);
    return sameBase === 0 && chained === landed.length && failures.size === 0 && readBack && landed.length > 0;
  } finally {
    await backend.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (held) => process.exit(held ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
