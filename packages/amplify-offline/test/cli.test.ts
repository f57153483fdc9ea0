import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserPasswordCommand,
  SetUserMFAPreferenceCommand,
  CognitoIdentityProviderClient,
  ListGroupsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalCredentials } from '../src';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { ConsoleLogger } from 'aws-amplify/utils';
import { configFromOutputs, type AmplifyOutputs } from '../client';
import type { Schema } from './fixtures/custom-groups/amplify/data/resource';
import { BIN, FixtureBackend, type ReadyLine } from './helpers/cli';
import { cognitoClient } from './helpers/cognito';

/**
 * The command as an app runs it (`npx amplify-offline start` from the app root), on a fixture app
 * with groups of its own: the ready line, the groups read from the synthesized pool, the seed
 * hook, SIGTERM, and the refusals.
 */
const APP = join(__dirname, 'fixtures', 'custom-groups');
let backend: FixtureBackend;
let ready: ReadyLine;
const credentials = (): LocalCredentials => backend.credentials();

beforeAll(async () => {
  backend = await FixtureBackend.start('custom-groups', 'seed.ts');
  ({ ready } = backend);
}, 180_000);

afterAll(async () => {
  await backend?.stop();
});

test('prints one ready line whose endpoints are where the services listen, and writes the outputs there', () => {
  expect(ready.endpoints.cognito).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const outputs = JSON.parse(readFileSync(ready.outputs, 'utf8')) as { data: { url: string }; custom: { local: { user_pool_endpoint: string } } };
  expect(outputs.data.url).toBe(ready.endpoints.appsync);
  expect(outputs.custom.local.user_pool_endpoint).toBe(ready.endpoints.cognito);
  expect(backend.printed.join('')).toContain('[fixture seed] done');
});

test("the user pool has exactly the app's own groups, and the seed module used them", async () => {
  const outputs = JSON.parse(readFileSync(ready.outputs, 'utf8')) as { auth: { user_pool_id: string; aws_region: string } };
  const sdk = cognitoClient(ready.endpoints.cognito, outputs.auth.aws_region, credentials());
  const UserPoolId = outputs.auth.user_pool_id;
  try {
    const groups = await sdk.send(new ListGroupsCommand({ UserPoolId }));
    expect(groups.Groups?.map((group) => group.GroupName).sort()).toEqual(['EDITORS', 'REVIEWERS']);
    const editor = await sdk.send(new AdminListGroupsForUserCommand({ UserPoolId, Username: 'editor@example.test' }));
    expect(editor.Groups?.map((group) => group.GroupName)).toEqual(['EDITORS']);
    await expect(sdk.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: 'editor@example.test', GroupName: 'ADMINS' }))).rejects.toThrow(
      /Group not found/,
    );
  } finally {
    sdk.destroy();
  }
});

test("sign-up follows the app's password policy, not a built-in one", async () => {
  const outputs = JSON.parse(readFileSync(ready.outputs, 'utf8')) as { auth: { user_pool_client_id: string; aws_region: string } };
  const sdk = cognitoClient(ready.endpoints.cognito, outputs.auth.aws_region, credentials());
  const ClientId = outputs.auth.user_pool_client_id;
  const signUp = (Username: string, Password: string) =>
    sdk.send(new SignUpCommand({ ClientId, Username, Password, UserAttributes: [{ Name: 'email', Value: Username }] }));
  try {
    // Gen 2's default policy would take this one; the app's asks for 12 characters.
    await expect(signUp('short@example.test', 'Sh0rt-pass!')).rejects.toThrow(/Password not long enough/);
    // ...and would refuse this one (no upper case, digit or symbol), which the app's accepts.
    await expect(signUp('long@example.test', 'onlylowercaseletters')).resolves.toMatchObject({ UserConfirmed: false });
  } finally {
    sdk.destroy();
  }
});

test('an empty string is stored and read back as an empty string, as on AWS; MFA is off as the pool declares', async () => {
  const outputs = JSON.parse(readFileSync(ready.outputs, 'utf8')) as { auth: { user_pool_id: string; user_pool_client_id: string; aws_region: string } };
  const sdk = cognitoClient(ready.endpoints.cognito, outputs.auth.aws_region, credentials());
  const UserPoolId = outputs.auth.user_pool_id;
  const Username = 'empty.strings@example.test';
  const Password = 'a-long-enough-password';
  try {
    await sdk.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS' }));
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password, Permanent: true }));
    // Gen 2's app client enables SRP, custom auth and refresh only, so a server-side password sign-in is refused, as on AWS.
    await expect(
      sdk.send(
        new AdminInitiateAuthCommand({
          UserPoolId,
          ClientId: outputs.auth.user_pool_client_id,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: Username, PASSWORD: Password },
        }),
      ),
    ).rejects.toThrow('ADMIN_USER_PASSWORD_AUTH flow not enabled for this client');
    ConsoleLogger.LOG_LEVEL = 'ERROR';
    Amplify.configure(configFromOutputs(backend.outputs<AmplifyOutputs>()));
    await signIn({ username: Username, password: Password });
    const accessToken = (await fetchAuthSession()).tokens?.accessToken.toString() ?? '';
    const graphql = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(ready.endpoints.appsync, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: accessToken },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: Record<string, { id: string; text: string | null } | null>; errors?: unknown[] };
    };
    const created = await graphql('mutation ($input: CreateNoteInput!) { createNote(input: $input) { id text } }', { input: { text: '' } });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createNote?.text).toBe('');
    const read = await graphql('query ($id: ID!) { getNote(id: $id) { id text } }', { id: created.data?.createNote?.id });
    expect(read).toEqual({ data: { getNote: { id: created.data?.createNote?.id, text: '' } } });
    // The fixture's pool declares no MFA (Gen 2's default), so there is no second factor to turn on.
    const mfa = sdk.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    await expect(mfa).rejects.toThrow(/MFA is turned off for this user pool/);
  } finally {
    sdk.destroy();
    await signOut();
  }
});

test("through the unchanged aws-amplify client: the app's password policy at sign-up, and its group rule over another user's note", async () => {
  const outputs = backend.outputs<AmplifyOutputs & { auth: { user_pool_id: string; aws_region: string } }>();
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  Amplify.configure(configFromOutputs(outputs));
  const client = generateClient<Schema>();
  const email = `writer.${Date.now()}@example.test`;
  try {
    await expect(signUp({ username: email, password: 'Sh0rt-pass!', options: { userAttributes: { email } } })).rejects.toThrow(/Password not long enough/);
    await signUp({ username: email, password: 'lowercase-only-and-long', options: { userAttributes: { email } } });
    await confirmSignUp({ username: email, confirmationCode: backend.lastCode(email) });
    await signIn({ username: email, password: 'lowercase-only-and-long' });
    const note = await client.models.Note.create({ text: 'A writer’s note' });
    expect(note.errors).toBeUndefined();
    await signOut();

    // The seeded editor (invited without a password) gets one from an administrator, as in the console.
    const sdk = cognitoClient(ready.endpoints.cognito, outputs.auth.aws_region, credentials());
    await sdk
      .send(
        new AdminSetUserPasswordCommand({
          UserPoolId: outputs.auth.user_pool_id,
          Username: 'editor@example.test',
          Password: 'an-editors-long-password',
          Permanent: true,
        }),
      )
      .finally(() => sdk.destroy());
    await signIn({ username: 'editor@example.test', password: 'an-editors-long-password' });
    const edited = await client.models.Note.update({ id: note.data?.id ?? '', text: 'Edited by the EDITORS group' });
    expect(edited.errors).toBeUndefined();
    expect(edited.data?.text).toBe('Edited by the EDITORS group');
  } finally {
    await signOut();
  }
});

describe('the admin APIs answer only requests signed with the printed local credentials', () => {
  const outputs = () => JSON.parse(readFileSync(ready.outputs, 'utf8')) as { auth: { user_pool_id: string; aws_region: string } };
  const strangers: [string, LocalCredentials][] = [
    ['an unknown key', { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'whatever' }],
    ['the right key with a wrong secret', { accessKeyId: '', secretAccessKey: 'not-the-secret' }],
  ];

  it.each(strangers)('Cognito refuses %s', async (_, stranger) => {
    const caller = new CognitoIdentityProviderClient({
      endpoint: ready.endpoints.cognito,
      region: outputs().auth.aws_region,
      credentials: { ...stranger, accessKeyId: stranger.accessKeyId || credentials().accessKeyId },
      maxAttempts: 1,
    });
    try {
      const listing = caller.send(new ListGroupsCommand({ UserPoolId: outputs().auth.user_pool_id }));
      await expect(listing).rejects.toThrow(
        stranger.accessKeyId ? /security token included in the request is invalid/ : /signature we calculated does not match/,
      );
      // A signed-in user's own token is no admin credential either: adding oneself to a group needs IAM.
      const unsigned = await fetch(ready.endpoints.cognito, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminAddUserToGroup' },
        body: JSON.stringify({ UserPoolId: outputs().auth.user_pool_id, Username: 'editor@example.test', GroupName: 'REVIEWERS' }),
      });
      expect(unsigned.status).toBe(403);
      expect(await unsigned.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
    } finally {
      caller.destroy();
    }
  });

  it.each(strangers)('DynamoDB refuses %s, and serves the right one', async (_, stranger) => {
    const client = (keys: LocalCredentials) =>
      new DynamoDBClient({ endpoint: ready.endpoints.dynamodb, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
    const wrong = client({ ...stranger, accessKeyId: stranger.accessKeyId || credentials().accessKeyId });
    const right = client(credentials());
    try {
      await expect(wrong.send(new ListTablesCommand({}))).rejects.toThrow(
        /security token included in the request is invalid|signature we calculated does not match/,
      );
      const tables = await right.send(new ListTablesCommand({}));
      expect(tables.TableNames?.length).toBeGreaterThan(0);
    } finally {
      wrong.destroy();
      right.destroy();
    }
  });

  it('answers an oversize request with a 413 and a message, not a reset connection', async () => {
    const huge = JSON.stringify({ ClientId: 'x', Username: 'a'.repeat(2 * 1024 * 1024) });
    const response = await fetch(ready.endpoints.cognito, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
      body: huge,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ __type: 'SerializationException', message: expect.stringMatching(/too large/) as unknown });
  });
});

describe('bad requests to the data API get a message, never a stack trace', () => {
  const post = (body: string) => fetch(ready.endpoints.appsync, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it.each([
    ['malformed JSON', '{"query": "{ listNotes { items { id } } }"', 400, /not valid JSON/],
    ['a JSON array', '[]', 400, /JSON object/],
    ['a body over 1 MB', JSON.stringify({ query: `{ __typename }${' '.repeat(2 * 1024 * 1024)}` }), 413, /too large/],
  ])('%s', async (_, body, status, message) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ errors: [{ errorType: expect.any(String) as unknown, message: expect.stringMatching(message) as unknown }] });
    expect(text).not.toMatch(/\s{2,}at |node_modules|\.[jt]s:\d+/);
  });
});

test('stops cleanly on SIGTERM', async () => {
  expect(await backend.stop()).toBe(0);
});

describe('refusals are messages with a non-zero exit, never stack traces', () => {
  const run = (args: string[], cwd = APP) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });

  it.each([
    [['start', '--ports', '99999'], /--ports takes a port number/],
    [['start', '--nope'], /Unknown option '--nope'/],
    [['deploy'], /Unknown command "deploy"/],
  ])('%p', (args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('outside an app root', () => {
    const result = run(['start'], tmpdir());
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/No amplify\/backend\.ts in .*: run amplify-offline from the root of an Amplify Gen 2 app/);
  });
});
