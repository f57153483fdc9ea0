import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudAssembly } from './appsync/cloud-assembly';
import { appSyncControlPlane } from './appsync/control-plane';
import { openAppSyncPort, type UserPoolTrust } from './appsync/server';
import { buildLocalDataApi } from './appsync/simulator-config';
import { startCognitoEmulator } from './cognito';
import { ensureTables, startDynamoDb, type DynamoCallers } from './dynamodb';
import { functionDefinitions } from './functions/definitions';
import { FunctionRuntime, FunctionSessions } from './functions/runtime';
import { scheduleDefinitions, startSchedules } from './functions/schedules';
import { physicalIds, userPoolArn, type LocalIdentifiers } from './local-ids';
import { declaresStorage, storageBucketNames, writeAmplifyOutputs } from './outputs';
import { synthesizeBackend } from './synth';
import { adminCredentials, type LocalCredentials } from './sigv4';
import { IdentityStore } from './identity/credentials';
import { IdentityPoolService } from './identity/service';
import { groupRoles, identityPoolSettings } from './identity/settings';
import { iamRoles } from './iam/roles';
import { startS3 } from './s3/server';
import { storageBuckets } from './s3/settings';
import { defaultCaDir, localCertificates } from './tls/certificates';
import { userPoolSettings, userPoolTriggers } from './user-pool-settings';
import type { RoleCallers } from './iam/callers';
import { templateParameters } from './secrets';
import { refuseUnservedTriggers, type TriggerInvoke } from './cognito/triggers';

export interface LocalBackendOptions {
  projectRoot: string;
  /** Where users, keys and tables are persisted. */
  dataDir: string;
  /** Where amplify_outputs.json is written. */
  outputsFile: string;
  /** Unset: the defaults below; 0: any free port (the endpoints say which). */
  ports?: { cognito?: number; appsync?: number; dynamodb?: number; storage?: number };
  /** Where the local certificate authority for the HTTPS endpoints is kept (default ~/.amplify-offline/ca). */
  caDir?: string;
  /** Delete the data folder first. */
  fresh?: boolean;
  /** Where synthesized backends are cached (default: the project's node_modules/.cache/amplify-offline/synth). */
  synthCacheDir?: string;
  log?: (line: string) => void;
}

export interface LocalBackend {
  outputs: Record<string, unknown>;
  /** Where each service listens: the Cognito endpoint, the GraphQL URL, the DynamoDB endpoint and, for apps with storage, the S3 endpoint. */
  endpoints: { cognito: string; appsync: string; dynamodb: string; storage?: string };
  /**
   * The IAM credentials of this data folder (kept in `credentialsFile`): the Cognito admin API and
   * DynamoDB accept only requests signed with them, as AWS accepts only signed IAM callers.
   */
  adminCredentials: LocalCredentials;
  credentialsFile: string;
  /** The app's functions by their `defineFunction` name, with the function name Lambda's Invoke takes. */
  functions: Record<string, string>;
  timings: Record<string, number>;
  close(): Promise<void>;
}

export const DEFAULT_PORTS = { cognito: 4010, appsync: 4020, dynamodb: 4030, storage: 4040 } as const;

/** Identifiers that must stay stable across restarts, so stored rows and cookies stay valid. */
function persistentIds(dataDir: string, region: string): { apiId: string; apiKey: string; identityPoolId: string } {
  const file = join(dataDir, 'appsync.json');
  const identityPoolId = `${region}:${crypto.randomUUID()}`;
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { apiId: string; apiKey: string; identityPoolId?: string };
    // Data folders from before identity pools were served get one now, kept from then on.
    if (stored.identityPoolId?.startsWith(`${region}:`)) return stored as typeof stored & { identityPoolId: string };
    const updated = { ...stored, identityPoolId };
    writeFileSync(file, JSON.stringify(updated, null, 2));
    return updated;
  }
  const ids = {
    identityPoolId,
    apiId: randomBytes(13)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')
      .slice(0, 26),
    apiKey: `da2-${randomBytes(13).toString('hex')}`,
  };
  writeFileSync(file, JSON.stringify(ids, null, 2));
  return ids;
}

/**
 * Codes and invitations Cognito would e-mail are printed to the terminal and also appended to
 * `<dataDir>/mailbox.log`, the local stand-in for an inbox (end-to-end tests read it too).
 */
function mailCatcher(dataDir: string, log: (line: string) => void): (line: string) => void {
  const mailbox = join(dataDir, 'mailbox.log');
  return (line) => {
    log(line);
    if (/ code for | invitation for /.test(line)) appendFileSync(mailbox, `${new Date().toISOString()} ${line}\n`);
  };
}

export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const log = options.log ?? console.log;
  const ports = {
    cognito: options.ports?.cognito ?? DEFAULT_PORTS.cognito,
    appsync: options.ports?.appsync ?? DEFAULT_PORTS.appsync,
    dynamodb: options.ports?.dynamodb ?? DEFAULT_PORTS.dynamodb,
    storage: options.ports?.storage ?? DEFAULT_PORTS.storage,
  };
  const dataDir = resolve(options.dataDir);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const timings: Record<string, number> = {};
  const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[label] = Math.round(performance.now() - started);
    }
  };

  const admin = adminCredentials(dataDir);
  const synth = await time('synth', () => synthesizeBackend({ projectRoot: options.projectRoot, cacheDir: options.synthCacheDir, log }));
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    // The pool as the app declares it (the account and region only matter to resolved references, none read here).
    const pool = userPoolSettings(new CloudAssembly(synth.cdkOut, { region: 'us-east-1', accountId: '123456789012' }, {}));
    const cognito = await time('cognito', () =>
      startCognitoEmulator({
        dataDir: join(dataDir, 'cognito'),
        port: ports.cognito,
        groups: pool.groups,
        passwordPolicy: pool.passwordPolicy,
        mfaMode: pool.mfaMode,
        signIn: pool.signIn,
        tokenLifetimes: pool.tokenLifetimes,
        authFlows: pool.authFlows,
        adminCredentials: admin.credentials,
        log: mailCatcher(dataDir, log),
      }),
    );
    closers.push(() => cognito.close());
    // The app's functions call DynamoDB with their roles' credentials; known once the assembly is read.
    const functionCallers: { current?: DynamoCallers } = {};
    const dynamo = await time('dynamodb', () => startDynamoDb(join(dataDir, 'dynamodb'), ports.dynamodb, admin.credentials, () => functionCallers.current));
    closers.push(() => dynamo.close());
    // The local CA's certificate: S3 is served over HTTPS, and the data API's port also takes TLS,
    // for the real-time endpoint clients derive (always wss) from the GraphQL URL.
    const certificates = await time('certificates', async () => localCertificates(options.caDir ?? defaultCaDir()));
    // Opened now so that its URL (which port 0 leaves to the system) can go into the configuration.
    const appsync = await openAppSyncPort(ports.appsync, certificates.server);
    closers.push(() => appsync.close());

    const ids: LocalIdentifiers = {
      ...persistentIds(dataDir, cognito.region),
      region: cognito.region,
      accountId: '123456789012',
      graphqlUrl: appsync.url,
      userPoolId: cognito.userPoolId,
      userPoolClientId: cognito.userPoolClientId,
      dynamoDbEndpoint: dynamo.endpoint,
    };
    const assembly = new CloudAssembly(
      synth.cdkOut,
      { region: ids.region, accountId: ids.accountId },
      physicalIds(ids, (stackName, logicalId) => `${stackName}/${logicalId}`),
    );
    const roles = iamRoles(assembly);
    const functionSessions = new FunctionSessions(roles, ids.accountId);
    const definitions = functionDefinitions(assembly);
    const parameters = templateParameters(assembly);
    const functions = new FunctionRuntime(definitions, {
      region: ids.region,
      sessions: functionSessions,
      // SSM (the functions' secrets), Lambda's Invoke and AppSync's control plane (ListApiKeys) are
      // answered on the DynamoDB port; the Cognito admin API on the user pool's.
      endpoints: { DYNAMODB: dynamo.endpoint, SSM: dynamo.endpoint, LAMBDA: dynamo.endpoint, APPSYNC: dynamo.endpoint, COGNITO_IDENTITY_PROVIDER: cognito.url },
      dataDir,
      parameters,
      log,
    });
    closers.push(() => functions.close());
    const roleCallers: RoleCallers = {
      credentials: (accessKeyId) => functionSessions.credentials(accessKeyId),
      session: (accessKeyId) => functionSessions.session(accessKeyId),
    };
    functionCallers.current = {
      ...roleCallers,
      region: ids.region,
      accountId: ids.accountId,
      dataDir,
      parameters,
      functions,
      appSync: appSyncControlPlane(assembly, ids.apiId),
    };
    // The user pool's triggers: refused at start, naming the trigger and its function, unless served.
    const triggers = userPoolTriggers(assembly);
    refuseUnservedTriggers(triggers, (arn) => definitions.get(arn)?.().label);
    const trigger = (arn: string, name: string): TriggerInvoke => {
      functions.prepare(arn, `The user pool's ${name} trigger`);
      return (event) => functions.invoke(arn, event);
    };
    cognito.attachFunctions({
      triggers: {
        ...(triggers.preSignUp ? { preSignUp: trigger(triggers.preSignUp, 'PreSignUp') } : {}),
        ...(triggers.postConfirmation ? { postConfirmation: trigger(triggers.postConfirmation, 'PostConfirmation') } : {}),
        ...(triggers.preTokenGeneration
          ? { preTokenGeneration: { invoke: trigger(triggers.preTokenGeneration.arn, 'PreTokenGeneration'), version: triggers.preTokenGeneration.version } }
          : {}),
      },
      callers: roleCallers,
      poolArn: userPoolArn(ids),
    });
    const dataApi = buildLocalDataApi(assembly, ids, admin.credentials, functions);
    // Checked (and so refused, with the reason) before anything is served.
    const stopSchedules = startSchedules(scheduleDefinitions(assembly), functions, { region: ids.region, accountId: ids.accountId, log });
    closers.push(async () => stopSchedules());
    await time('tables', () => ensureTables(dynamo.client, dataApi.tables, log));
    const jwks = cognito.jwks as UserPoolTrust['jwks'];
    const identityPool = identityPoolSettings(assembly);
    const identityStore = identityPool && new IdentityStore(join(dataDir, 'cognito', 'identity-pool.json'));
    if (identityStore) closers.push(async () => identityStore.flush());
    const identity =
      identityPool && identityStore
        ? new IdentityPoolService({
            identityPoolId: ids.identityPoolId,
            region: ids.region,
            accountId: ids.accountId,
            settings: identityPool,
            roles,
            store: identityStore,
            jwks,
          })
        : undefined;
    if (identity) cognito.attachIdentityPool(identity.operations, groupRoles(assembly));
    const iam = identity && {
      sessions: (accessKeyId: string) => identity.session(accessKeyId),
      region: ids.region,
      accountId: ids.accountId,
      apiId: ids.apiId,
    };
    await time('appsync', async () =>
      appsync.serve(dataApi.simulator, { userPoolId: ids.userPoolId, userPoolClientId: ids.userPoolClientId, jwks }, dataApi.limits, iam),
    );
    // Storage: S3 over HTTPS (aws-amplify's Storage takes only an https custom endpoint), with a
    // certificate from the local CA; served once the outputs name the buckets.
    const s3 = declaresStorage(assembly)
      ? await time('storage', async () => {
          const server = await startS3({
            port: ports.storage,
            tls: certificates.server,
            dataDir: join(dataDir, 's3'),
            sessions: (accessKeyId) => identity?.session(accessKeyId),
            admin: admin.credentials,
            log,
          });
          return { server };
        })
      : undefined;
    if (s3) closers.push(() => s3.server.close());
    const outputs = await time('outputs', () =>
      writeAmplifyOutputs(
        assembly,
        {
          user_pool_endpoint: cognito.url,
          ...(identity ? { identity_pool_endpoint: cognito.url } : {}),
          ...(s3 ? { storage_endpoint: s3.server.endpoint } : {}),
          ca_certificate: certificates.caFile,
        },
        options.outputsFile,
        options.projectRoot,
      ),
    );
    s3?.server.serve(storageBuckets(assembly, storageBucketNames(outputs)));
    return {
      outputs: outputs as Record<string, unknown>,
      endpoints: { cognito: cognito.url, appsync: appsync.url, dynamodb: dynamo.endpoint, ...(s3 ? { storage: s3.server.url } : {}) },
      adminCredentials: admin.credentials,
      credentialsFile: admin.file,
      functions: functions.appFunctions(),
      timings,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export { CloudAssembly, type Stack } from './appsync/cloud-assembly';
export { synthesizeBackend } from './synth';
export type { SeedContext } from './seed-hook';
export type { LocalCredentials } from './sigv4';
// The app's roles and the evaluator the local services authorize IAM callers with, for an app's own
// infrastructure tests of its synthesized policies.
export { iamRoles, type IamRole, type PolicyDocument } from './iam/roles';
export { authorize, trustsWebIdentity, type IamDecision, type IamRequest, type RoleSession, type WebIdentity } from './iam/evaluate';
