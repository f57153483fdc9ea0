import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { AppSyncClient, ListApiKeysCommand } from '@aws-sdk/client-appsync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { ConsoleLogger } from 'aws-amplify/utils';
import { configFromOutputs, type AmplifyOutputs } from '../client';
import { CloudAssembly, synthesizeBackend } from '../src';
import type { Schema } from './fixtures/functions-app/amplify/data/resource';
import { FixtureBackend } from './helpers/cli';
import { signedHeaders } from './helpers/signing';

/**
 * The app's functions, run locally from their built code: custom operations through the unchanged
 * aws-amplify client (a.handler.function), errors, timeouts and memory limits as Lambda reports
 * them, the execution role's policies on DynamoDB, secrets, Lambda's Invoke and transactions, and
 * the user pool's triggers with a function's role on the Cognito admin API, and AppSync's
 * ListApiKeys with a function's role.
 */
let backend: FixtureBackend;
const PASSWORD = 'Fixture-Pass-2026!';
const GREETING = 'hello from a secret';
const stamp = Date.now().toString(36);

beforeAll(async () => {
  backend = await FixtureBackend.start('functions-app', undefined, { AMPLIFY_OFFLINE_SECRET_GREETING: GREETING });
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  Amplify.configure(configFromOutputs(backend.outputs<AmplifyOutputs>()));
}, 180_000);

afterAll(async () => {
  await backend?.stop();
});

const client = generateClient<Schema>();

async function signedIn(name: string): Promise<void> {
  await signOut().catch(() => undefined);
  const email = `${name}.${stamp}@example.test`;
  await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  await confirmSignUp({ username: email, confirmationCode: backend.lastCode(email) });
  await signIn({ username: email, password: PASSWORD });
}

const dynamo = () => new DynamoDBClient({ endpoint: backend.ready.endpoints.dynamodb, region: 'us-east-1', credentials: backend.credentials() });

describe('custom operations served by functions', () => {
  beforeAll(() => signedIn('ada'), 30_000);

  it('invokes the function with the caller AppSync verified and Lambda context, and returns its result', async () => {
    const { data, errors } = await client.queries.echo({ message: 'hi' });
    expect(errors).toBeUndefined();
    expect(data?.message).toBe('hi');
    expect(data?.region).toBe('us-east-1');
    expect(data?.functionName).toMatch(/^echolambda/);
    expect(data?.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(data?.remainingMs).toBeGreaterThan(0);
    expect(data?.remainingMs).toBeLessThanOrEqual(3000);
    expect(backend.printed.join('')).toMatch(/\[fn echo\] echo hi/);
  });

  it('reports a thrown error as AppSync does (Lambda:Unhandled with the message)', async () => {
    const { data, errors } = await client.queries.echo({ message: 'no', behave: 'fail' });
    expect(data).toBeNull();
    expect(errors?.[0]).toMatchObject({ errorType: 'Lambda:Unhandled', message: 'Refused: no' });
  });

  it('ends an invocation at its timeout, then serves the next one from a fresh environment', async () => {
    const started = Date.now();
    const { errors } = await client.queries.echo({ message: 'late', behave: 'slow' });
    expect(errors?.[0]?.message).toMatch(/Task timed out after 3\.00 seconds/);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(client.queries.echo({ message: 'again' })).resolves.toMatchObject({ data: { message: 'again' } });
  });

  it('ends an invocation that exceeds its memory, and the function keeps serving', async () => {
    const { errors } = await client.queries.echo({ message: 'greedy', behave: 'hog' });
    expect(errors?.[0]?.message).toMatch(/ran out of its 128 MB/);
    await expect(client.queries.echo({ message: 'after' })).resolves.toMatchObject({ data: { message: 'after' } });
  }, 30_000);

  it("holds the function's AWS calls to its execution role: no access to a table it was not granted", async () => {
    const { data } = await client.queries.echo({ message: 'x', behave: 'trespass' });
    expect(data?.detail).toMatch(
      /^AccessDeniedException: User: arn:aws:sts::\d+:assumed-role\/.+ is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:.+:table\/Note-/,
    );
  });

  it('writes with its role where it was granted, reads its secret, and the record answers to the owner rule', async () => {
    const { data, errors } = await client.mutations.addNote({ text: 'from a function' });
    expect(errors).toBeUndefined();
    expect(data).toMatchObject({ text: 'from a function', greeting: GREETING });
    const listed = await client.models.Note.list();
    expect(listed.data.map((note) => note.text)).toContain('from a function');
    await signedIn('bob');
    expect((await client.models.Note.list()).data).toEqual([]);
  });
});

/** Lambda's Invoke, signed as the AWS SDK's LambdaClient would sign it. */
async function invoke(name: string, payload: unknown, invocationType = 'RequestResponse'): Promise<{ status: number; error: string | null; body: string }> {
  const url = new URL(`/2015-03-31/functions/${name}/invocations`, backend.ready.endpoints.dynamodb);
  const body = JSON.stringify(payload);
  const headers = await signedHeaders({
    url,
    service: 'lambda',
    region: 'us-east-1',
    credentials: backend.credentials(),
    body,
    headers: { 'x-amz-invocation-type': invocationType },
  });
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, error: response.headers.get('x-amz-function-error'), body: await response.text() };
}

describe("Lambda's Invoke", () => {
  const nameOf = (label: string) => {
    const name = backend.ready.functions?.[label];
    if (!name) throw new Error(`the ready line names no function ${label}`);
    return name;
  };

  it("runs a scheduled function by its name with the payload given, as the SDK's LambdaClient would", async () => {
    const answer = await invoke(nameOf('ticker'), { source: 'aws.scheduler', 'detail-type': 'Scheduled Event', resources: ['arn:x'] });
    expect(answer).toMatchObject({ status: 200, error: null });
    expect(JSON.parse(answer.body)).toEqual({ source: 'aws.scheduler', detailType: 'Scheduled Event', resources: ['arn:x'] });
  });

  it('answers a function error with X-Amz-Function-Error and the error document, an event with 202, an unknown function with 404', async () => {
    const failed = await invoke(nameOf('echo'), { arguments: { message: 'x', behave: 'fail' }, identity: {} });
    expect(failed).toMatchObject({ status: 200, error: 'Unhandled' });
    expect(JSON.parse(failed.body)).toMatchObject({ errorType: 'Error', errorMessage: 'Refused: x' });
    expect((await invoke(nameOf('echo'), { arguments: { message: 'later' }, identity: {} }, 'Event')).status).toBe(202);
    expect((await invoke('no-such-function', {})).status).toBe(404);
  });
});

describe('DynamoDB transactions', () => {
  const table = () => {
    const tables = backend.printed.join('').match(/created table (Note-[^\s]+)/);
    if (!tables?.[1]) throw new Error('no Note table in the log');
    return tables[1];
  };

  it('applies every action or none, with a cancellation reason per action', async () => {
    const db = dynamo();
    const TableName = table();
    await db.send(new PutItemCommand({ TableName, Item: { id: { S: `taken-${stamp}` }, text: { S: 'first' } } }));
    const attempt = db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName, Item: { id: { S: `new-${stamp}` }, text: { S: 'second' } } } },
          { Put: { TableName, Item: { id: { S: `taken-${stamp}` }, text: { S: 'overwritten' } }, ConditionExpression: 'attribute_not_exists(id)' } },
          { Update: { TableName, Key: { id: { S: `taken-${stamp}` } }, UpdateExpression: 'SET x = :x', ExpressionAttributeValues: { ':x': { S: '1' } } } },
        ],
      }),
    );
    await expect(attempt).rejects.toThrow(/multiple operations on one item/);
    const refused = await db
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName, Item: { id: { S: `new-${stamp}` }, text: { S: 'second' } } } },
            {
              Put: {
                TableName,
                Item: { id: { S: `taken-${stamp}` }, text: { S: 'overwritten' } },
                ConditionExpression: 'attribute_not_exists(id)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      )
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TransactionCanceledException);
    expect((refused as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect((refused as TransactionCanceledException).CancellationReasons?.[1]?.Item?.text).toEqual({ S: 'first' });
    // Nothing of it was written.
    expect((await db.send(new GetItemCommand({ TableName, Key: { id: { S: `new-${stamp}` } } }))).Item).toBeUndefined();
    expect((await db.send(new GetItemCommand({ TableName, Key: { id: { S: `taken-${stamp}` } } }))).Item?.text).toEqual({ S: 'first' });

    await db.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName, Item: { id: { S: `new-${stamp}` }, text: { S: 'second' } } } },
          { ConditionCheck: { TableName, Key: { id: { S: `taken-${stamp}` } }, ConditionExpression: 'attribute_exists(id)' } },
        ],
      }),
    );
    expect((await db.send(new GetItemCommand({ TableName, Key: { id: { S: `new-${stamp}` } } }))).Item?.text).toEqual({ S: 'second' });
    // A condition check writes nothing.
    expect((await db.send(new GetItemCommand({ TableName, Key: { id: { S: `taken-${stamp}` } } }))).Item).toEqual({
      id: { S: `taken-${stamp}` },
      text: { S: 'first' },
    });
    await expect(
      db.send(new PutItemCommand({ TableName, Item: { id: { S: `taken-${stamp}` } }, ConditionExpression: 'attribute_not_exists(id)' })),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('answers a repeated client token with the first result and refuses it for another request', async () => {
    const db = dynamo();
    const TableName = table();
    const request = (text: string) =>
      new TransactWriteItemsCommand({
        ClientRequestToken: `token-${stamp}`,
        TransactItems: [{ Put: { TableName, Item: { id: { S: `idem-${stamp}` }, text: { S: text } } } }],
      });
    await db.send(request('one'));
    await db.send(new PutItemCommand({ TableName, Item: { id: { S: `idem-${stamp}` }, text: { S: 'changed since' } } }));
    await db.send(request('one'));
    expect((await db.send(new GetItemCommand({ TableName, Key: { id: { S: `idem-${stamp}` } } }))).Item?.text).toEqual({ S: 'changed since' });
    await expect(db.send(request('two'))).rejects.toThrow(/same client token/);
  });
});

describe('refused at start', () => {
  it('will not start while a function reads a secret that has no value, and says how to set it', async () => {
    await expect(FixtureBackend.start('functions-app')).rejects.toThrow(
      /Function notes reads the secret GREETING, which has no value here: set it with "npx amplify-offline secret set GREETING --data /,
    );
  }, 120_000);
});

describe('user-pool triggers', () => {
  const admin = () => new CognitoIdentityProviderClient({ endpoint: backend.ready.endpoints.cognito, region: 'us-east-1', credentials: backend.credentials() });
  const usersWith = async (email: string) => {
    const UserPoolId = backend.outputs<AmplifyOutputs>().auth?.user_pool_id;
    return (await admin().send(new ListUsersCommand({ UserPoolId, Filter: `email = "${email}"` }))).Users ?? [];
  };
  const tokens = async (forceRefresh = false) => {
    const session = await fetchAuthSession({ forceRefresh });
    return { id: session.tokens?.idToken?.payload ?? {}, access: session.tokens?.accessToken.payload ?? {} };
  };

  beforeEach(() => signOut().catch(() => undefined));

  it("refuses a sign-up with the pre sign-up trigger's message, leaving no user", async () => {
    const email = `nobody.${stamp}@refused.test`;
    await expect(signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } })).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Sign-ups from refused.test are closed.',
    });
    expect(await usersWith(email)).toEqual([]);
  });

  it('confirms and verifies a user the trigger auto-confirms: no code is sent, and post confirmation runs', async () => {
    const email = `eve.${stamp}@auto.test`;
    const result = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    expect(result).toMatchObject({ isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } });
    expect(() => backend.lastCode(email)).toThrow();
    const [user] = await usersWith(email);
    expect(user?.UserStatus).toBe('CONFIRMED');
    expect(user?.Attributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    await signIn({ username: email, password: PASSWORD });
    expect((await tokens()).id['cognito:groups']).toEqual(['MEMBERS']);
  });

  it("adds a confirmed user to a group from post confirmation (the function's role allows it), and pre token generation shapes the ID token", async () => {
    const email = `cy.${stamp}@example.test`;
    const { userId } = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    await confirmSignUp({ username: email, confirmationCode: backend.lastCode(email) });
    await signIn({ username: email, password: PASSWORD });
    const { id, access } = await tokens();
    expect(id['cognito:groups']).toEqual(['MEMBERS']);
    expect(access['cognito:groups']).toEqual(['MEMBERS']);
    expect(id['app:minted-by']).toBe('TokenGeneration_Authentication');
    expect(id['app:groups-seen']).toBe('MEMBERS');
    // Claims Cognito does not let a trigger change stay as issued; the suppressed one is gone (from the ID token only, in V1_0).
    expect(id.sub).toBe(userId);
    expect(id).not.toHaveProperty('email_verified');
    expect(access).not.toHaveProperty('app:minted-by');
    expect(backend.printed.join('')).toMatch(/may not change the ID token's sub claim/);
  });

  it('runs pre token generation again when the tokens are refreshed', async () => {
    const email = `dee.${stamp}@auto.test`;
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    await signIn({ username: email, password: PASSWORD });
    expect((await tokens()).id['app:minted-by']).toBe('TokenGeneration_Authentication');
    expect((await tokens(true)).id['app:minted-by']).toBe('TokenGeneration_RefreshTokens');
  });

  it("refuses a function's admin call its role does not allow, with AWS's AccessDenied", async () => {
    const email = `mal.${stamp}@trespass.test`;
    const refused = signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    await expect(refused).rejects.toMatchObject({ name: 'UserLambdaValidationException' });
    await expect(refused).rejects.toThrow(
      /^PreSignUp failed with error AccessDeniedException: User: arn:aws:sts::\d+:assumed-role\/.+\/presignuplambda\w+ is not authorized to perform: cognito-idp:AdminAddUserToGroup on resource: arn:aws:cognito-idp:us-east-1:\d+:userpool\/us-east-1_\w+ because no identity-based policy allows the cognito-idp:AdminAddUserToGroup action\.$/,
    );
    expect(await usersWith(email)).toEqual([]);
  });
});

describe("AppSync's control plane: ListApiKeys", () => {
  const nameOf = (label: string) => backend.ready.functions?.[label] ?? label;
  const apiId = () => (JSON.parse(readFileSync(join(backend.workDir, 'data', 'appsync.json'), 'utf8')) as { apiId: string }).apiId;
  /** What the echo function reports for a behaviour: the listed keys as JSON, or the error it got. */
  const echoDetail = async (message: string, behave: string) => {
    const answer = await invoke(nameOf('echo'), { arguments: { message, behave }, identity: {} });
    return (JSON.parse(answer.body) as { detail?: string }).detail ?? '';
  };

  it("lists the app's key to a function whose role allows it, with the expiry the template gives it, rounded down to the hour as AppSync stores it", async () => {
    // The same inputs as the running backend: the cached assembly it serves.
    const { cdkOut } = await synthesizeBackend({ projectRoot: join(__dirname, 'fixtures', 'functions-app'), log: () => undefined });
    const assembly = new CloudAssembly(cdkOut, { region: 'us-east-1', accountId: '123456789012' }, {});
    const declared = [...assembly.root.walk()].flatMap((stack) =>
      Object.values(stack.resources)
        .filter((resource) => resource.Type === 'AWS::AppSync::ApiKey')
        .map((resource) => Number(resource.Properties?.Expires)),
    );
    expect(declared).toHaveLength(1);
    const expires = Math.floor(declared[0]! / 3600) * 3600;
    const keys = JSON.parse(await echoDetail('own', 'api-keys')) as unknown;
    expect(keys).toEqual([{ id: backend.outputs<AmplifyOutputs>().data?.api_key, description: 'fixture key', expires, deletes: expires + 60 * 24 * 3600 }]);
    // expiresInDays: 30 in the fixture, from whenever it was synthesized.
    expect(expires * 1000).toBeLessThanOrEqual(Date.now() + 30 * 24 * 3600 * 1000);
  });

  it('answers the admin credentials too, and NotFound for another API', async () => {
    const appSync = new AppSyncClient({ endpoint: backend.ready.endpoints.dynamodb, region: 'us-east-1', credentials: backend.credentials() });
    const { apiKeys } = await appSync.send(new ListApiKeysCommand({ apiId: apiId(), maxResults: 25 }));
    expect(apiKeys?.map((key) => key.id)).toEqual([backend.outputs<AmplifyOutputs>().data?.api_key]);
    await expect(appSync.send(new ListApiKeysCommand({ apiId: 'someoneelsesapi' }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'GraphQL API someoneelsesapi not found.',
    });
    expect(await echoDetail('someoneelsesapi', 'api-keys')).toBe('NotFoundException: GraphQL API someoneelsesapi not found.');
  });

  it("refuses a function whose role does not allow appsync:ListApiKeys, with AWS's AccessDenied", async () => {
    const answer = await invoke(nameOf('ticker'), { apiId: apiId() });
    const { refused } = JSON.parse(answer.body) as { refused?: string };
    expect(refused).toMatch(
      /^AccessDeniedException: User: arn:aws:sts::\d+:assumed-role\/.+\/tickerlambda\w+ is not authorized to perform: appsync:ListApiKeys on resource: \* because no identity-based policy allows the appsync:ListApiKeys action$/,
    );
  });

  it('refuses every other control-plane operation by name, and requests that are not signed by a known key', async () => {
    expect(await echoDetail('own', 'new-api-key')).toBe(
      "BadRequestException: AppSync CreateApiKey is not served offline: of AppSync's control plane only ListApiKeys is served, for the backend's own API.",
    );
    const url = new URL(`/v1/apis/${apiId()}/apikeys`, backend.ready.endpoints.dynamodb);
    const unsigned = await fetch(url);
    expect([unsigned.status, unsigned.headers.get('x-amzn-errortype')]).toEqual([403, 'MissingAuthenticationTokenException']);
    const forged = new AppSyncClient({
      endpoint: backend.ready.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { ...backend.credentials(), secretAccessKey: 'not-the-secret' },
    });
    await expect(forged.send(new ListApiKeysCommand({ apiId: apiId() }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  });
});
