import { Match, Template } from 'aws-cdk-lib/assertions';
import { resolve } from 'node:path';
import { CloudAssembly, synthesizeBackend, type Stack } from 'amplify-offline';
import { siteUrlForFunctions } from './deployment';

/**
 * What `ampx pipeline-deploy` would deploy for the production branch and for a pull-request
 * preview, synthesized offline: production keeps its data and is watched; previews stay
 * cheap and deletable.
 */
const projectRoot = resolve(__dirname, '..');
/** Post, PublishedPost, PublishedPostTag, DraftPreview, AuthorProfile: one table (and nested stack) each. */
const MODEL_COUNT = 7;
const assemblies: Record<'main' | 'pr7' | 'google', CloudAssembly> = {} as never;

async function synth(name: string, env: Record<string, string>): Promise<CloudAssembly> {
  const { cdkOut } = await synthesizeBackend({
    projectRoot,
    namespace: 'd1example',
    name,
    type: 'branch',
    env,
    log: () => undefined,
  });
  return new CloudAssembly(cdkOut, { region: 'us-east-1', accountId: '123456789012' }, {});
}

function templatesWith(assembly: CloudAssembly, type: string, logicalId: RegExp = /./): Template[] {
  return [...assembly.root.walk()]
    .filter((stack: Stack) => Object.entries(stack.resources).some(([id, resource]) => resource.Type === type && logicalId.test(id)))
    .map((stack) => Template.fromJSON(stack.template as never));
}

beforeAll(async () => {
  const [main, pr7, google] = await Promise.all([
    synth('main', { FOLIO_ALERT_EMAIL: 'ops@folio.test', FOLIO_MONTHLY_BUDGET_USD: '75' }),
    synth('pr-7', {}),
    synth('google-sign-in', { FOLIO_GOOGLE_SIGN_IN: 'true', FOLIO_SITE_URL: 'https://blog.folio.test/' }),
  ]);
  assemblies.main = main;
  assemblies.pr7 = pr7;
  assemblies.google = google;
}, 180_000);

test('production tables have point-in-time recovery, deletion protection and are retained', () => {
  const tables = templatesWith(assemblies.main, 'Custom::AmplifyDynamoDBTable');
  expect(tables).toHaveLength(MODEL_COUNT);
  for (const template of tables) {
    template.hasResource('Custom::AmplifyDynamoDBTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtectionEnabled: true,
      }),
    });
  }
});

test('preview tables are deleted with the preview and skip point-in-time recovery', () => {
  const tables = templatesWith(assemblies.pr7, 'Custom::AmplifyDynamoDBTable');
  expect(tables).toHaveLength(MODEL_COUNT);
  for (const template of tables) {
    template.hasResource('Custom::AmplifyDynamoDBTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ deletionProtectionEnabled: false }),
    });
  }
  // The construct emits a parameter-driven value; evaluate it the way CloudFormation would.
  for (const stack of assemblies.pr7.root.walk()) {
    for (const resource of Object.values(stack.resources)) {
      if (resource.Type !== 'Custom::AmplifyDynamoDBTable') continue;
      const specification = stack.evaluate(resource.Properties?.pointInTimeRecoverySpecification ?? null) as {
        pointInTimeRecoveryEnabled?: unknown;
      } | null;
      expect(String(specification?.pointInTimeRecoveryEnabled ?? false)).toBe('false');
    }
  }
});

test('production alarms on AppSync 5xx errors and latency, and has a monthly budget with e-mail alerts', () => {
  const [monitoring] = templatesWith(assemblies.main, 'AWS::Budgets::Budget');
  expect(monitoring).toBeDefined();
  monitoring!.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/AppSync', MetricName: '5XXError', Statistic: 'Sum' });
  monitoring!.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/AppSync', MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: 2000 });
  monitoring!.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@folio.test' });
  monitoring!.hasResourceProperties('AWS::Budgets::Budget', {
    Budget: Match.objectLike({ BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 75, Unit: 'USD' } }),
    NotificationsWithSubscribers: Match.arrayWith([Match.objectLike({ Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ops@folio.test' }] })]),
  });
});

test('previews have no alarms and no budget', () => {
  expect(templatesWith(assemblies.pr7, 'AWS::Budgets::Budget')).toHaveLength(0);
  expect(templatesWith(assemblies.pr7, 'AWS::CloudWatch::Alarm')).toHaveLength(0);
});

test('production refuses to synthesize without an alert address', async () => {
  await expect(synth('main', {})).rejects.toThrow(/FOLIO_ALERT_EMAIL must be set/);
}, 120_000);

test('production media is retained and versioned; preview media goes with the preview', () => {
  const [mainStorage] = templatesWith(assemblies.main, 'AWS::S3::Bucket', /^folioMediaBucket/);
  mainStorage!.hasResource('AWS::S3::Bucket', {
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }),
  });
  expect(Object.keys(mainStorage!.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(0);

  const [previewStorage] = templatesWith(assemblies.pr7, 'AWS::S3::Bucket', /^folioMediaBucket/);
  previewStorage!.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  expect(Object.keys(previewStorage!.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(1);
});

test('Google sign-in exists only when switched on, with the site as callback', () => {
  expect(templatesWith(assemblies.main, 'AWS::Cognito::UserPoolIdentityProvider')).toHaveLength(0);
  expect(templatesWith(assemblies.pr7, 'AWS::Cognito::UserPoolIdentityProvider')).toHaveLength(0);
  const [auth] = templatesWith(assemblies.google, 'AWS::Cognito::UserPoolIdentityProvider');
  auth!.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', { ProviderName: 'Google', ProviderType: 'Google' });
  auth!.hasResourceProperties('AWS::Cognito::UserPoolClient', {
    CallbackURLs: ['https://blog.folio.test/sign-in'],
    LogoutURLs: ['https://blog.folio.test/'],
    SupportedIdentityProviders: Match.arrayWith([{ Ref: Match.stringLikeRegexp('GoogleIdP') }]),
  });
});

test("backend functions reach their own deployment's site: a preview never calls production", () => {
  expect(siteUrlForFunctions({ AWS_APP_ID: 'd123', AWS_BRANCH: 'pr-7', AWS_PULL_REQUEST_ID: '7', FOLIO_SITE_URL: 'https://blog.example.com' })).toBe(
    'https://pr-7.d123.amplifyapp.com',
  );
  expect(siteUrlForFunctions({ AWS_APP_ID: 'd123', AWS_BRANCH: 'main', FOLIO_SITE_URL: 'https://blog.example.com/' })).toBe('https://blog.example.com');
  expect(siteUrlForFunctions({ AWS_APP_ID: 'd123', AWS_BRANCH: 'feature/login' })).toBe('https://feature-login.d123.amplifyapp.com');
  expect(siteUrlForFunctions({})).toBe('http://localhost:3000');
  expect(siteUrlForFunctions({ FOLIO_SITE_URL: 'http://localhost:3100' })).toBe('http://localhost:3100');
});
