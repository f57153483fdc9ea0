import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { storageOptions } from 'amplify-offline/client';
import { trustLocalCertificates } from 'amplify-offline/server';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { uploadData } from 'aws-amplify/storage';
import sharp from 'sharp';
import { amplifyConfigFromOutputs, type AmplifyOutputs } from '../../lib/amplify-config';
import { mediaImage, randomImageName } from '../../lib/media/rules';
import { ensureAuthorProfile } from '../../lib/authors';
import { createDraft, publishPost } from '../../lib/posts';
import type { Schema } from '../data/resource';
import { ROLE_GROUPS } from '../../lib/roles';
import { DEMO_ACCOUNTS, DEMO_POSTS, type DemoAccount, type DemoPost } from './demo-content';

export interface SeedOptions {
  outputs: AmplifyOutputs;
  /** Admin API of the user pool: the local emulator, or AWS with the deploy role's credentials. */
  cognito: CognitoIdentityProviderClient;
  /** Refuses to run when true (production backends are never seeded). */
  isProduction?: boolean;
  /** One password for every demo account instead of the documented local defaults (deployed previews). */
  passwordOverride?: string;
  log?: (line: string) => void;
}

export interface SeedReport {
  usersCreated: number;
  postsCreated: number;
  postsPublished: number;
}

async function ensureAccount(cognito: CognitoIdentityProviderClient, userPoolId: string, account: DemoAccount): Promise<boolean> {
  // Looked up by e-mail: with e-mail sign-in the Cognito username is a generated id.
  const existing = await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId, Filter: `email = "${account.email}"`, Limit: 1 }));
  if (existing.Users?.length) return false;
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: account.email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: account.email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: account.name },
      ],
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: account.email, Password: account.password, Permanent: true }));
  // Created by an admin, the account gets no post-confirmation trigger: its role is set here.
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: account.email, GroupName: ROLE_GROUPS[account.role] }));
  return true;
}

/**
 * Creates the demo accounts through the user pool's admin API and their posts through the data
 * API, signed in as each author (SRP, like the browser), so owner rules apply as in real use.
 * Idempotent: accounts are looked up by e-mail and posts by slug, and only what is missing is added.
 */
export async function seedDemoContent(options: SeedOptions): Promise<SeedReport> {
  const log = options.log ?? console.log;
  if (options.isProduction) throw new Error('Refusing to seed a production backend.');
  const userPoolId = options.outputs.auth?.user_pool_id;
  if (!userPoolId) throw new Error('The outputs have no user pool to seed.');
  const report: SeedReport = { usersCreated: 0, postsCreated: 0, postsPublished: 0 };
  const accounts = DEMO_ACCOUNTS.map((account) => ({ ...account, password: options.passwordOverride ?? account.password }));
  for (const account of accounts) {
    if (await ensureAccount(options.cognito, userPoolId, account)) report.usersCreated += 1;
  }

  Amplify.configure(amplifyConfigFromOutputs(options.outputs));
  // The offline backend's storage speaks HTTPS with a local CA (a no-op for outputs from AWS).
  trustLocalCertificates(options.outputs);
  const client = generateClient<Schema>({ authMode: 'userPool' });
  for (const account of accounts) {
    const posts = DEMO_POSTS.filter((post) => post.author === account.key);
    if (posts.length === 0) continue;
    await signOut();
    const result = await signIn({ username: account.email, password: account.password });
    if (!result.isSignedIn) throw new Error(`Seeding: ${account.email} could not sign in (${result.nextStep.signInStep}).`);
    try {
      const { userId } = await getCurrentUser();
      const authorHandle = await ensureAuthorProfile(client, { userId, name: account.name, email: account.email }, account.bio);
      for (const post of posts) {
        const existing = await client.models.Post.listPostsBySlug({ slug: post.slug });
        if (existing.errors?.length) throw new Error(existing.errors.map((error) => error.message).join('; '));
        const record = existing.data[0];
        let id = record?.id;
        let published = record?.status === 'PUBLISHED';
        if (!id) {
          id = (
            await createDraft(client, {
              title: post.title,
              slug: post.slug,
              excerpt: post.excerpt,
              body: post.body,
              tags: post.tags,
              ...(post.cover ? { coverImage: await uploadCover(post.cover, options.outputs), coverAlt: post.cover.alt } : {}),
              authorName: account.name,
              authorHandle,
            })
          ).id;
          report.postsCreated += 1;
          published = false;
        }
        if (post.publishedAt && !published) {
          await publishPost(client, id, new Date(post.publishedAt));
          report.postsPublished += 1;
        }
      }
    } finally {
      await signOut();
    }
  }
  log(`[seed] ${report.usersCreated} accounts, ${report.postsCreated} posts created, ${report.postsPublished} published`);
  return report;
}

/**
 * Draws a cover (a diagonal two-colour gradient, 1600 × 900 JPEG, no metadata) and uploads it to
 * the signed-in author's media folder, as the studio's server action would after processing;
 * returns its public URL.
 */
async function uploadCover(cover: NonNullable<DemoPost['cover']>, outputs: AmplifyOutputs): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${cover.from}"/><stop offset="1" stop-color="${cover.to}"/></linearGradient></defs><rect width="1600" height="900" fill="url(#g)"/></svg>`;
  const data = await sharp(Buffer.from(svg)).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
  const { identityId } = await fetchAuthSession();
  if (!identityId) throw new Error('Seeding: the author has no identity-pool identity, so covers cannot be uploaded.');
  const image = mediaImage(identityId, randomImageName(), 1600, 900, 'jpg');
  // aws-amplify types `customEndpoint` only internally, though every Storage call reads it.
  await uploadData({ path: image.path, data, options: { contentType: 'image/jpeg', ...(storageOptions(outputs) as object) } }).result;
  return image.url;
}
