import { defineBackend } from '@aws-amplify/backend';
import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { backendDeployment } from './deployment';
import { API_KEY_METRIC, WARNING_DAYS } from './functions/api-key-watch/key-expiry';
import { apiKeyWatch } from './functions/api-key-watch/resource';
import { comments } from './functions/comments/resource';
import { newAccount } from './functions/new-account/resource';
import { people } from './functions/people/resource';
import { publishDue } from './functions/publish-due/resource';
import { publishing } from './functions/publishing/resource';
import { storage } from './storage/resource';

export const backend = defineBackend({ auth, data, storage, publishing, publishDue, people, newAccount, comments, apiKeyWatch });

const deployment = backendDeployment(backend.stack);

for (const table of Object.values(backend.data.resources.cfnResources.amplifyDynamoDbTables)) {
  if (deployment.isProduction) {
    // Production content must survive a bad deploy, a deleted stack and operator mistakes.
    table.pointInTimeRecoveryEnabled = true;
    table.deletionProtectionEnabled = true;
    table.applyRemovalPolicy(RemovalPolicy.RETAIN);
  } else {
    table.applyRemovalPolicy(RemovalPolicy.DESTROY);
  }
}

// The data API answers only what Folio asks of it, on every deployment (the offline backend
// enforces the same three settings): no schema introspection for anyone holding the public API
// key; no request nested deeper than Folio's own (a list, its items, their fields: 3 levels);
// and at most 200 resolvers per request, enough for the studio's 100-post pages, whose items
// each resolve their owner field, but not for hundreds of aliased list queries in one request.
const { cfnGraphqlApi } = backend.data.resources.cfnResources;
cfnGraphqlApi.introspectionConfig = 'DISABLED';
cfnGraphqlApi.queryDepthLimit = 5;
cfnGraphqlApi.resolverCountLimit = 200;

// The daily API-key watch reads the key's expiry from AppSync's control plane. ListApiKeys takes no
// resource-level permission (the Service Authorization Reference lists no resource type for it),
// so '*' is the only resource its statement can name; what it lists is the public key visitors'
// pages already carry.
backend.apiKeyWatch.addEnvironment('GRAPHQL_API_ID', cfnGraphqlApi.attrApiId);
backend.apiKeyWatch.resources.lambda.addToRolePolicy(new PolicyStatement({ actions: ['appsync:ListApiKeys'], resources: ['*'] }));

// The publishing functions (the studio's mutations, and the scheduler's run every minute) write the
// public models straight to DynamoDB, one transaction per publish; their roles may do exactly what
// amplify/functions/publishing/publishing.ts does. Both: read and update drafts, read, write and
// delete live copies and tag entries, read profiles. The studio's function also writes profiles
// and preview snapshots; the scheduler also queries drafts by status and time.
const tables = backend.data.resources.tables;
const tableVariables: Record<string, string> = {
  Post: 'POST_TABLE',
  PublishedPost: 'PUBLISHED_POST_TABLE',
  PublishedPostTag: 'PUBLISHED_POST_TAG_TABLE',
  AuthorProfile: 'AUTHOR_PROFILE_TABLE',
  DraftPreview: 'DRAFT_PREVIEW_TABLE',
  Comment: 'COMMENT_TABLE',
  PublicComment: 'PUBLIC_COMMENT_TABLE',
};
const live = ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'];
const tableAccess = new Map<typeof backend.publishing, Record<string, string[]>>([
  [
    backend.publishing,
    {
      // Deleting a post (removePost) is this function's too, with its previews and comments.
      Post: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      PublishedPost: live,
      PublishedPostTag: live,
      AuthorProfile: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      DraftPreview: live,
      // A publish recounts the post's approved comments.
      PublicComment: ['dynamodb:Query', 'dynamodb:DeleteItem'],
      Comment: ['dynamodb:Query', 'dynamodb:DeleteItem'],
    },
  ],
  [
    backend.publishDue,
    {
      Post: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      PublishedPost: live,
      PublishedPostTag: live,
      AuthorProfile: ['dynamodb:Query'],
      PublicComment: ['dynamodb:Query'],
    },
  ],
  // Comments: the moderation records and their public copies, and the live post's count (an
  // update of the live copy only).
  [
    backend.comments,
    {
      Comment: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      PublicComment: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      PublishedPost: ['dynamodb:Query', 'dynamodb:UpdateItem'],
    },
  ],
]);
for (const [fn, access] of tableAccess) {
  for (const [model, variable] of Object.entries(tableVariables)) {
    const table = tables[model];
    if (!table) throw new Error(`amplify/backend.ts: the data API has no ${model} table.`);
    fn.addEnvironment(variable, table.tableName);
    const actions = access[model];
    if (actions) fn.resources.lambda.addToRolePolicy(new PolicyStatement({ actions, resources: [table.tableArn, `${table.tableArn}/index/*`] }));
  }
}

// Roles are user-pool groups, looked up when they matter (amplify/functions/people/directory.ts):
// the publishing functions read a caller's or a post owner's groups; the People page's function
// also lists accounts and moves them between groups. These functions live in the data stack, so
// their Cognito permissions are statements on their own roles there (the data stack already
// depends on the auth stack); defineAuth's `access` would put them in the auth stack and make the
// two stacks depend on each other.
const userPool = backend.auth.resources.userPool;
const cognitoAccess = new Map<typeof backend.publishing, string[]>([
  [backend.publishing, ['cognito-idp:AdminListGroupsForUser']],
  [backend.publishDue, ['cognito-idp:AdminListGroupsForUser']],
  // A commenter's role (who skips moderation) and name (shown with the comment).
  [backend.comments, ['cognito-idp:AdminListGroupsForUser', 'cognito-idp:AdminGetUser']],
  [
    backend.people,
    [
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:ListUsers',
      'cognito-idp:ListUsersInGroup',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminRemoveUserFromGroup',
    ],
  ],
]);
for (const [fn, actions] of cognitoAccess) {
  fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
  fn.resources.lambda.addToRolePolicy(new PolicyStatement({ actions, resources: [userPool.userPoolArn] }));
}

// Media is reached through signed requests, never as a public bucket (Gen 2 already denies non-TLS access).
backend.storage.resources.cfnResources.cfnBucket.publicAccessBlockConfiguration = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};
// A signed-in member of a user-pool group gets that group's role from the identity pool (Gen 2
// maps roles by token), and Gen 2 grants `allow.entity('identity')` paths to the authenticated
// role only, so authors could not upload at all (aws-amplify/amplify-backend#1771). Every group
// role gets what storage/resource.ts gives each signed-in identity: its own two folders, and the
// public media everyone reads.
const mediaBucket = backend.storage.resources.bucket;
const ownFolders = ['uploads', 'media'].map((folder) => mediaBucket.arnForObjects(`${folder}/\${cognito-identity.amazonaws.com:sub}/*`));
const ownPrefixes = ['uploads', 'media'].flatMap((folder) => [
  `${folder}/\${cognito-identity.amazonaws.com:sub}/*`,
  `${folder}/\${cognito-identity.amazonaws.com:sub}/`,
]);
const groupMediaAccess = new Policy(Stack.of(mediaBucket), 'GroupMembersMediaAccess', {
  statements: [
    new PolicyStatement({ actions: ['s3:GetObject'], resources: [...ownFolders, mediaBucket.arnForObjects('media/*')] }),
    // Listing, as Gen 2 grants it with "read": the bucket, limited by key prefix.
    new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [mediaBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [...ownPrefixes, 'media/*', 'media/'] } },
    }),
    new PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: ownFolders }),
  ],
});
for (const group of Object.values(backend.auth.resources.groups)) groupMediaAccess.attachToRole(group.role);

// Raw uploads are processed within seconds (lib/media/storage.ts); any left behind (a closed tab, a
// refused file whose removal failed) expire after a day, as do parts of abandoned multipart uploads.
backend.storage.resources.cfnResources.cfnBucket.lifecycleConfiguration = {
  rules: [
    { id: 'raw-uploads', status: 'Enabled', prefix: 'uploads/', expirationInDays: 1 },
    { id: 'abandoned-multipart-uploads', status: 'Enabled', abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
  ],
};

if (deployment.isProduction) {
  // Retained with the stack's deletion; versioned so an overwritten or deleted image can be recovered.
  const cfnBucket = backend.storage.resources.cfnResources.cfnBucket;
  // Gen 2 empties and deletes buckets with the stack; production media must outlive it. Its
  // auto-delete mixin validates that the removal policy stays DESTROY, so the hook and its opt-in
  // tag are removed and the template's policies are overridden at render time.
  const bucketNode = backend.storage.resources.bucket.node;
  const autoDelete = bucketNode.tryFindChild('AutoDeleteObjectsCustomResource');
  if (autoDelete) bucketNode.tryRemoveChild(autoDelete.node.id);
  Tags.of(backend.storage.resources.bucket).remove('aws-cdk:auto-delete-objects');
  cfnBucket.addOverride('DeletionPolicy', 'Retain');
  cfnBucket.addOverride('UpdateReplacePolicy', 'Retain');
  cfnBucket.versioningConfiguration = { status: 'Enabled' };
}

if (deployment.isProduction) {
  const alertEmail = process.env.FOLIO_ALERT_EMAIL;
  if (!alertEmail) {
    throw new Error('FOLIO_ALERT_EMAIL must be set for the production backend: budget and API alarms are sent there.');
  }
  const monthlyBudgetUsd = Number(process.env.FOLIO_MONTHLY_BUDGET_USD ?? '50');
  if (!Number.isFinite(monthlyBudgetUsd) || monthlyBudgetUsd <= 0) {
    throw new Error(`FOLIO_MONTHLY_BUDGET_USD must be a positive number, got "${process.env.FOLIO_MONTHLY_BUDGET_USD}".`);
  }

  const monitoring = backend.createStack('monitoring');
  const alerts = new Topic(monitoring, 'Alerts', { displayName: 'Folio production alerts' });
  alerts.addSubscription(new EmailSubscription(alertEmail));

  const apiId = backend.data.resources.graphqlApi.apiId;
  const appSyncMetric = (metricName: string, statistic: string) =>
    new Metric({ namespace: 'AWS/AppSync', metricName, dimensionsMap: { GraphQLAPIId: apiId }, statistic, period: Duration.minutes(5) });

  new Alarm(monitoring, 'ApiServerErrors', {
    alarmDescription: 'AppSync answered with server errors (5xx) in production.',
    metric: appSyncMetric('5XXError', 'Sum'),
    threshold: 5,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  }).addAlarmAction(new SnsAction(alerts));

  new Alarm(monitoring, 'ApiLatency', {
    alarmDescription: 'AppSync p99 latency above 2 s for 15 minutes in production.',
    metric: appSyncMetric('Latency', 'p99'),
    threshold: 2000,
    evaluationPeriods: 3,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  }).addAlarmAction(new SnsAction(alerts));

  // Production only: a branch or preview left undeployed for a year is one nobody reads; its watch still logs the warning.
  new Alarm(monitoring, 'ApiKeyExpiry', {
    alarmDescription: `The public API key expires in under ${WARNING_DAYS} days, or the daily API key watch stopped reporting (docs/deploy.md, "The public API key").`,
    metric: new Metric({
      namespace: API_KEY_METRIC.namespace,
      metricName: API_KEY_METRIC.name,
      dimensionsMap: { [API_KEY_METRIC.dimension]: apiId },
      // The day's best report: a run by hand after a redeploy clears the alarm without waiting a day.
      statistic: 'Maximum',
      period: Duration.days(1),
    }),
    threshold: WARNING_DAYS,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    // A day without a report means the watch failed or stopped running, which must alert too.
    treatMissingData: TreatMissingData.BREACHING,
  }).addAlarmAction(new SnsAction(alerts));

  new CfnBudget(monitoring, 'MonthlyBudget', {
    budget: {
      budgetName: `folio-${deployment.name}-monthly`,
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      budgetLimit: { amount: monthlyBudgetUsd, unit: 'USD' },
    },
    notificationsWithSubscribers: [
      {
        notification: { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold: 80, thresholdType: 'PERCENTAGE' },
        subscribers: [{ subscriptionType: 'EMAIL', address: alertEmail }],
      },
      {
        notification: { notificationType: 'FORECASTED', comparisonOperator: 'GREATER_THAN', threshold: 100, thresholdType: 'PERCENTAGE' },
        subscribers: [{ subscriptionType: 'EMAIL', address: alertEmail }],
      },
    ],
  });
}
