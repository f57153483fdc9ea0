import { Match, Template } from 'aws-cdk-lib/assertions';
import { resolve } from 'node:path';
import { authorize, CloudAssembly, iamRoles, synthesizeBackend, trustsWebIdentity, type IamRole, type Stack } from 'amplify-offline';
import { ROLE_GROUP_NAMES } from '../lib/roles';

/**
 * Synthesizes amplify/backend.ts offline, as ampx does, and checks the CloudFormation that
 * guards Folio's data: a change that weakens these rules fails here before it reaches AWS.
 */
/** The media bucket from amplify/storage/resource.ts (the data stack has Amplify's own codegen bucket too). */
const MEDIA_BUCKET = /^folioMediaBucket[0-9A-F]{8}$/;
let assembly: CloudAssembly;
/** The same assembly with ARNs for roles and buckets, so their policies can be evaluated as IAM would. */
let withArns: CloudAssembly;
const ACCOUNT = '123456789012';
const USER_POOL_ARN = `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_folio`;

/** The nested stack that defines a resource of this type (and, optionally, whose logical id matches). */
function stackWith(type: string, logicalId?: string | RegExp): Stack {
  const matches = (id: string) => !logicalId || (typeof logicalId === 'string' ? id === logicalId : logicalId.test(id));
  for (const stack of assembly.root.walk()) {
    const found = Object.entries(stack.resources).some(([id, resource]) => resource.Type === type && matches(id));
    if (found) return stack;
  }
  throw new Error(`No stack defines ${type} ${logicalId ?? ''}`);
}

/** Both templates of a resolver's auth function, e.g. `QuerygetPostauth0Function` (updates check owners in the response). */
function authTemplate(stack: Stack, functionName: string): string {
  const entry = Object.values(stack.resources).find(
    (resource) => resource.Type === 'AWS::AppSync::FunctionConfiguration' && resource.Properties?.Name === functionName,
  );
  if (!entry) throw new Error(`No function ${functionName}`);
  return ['RequestMappingTemplateS3Location', 'ResponseMappingTemplateS3Location']
    .map((key) => entry.Properties?.[key])
    .map((location) => (location ? assembly.readAsset(String(stack.evaluate(location))) : ''))
    .join('\n');
}

beforeAll(async () => {
  const { cdkOut } = await synthesizeBackend({ projectRoot: resolve(__dirname, '..'), log: () => undefined });
  assembly = new CloudAssembly(cdkOut, { region: 'us-east-1', accountId: ACCOUNT }, {});
  withArns = new CloudAssembly(
    cdkOut,
    { region: 'us-east-1', accountId: ACCOUNT },
    {
      getAtt: (_stack, logicalId, attribute, resource) => {
        if (resource.Type === 'AWS::IAM::Role' && attribute === 'Arn') return `arn:aws:iam::${ACCOUNT}:role/${logicalId}`;
        if (resource.Type === 'AWS::S3::Bucket' && attribute === 'Arn') return `arn:aws:s3:::${logicalId.toLowerCase()}`;
        if (resource.Type === 'Custom::AmplifyDynamoDBTable' && attribute === 'TableArn') return `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${logicalId}`;
        if (resource.Type === 'AWS::Cognito::UserPool' && attribute === 'Arn') return USER_POOL_ARN;
        return undefined;
      },
    },
  );
}, 120_000);

test('the user pool signs in by e-mail with a strong password policy and has one group per role', () => {
  const auth = Template.fromJSON(stackWith('AWS::Cognito::UserPool').template);
  auth.hasResourceProperties('AWS::Cognito::UserPool', {
    UsernameAttributes: ['email'],
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, RequireUppercase: true } },
  });
  const groups = Object.values(auth.findResources('AWS::Cognito::UserPoolGroup')).map(
    (group) => (group.Properties as { GroupName: string; Precedence: number }) ?? {},
  );
  // Lowest role first, each with its precedence.
  expect(groups.sort((a, b) => a.Precedence - b.Precedence).map((group) => group.GroupName)).toEqual(ROLE_GROUP_NAMES);
});

test('a confirmed sign-up is handed to the new-account trigger, whose role may only add users to groups', async () => {
  const { arn, role } = appFunction('new-account');
  const pools = [...withArns.root.walk()].flatMap((stack) =>
    Object.values(stack.resources)
      .filter((resource) => resource.Type === 'AWS::Cognito::UserPool')
      .map((resource) => stack.evaluate(resource.Properties ?? {}) as { LambdaConfig?: Record<string, string> }),
  );
  expect(pools.map((pool) => pool.LambdaConfig)).toEqual([{ PostConfirmation: arn }]);
  const session = { role, sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/new-account`, accountId: ACCOUNT, webIdentity: {} };
  const can = async (action: string) => (await authorize(session, { action: `cognito-idp:${action}`, resource: USER_POOL_ARN })).allowed;
  expect(await can('AdminAddUserToGroup')).toBe(true);
  for (const action of ['AdminRemoveUserFromGroup', 'AdminDeleteUser', 'AdminCreateUser', 'ListUsers', 'AdminSetUserPassword'])
    expect(await can(action)).toBe(false);
});

test('the API defaults to user pools and allows the API key for public reads', () => {
  const data = Template.fromJSON(stackWith('AWS::AppSync::GraphQLApi').template);
  data.hasResourceProperties('AWS::AppSync::GraphQLApi', {
    AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
    AdditionalAuthenticationProviders: [{ AuthenticationType: 'API_KEY' }, { AuthenticationType: 'AWS_IAM' }],
  });
});

test('the API refuses introspection and bounds query depth and resolver count', () => {
  const data = Template.fromJSON(stackWith('AWS::AppSync::GraphQLApi').template);
  data.hasResourceProperties('AWS::AppSync::GraphQLApi', { IntrospectionConfig: 'DISABLED', QueryDepthLimit: 5, ResolverCountLimit: 200 });
});

test('posts are keyed as designed: drafts by id with slug and schedule indexes, live posts by slug with a by-date index', () => {
  const post = stackWith('Custom::AmplifyDynamoDBTable', 'PostTable');
  expect(post.resources.PostTable?.Properties).toMatchObject({
    keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
    globalSecondaryIndexes: [
      expect.objectContaining({ indexName: 'postsBySlug' }),
      // The scheduler's query: SCHEDULED posts due by now.
      expect.objectContaining({
        indexName: 'postsByStatusAndScheduledAt',
        keySchema: [
          { attributeName: 'status', keyType: 'HASH' },
          { attributeName: 'scheduledAt', keyType: 'RANGE' },
        ],
      }),
    ],
  });
  const published = stackWith('Custom::AmplifyDynamoDBTable', 'PublishedPostTable');
  expect(published.resources.PublishedPostTable?.Properties).toMatchObject({
    keySchema: [{ attributeName: 'slug', keyType: 'HASH' }],
  });
  const indexes = (published.resources.PublishedPostTable?.Properties?.globalSecondaryIndexes ?? []) as { indexName: string; keySchema: unknown }[];
  expect(indexes.find((index) => index.indexName === 'publishedPostsByFeedAndPublishedAt')?.keySchema).toEqual([
    { attributeName: 'feed', keyType: 'HASH' },
    { attributeName: 'publishedAt', keyType: 'RANGE' },
  ]);
});

test('the API key can read live posts but never a draft', () => {
  const apiKeyGrants = /#if\( \$util\.authType\(\) == "API Key Authorization" \)\s*#set\( \$isAuthorized = true \)/;
  const post = stackWith('Custom::AmplifyDynamoDBTable', 'PostTable');
  for (const name of ['QuerygetPostauth0Function', 'QuerylistPostsauth0Function', 'QuerylistPostsBySlugauth0Function']) {
    expect(authTemplate(post, name)).not.toMatch(apiKeyGrants);
  }
  const published = stackWith('Custom::AmplifyDynamoDBTable', 'PublishedPostTable');
  expect(authTemplate(published, 'QuerygetPublishedPostauth0Function')).toMatch(apiKeyGrants);
  expect(authTemplate(published, 'MutationcreatePublishedPostauth0Function')).not.toMatch(apiKeyGrants);
});

test("owners are checked on every write, and EDITORS and ADMINS may edit anyone's", () => {
  // The generated check: the stored record's owner must equal the caller's verified `sub`
  // (or `sub::username`); members of EDITORS and ADMINS pass on every field.
  const ownerFromRecord = /#set\( \$ownerEntity0 = \$util\.defaultIfNull\(\$ctx\.result\.owner, null\) \)/;
  const ownerFromToken = /#set\( \$ownerClaim0 = \$util\.defaultIfNull\(\$ctx\.identity\.claims\.get\("sub"\), null\) \)/;
  const adminsGroup = /\$staticGroupRoles = \[\{"claim":"cognito:groups","entity":"EDITORS"[\s\S]*?"entity":"ADMINS"/;
  const post = stackWith('Custom::AmplifyDynamoDBTable', 'PostTable');
  // A post is deleted only through the publishing function (removePost): no client may delete one.
  expect(authTemplate(post, 'MutationdeletePostauth0Function')).toMatch(/#if\( \$util\.authType\(\) == "User Pool Authorization" \)\s*#end/);
  for (const name of ['MutationupdatePostauth0Function']) {
    const template = authTemplate(post, name);
    for (const check of [ownerFromRecord, ownerFromToken, adminsGroup]) expect([name, template]).toEqual([name, expect.stringMatching(check)]);
  }
  // On an update, editors and admins may change every field (but who scheduled a post: that is the
  // publishing function's), not only the owner's subset.
  expect(authTemplate(post, 'MutationupdatePostauth0Function')).toMatch(/"entity":"EDITORS"[^}]*"isAuthorizedOnAllFields":false/);
  expect(authTemplate(post, 'MutationupdatePostauth0Function')).toMatch(/"entity":"ADMINS"[^}]*"isAuthorizedOnAllFields":false/);
  // An owner may change their post's fields but never hand it to someone else.
  const ownerFields = authTemplate(post, 'MutationupdatePostauth0Function').match(/#set\( \$ownerAllowedFields0 = (\[[^\]]*\]) \)/);
  expect(ownerFields).not.toBeNull();
  const allowed = JSON.parse(ownerFields![1]!) as string[];
  expect(allowed).toEqual(expect.arrayContaining(['title', 'body', 'slug']));
  expect(allowed).not.toContain('owner');
  expect(allowed).not.toContain('scheduledBy');
  expect(allowed).not.toContain('scheduledHash');
  // Editors edit a post as it is; only admins may give it to someone else.
  const editorFields = authTemplate(post, 'MutationupdatePostauth0Function').match(/"entity":"EDITORS","allowedFields":(\[[^\]]*\])/);
  expect(JSON.parse(editorFields![1]!)).toEqual(expect.arrayContaining(['title', 'body', 'status']));
  expect(JSON.parse(editorFields![1]!)).not.toContain('owner');
});

test('two-step sign-in is optional and uses authenticator apps only (no SMS)', () => {
  const auth = Template.fromJSON(stackWith('AWS::Cognito::UserPool').template);
  auth.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
});

test('the media bucket blocks public access and refuses plain-HTTP requests', () => {
  const storage = Template.fromJSON(stackWith('AWS::S3::Bucket', MEDIA_BUCKET).template);
  storage.hasResourceProperties('AWS::S3::Bucket', {
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
  });
  storage.hasResourceProperties('AWS::S3::BucketPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    },
  });
});

test('raw uploads and abandoned multipart uploads expire after a day', () => {
  const storage = Template.fromJSON(stackWith('AWS::S3::Bucket', MEDIA_BUCKET).template);
  storage.hasResourceProperties('AWS::S3::Bucket', {
    LifecycleConfiguration: {
      Rules: Match.arrayWith([
        Match.objectLike({ Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' }),
        Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
      ]),
    },
  });
});

test('media access: everyone reads media, each identity writes only its own folders', () => {
  const storage = stackWith('AWS::S3::Bucket', MEDIA_BUCKET);
  const statements = Object.values(storage.resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy')
    .flatMap((resource) => (resource.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
  const writes = statements.filter((statement) => [statement.Action].flat().some((action) => action === 's3:PutObject'));
  expect(writes.length).toBeGreaterThan(0);
  for (const statement of writes) {
    const resources = JSON.stringify(statement.Resource);
    expect(resources).toContain('media/${cognito-identity.amazonaws.com:sub}/*');
    expect(resources).toContain('uploads/${cognito-identity.amazonaws.com:sub}/*');
  }
  const reads = statements.filter((statement) => [statement.Action].flat().includes('s3:GetObject'));
  expect(reads.length).toBeGreaterThanOrEqual(2);
  // Uploads are read back only by their uploader (the per-identity grant); nobody else reads them.
  for (const statement of reads)
    expect(JSON.stringify(statement.Resource).replaceAll('uploads/${cognito-identity.amazonaws.com:sub}/*', '')).not.toContain('uploads/');
});

test('identity-pool roles, evaluated as IAM would: guests read media, each signed-in identity writes only its own folder, neither reaches the data API', async () => {
  const roles = iamRoles(withArns);
  const authStack = [...withArns.root.walk()].find((stack) =>
    Object.values(stack.resources).some((resource) => resource.Type === 'AWS::Cognito::IdentityPoolRoleAttachment'),
  );
  const [poolId] = Object.entries(authStack?.resources ?? {}).find(([, resource]) => resource.Type === 'AWS::Cognito::IdentityPool') ?? [];
  const attachment = Object.values(authStack?.resources ?? {}).find((resource) => resource.Type === 'AWS::Cognito::IdentityPoolRoleAttachment');
  if (!authStack || !poolId || !attachment) throw new Error('the app declares no identity pool with roles');
  const { Roles } = authStack.evaluate(attachment.Properties ?? {}) as { Roles: { authenticated: string; unauthenticated: string } };
  const guestRole = roles.get(Roles.unauthenticated);
  const memberRole = roles.get(Roles.authenticated);
  if (!guestRole || !memberRole) throw new Error('the identity pool names roles the app does not define');

  const bucket = Object.entries(stackWith('AWS::S3::Bucket', MEDIA_BUCKET).resources).find(([id]) => MEDIA_BUCKET.test(id))?.[0] ?? '';
  const object = (key: string) => `arn:aws:s3:::${bucket.toLowerCase()}/${key}`;
  const me = 'us-east-1:11111111-1111-4111-8111-111111111111';
  const someoneElse = 'us-east-1:22222222-2222-4222-8222-222222222222';
  const as = (role: IamRole) => ({
    role,
    sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/CognitoIdentityCredentials`,
    accountId: ACCOUNT,
    webIdentity: { 'cognito-identity.amazonaws.com:sub': me },
  });
  const can = async (role: IamRole, action: string, resource: string) => (await authorize(as(role), { action, resource })).allowed;

  expect(await can(guestRole, 's3:GetObject', object(`media/${someoneElse}/cover.webp`))).toBe(true);
  expect(await can(guestRole, 's3:PutObject', object(`media/${me}/cover.webp`))).toBe(false);
  expect(await can(memberRole, 's3:PutObject', object(`media/${me}/cover.webp`))).toBe(true);
  expect(await can(memberRole, 's3:PutObject', object(`media/${someoneElse}/cover.webp`))).toBe(false);
  expect(await can(memberRole, 's3:DeleteObject', object(`media/${someoneElse}/cover.webp`))).toBe(false);
  expect(await can(memberRole, 's3:PutObject', object('elsewhere/cover.webp'))).toBe(false);
  // Members of a group get the group's role (Gen 2 maps roles by token), with the same folders.
  const groupRoles = Object.values(authStack.resources)
    .filter((resource) => resource.Type === 'AWS::Cognito::UserPoolGroup')
    .map((group) => roles.get(String(authStack.evaluate((group.Properties as { RoleArn: Parameters<typeof authStack.evaluate>[0] }).RoleArn))));
  expect(groupRoles).toHaveLength(ROLE_GROUP_NAMES.length);
  for (const role of groupRoles) {
    if (!role) throw new Error('a group names a role the app does not define');
    expect(await can(role, 's3:PutObject', object(`uploads/${me}/photo`))).toBe(true);
    expect(await can(role, 's3:PutObject', object(`media/${me}/cover.webp`))).toBe(true);
    expect(await can(role, 's3:DeleteObject', object(`media/${me}/cover.webp`))).toBe(true);
    expect(await can(role, 's3:GetObject', object(`media/${someoneElse}/cover.webp`))).toBe(true);
    expect(await can(role, 's3:PutObject', object(`media/${someoneElse}/cover.webp`))).toBe(false);
    expect(await can(role, 's3:GetObject', object(`uploads/${someoneElse}/photo`))).toBe(false);
    expect(await can(role, 's3:DeleteObject', object(`media/${someoneElse}/cover.webp`))).toBe(false);
    // The image cleanup lists the member's own media folder.
    const listing = (prefix: string) =>
      authorize(as(role), { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket.toLowerCase()}`, context: { 's3:prefix': prefix } });
    expect((await listing(`media/${me}/`)).allowed).toBe(true);
    expect((await listing(`uploads/${someoneElse}/`)).allowed).toBe(false);
  }
  // Raw uploads (metadata not yet stripped) are private to their uploader.
  expect(await can(memberRole, 's3:GetObject', object(`uploads/${me}/photo`))).toBe(true);
  expect(await can(memberRole, 's3:GetObject', object(`uploads/${someoneElse}/photo`))).toBe(false);
  expect(await can(guestRole, 's3:GetObject', object(`uploads/${someoneElse}/photo`))).toBe(false);
  // Folio's visitors read with the API key: no identity-pool role may call the data API.
  for (const role of [guestRole, memberRole]) {
    expect(await can(role, 'appsync:GraphQL', `arn:aws:appsync:us-east-1:${ACCOUNT}:apis/api/types/Mutation/fields/createPublishedPost`)).toBe(false);
  }

  // Each role is assumable only through this identity pool, by the right kind of identity.
  const pool = String(authStack.evaluate({ Ref: poolId }));
  const trusts = (role: IamRole, amr: string[], identityPoolId = pool) => trustsWebIdentity(role, ACCOUNT, { identityPoolId, identityId: me, amr });
  expect(await trusts(guestRole, ['unauthenticated'])).toBe(true);
  expect(await trusts(guestRole, ['authenticated'])).toBe(false);
  expect(await trusts(memberRole, ['authenticated'])).toBe(true);
  expect(await trusts(memberRole, ['unauthenticated'])).toBe(false);
  expect(await trusts(memberRole, ['authenticated'], 'us-east-1:another-pool')).toBe(false);
});

test('tag and author indexes are keyed for queries, readable with the API key, writable only by owners', () => {
  const apiKeyGrants = /#if\( \$util\.authType\(\) == "API Key Authorization" \)\s*#set\( \$isAuthorized = true \)/;
  const tags = stackWith('Custom::AmplifyDynamoDBTable', 'PublishedPostTagTable');
  expect(tags.resources.PublishedPostTagTable?.Properties).toMatchObject({
    keySchema: [
      { attributeName: 'tag', keyType: 'HASH' },
      { attributeName: 'slug', keyType: 'RANGE' },
    ],
  });
  const tagIndexes = (tags.resources.PublishedPostTagTable?.Properties?.globalSecondaryIndexes ?? []) as { keySchema: unknown }[];
  expect(tagIndexes.map((index) => index.keySchema)).toContainEqual([
    { attributeName: 'tag', keyType: 'HASH' },
    { attributeName: 'publishedAt', keyType: 'RANGE' },
  ]);
  expect(authTemplate(tags, 'QuerylistTaggedPostsByDateauth0Function')).toMatch(apiKeyGrants);
  expect(authTemplate(tags, 'MutationcreatePublishedPostTagauth0Function')).not.toMatch(apiKeyGrants);

  const profiles = stackWith('Custom::AmplifyDynamoDBTable', 'AuthorProfileTable');
  expect(profiles.resources.AuthorProfileTable?.Properties).toMatchObject({ keySchema: [{ attributeName: 'handle', keyType: 'HASH' }] });
  expect(authTemplate(profiles, 'QuerygetAuthorProfileauth0Function')).toMatch(apiKeyGrants);
  expect(authTemplate(profiles, 'MutationupdateAuthorProfileauth0Function')).not.toMatch(apiKeyGrants);

  const published = stackWith('Custom::AmplifyDynamoDBTable', 'PublishedPostTable');
  const publishedIndexes = (published.resources.PublishedPostTable?.Properties?.globalSecondaryIndexes ?? []) as { keySchema: unknown }[];
  expect(publishedIndexes.map((index) => index.keySchema)).toContainEqual([
    { attributeName: 'owner', keyType: 'HASH' },
    { attributeName: 'publishedAt', keyType: 'RANGE' },
  ]);
});

test('a draft preview can be fetched by its token with the API key, but never listed', () => {
  const apiKeyGrants = /#if\( \$util\.authType\(\) == "API Key Authorization" \)\s*#set\( \$isAuthorized = true \)/;
  const previews = stackWith('Custom::AmplifyDynamoDBTable', 'DraftPreviewTable');
  expect(authTemplate(previews, 'QuerygetDraftPreviewauth0Function')).toMatch(apiKeyGrants);
  expect(authTemplate(previews, 'QuerylistDraftPreviewsauth0Function')).not.toMatch(apiKeyGrants);
  expect(authTemplate(previews, 'QuerylistDraftPreviewsByPostIdauth0Function')).not.toMatch(apiKeyGrants);
  expect(authTemplate(previews, 'MutationcreateDraftPreviewauth0Function')).not.toMatch(apiKeyGrants);
});

test('no client writes a public record: the create, update and delete resolvers of live posts, tag entries, profiles and previews grant no user-pool, owner, group or API-key caller', () => {
  const grants = [/\$ownerClaim/, /"entity":"ADMINS"/, /"API Key Authorization" \)\s*#set\( \$isAuthorized = true \)/];
  for (const [model, table] of [
    ['PublishedPost', 'PublishedPostTable'],
    ['PublishedPostTag', 'PublishedPostTagTable'],
    ['AuthorProfile', 'AuthorProfileTable'],
    ['DraftPreview', 'DraftPreviewTable'],
    ['Comment', 'CommentTable'],
    ['PublicComment', 'PublicCommentTable'],
  ] as const) {
    const stack = stackWith('Custom::AmplifyDynamoDBTable', table);
    for (const operation of ['create', 'update', 'delete']) {
      const template = authTemplate(stack, `Mutation${operation}${model}auth0Function`);
      for (const grant of grants) expect(template).not.toMatch(grant);
    }
    // The user-pool branch of the create check is empty: a signed-in user always ends unauthorized.
    expect(authTemplate(stack, `Mutationcreate${model}auth0Function`)).toMatch(/#if\( \$util\.authType\(\) == "User Pool Authorization" \)\s*#end/);
  }
});

/** A Gen 2 function of the app by its defineFunction name: its properties (intrinsics evaluated) and role. */
function appFunction(name: string): { properties: Record<string, unknown>; role: IamRole; arn: string } {
  for (const stack of withArns.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const properties = stack.evaluate(resource.Properties ?? {}) as Record<string, unknown>;
      const tags = (properties.Tags ?? []) as { Key: string; Value: string }[];
      if (!tags.some((tag) => tag.Key === 'amplify:friendly-name' && tag.Value === name)) continue;
      const role = iamRoles(withArns).get(String(properties.Role));
      if (!role) throw new Error(`${name}: no role`);
      return { properties, role, arn: String(stack.getAtt(logicalId, 'Arn')) };
    }
  }
  throw new Error(`No function ${name}`);
}

test('each function reaches the user pool only as far as it must: publishing reads roles, the People page also moves people between groups', async () => {
  const reach: Record<string, string[]> = {
    publishing: ['AdminListGroupsForUser'],
    'publish-due': ['AdminListGroupsForUser'],
    people: ['AdminListGroupsForUser', 'ListUsers', 'ListUsersInGroup', 'AdminAddUserToGroup', 'AdminRemoveUserFromGroup'],
    comments: ['AdminListGroupsForUser', 'AdminGetUser'],
  };
  const everything = [...new Set([...Object.values(reach).flat(), 'AdminDeleteUser', 'AdminCreateUser', 'AdminSetUserPassword', 'AdminUpdateUserAttributes'])];
  for (const [name, allowed] of Object.entries(reach)) {
    const { properties, role } = appFunction(name);
    expect(properties.Runtime).toBe('nodejs22.x');
    expect((properties.Environment as { Variables: Record<string, string> }).Variables.USER_POOL_ID).toBeTruthy();
    const session = { role, sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${name}`, accountId: ACCOUNT, webIdentity: {} };
    for (const action of everything) {
      expect([action, (await authorize(session, { action: `cognito-idp:${action}`, resource: USER_POOL_ARN })).allowed]).toEqual([
        action,
        allowed.includes(action),
      ]);
    }
  }
});

test('the publishing functions run on Node.js 22 with exactly the table access they use', async () => {
  const tableArn = (table: string) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${table}Table`;
  for (const name of ['publishing', 'publish-due']) {
    const { properties, role } = appFunction(name);
    expect(properties.Runtime).toBe('nodejs22.x');
    const session = { role, sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${name}`, accountId: ACCOUNT, webIdentity: {} };
    const can = async (action: string, table: string, index?: string) =>
      (await authorize(session, { action: `dynamodb:${action}`, resource: index ? `${tableArn(table)}/index/${index}` : tableArn(table) })).allowed;
    expect(await can('PutItem', 'PublishedPost')).toBe(true);
    expect(await can('DeleteItem', 'PublishedPostTag')).toBe(true);
    expect(await can('Query', 'PublishedPost', 'publishedPostsByPostId')).toBe(true);
    expect(await can('UpdateItem', 'Post')).toBe(true);
    expect(await can('Query', 'AuthorProfile', 'authorProfilesByUserId')).toBe(true);
    // Nothing it does not do: no new drafts, no deleted profiles, no scans; only the studio's
    // function deletes drafts (removePost, with their comments).
    expect(await can('PutItem', 'Post')).toBe(false);
    expect(await can('DeleteItem', 'Post')).toBe(name === 'publishing');
    expect(await can('DeleteItem', 'Comment')).toBe(name === 'publishing');
    expect(await can('PutItem', 'Comment')).toBe(false);
    expect(await can('DeleteItem', 'AuthorProfile')).toBe(false);
    expect(await can('GetItem', 'DraftPreview')).toBe(false);
    expect(await can('Scan', 'PublishedPost')).toBe(false);
    // Only the studio's function writes profiles and preview snapshots; only the scheduler looks
    // drafts up by status and time.
    expect(await can('PutItem', 'AuthorProfile')).toBe(name === 'publishing');
    expect(await can('PutItem', 'DraftPreview')).toBe(name === 'publishing');
    expect(await can('Query', 'Post', 'postsByStatusAndScheduledAt')).toBe(name === 'publish-due');
  }
});

test("the comments function writes comments, their public copies and the live post's count, and nothing else", async () => {
  const tableArn = (table: string) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${table}Table`;
  const { properties, role } = appFunction('comments');
  expect(properties.Runtime).toBe('nodejs22.x');
  const session = { role, sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/comments`, accountId: ACCOUNT, webIdentity: {} };
  const can = async (action: string, table: string, index?: string) =>
    (await authorize(session, { action: `dynamodb:${action}`, resource: index ? `${tableArn(table)}/index/${index}` : tableArn(table) })).allowed;
  expect(await can('PutItem', 'Comment')).toBe(true);
  expect(await can('Query', 'Comment', 'commentsByOwnerAndCreatedAt')).toBe(true);
  expect(await can('PutItem', 'PublicComment')).toBe(true);
  expect(await can('UpdateItem', 'PublishedPost')).toBe(true);
  // No live posts made or removed, no drafts changed, no profiles or previews touched.
  for (const [action, table] of [
    ['PutItem', 'PublishedPost'],
    ['DeleteItem', 'PublishedPost'],
    ['UpdateItem', 'Post'],
    ['DeleteItem', 'Post'],
    ['GetItem', 'Post'],
    ['PutItem', 'AuthorProfile'],
    ['GetItem', 'DraftPreview'],
    ['Scan', 'Comment'],
  ] as const) {
    expect([action, table, await can(action, table)]).toEqual([action, table, false]);
  }
});

test('the scheduler runs every minute and reads its revalidation key from a secret, never from the template', () => {
  const { properties, arn } = appFunction('publish-due');
  expect(
    schedules()
      .filter((schedule) => schedule.Target.Arn === arn)
      .map((schedule) => [schedule.ScheduleExpression, schedule.State]),
  ).toEqual([['cron(*/1 * * * ? *)', 'ENABLED']]);
  const variables = (properties.Environment as { Variables: Record<string, string> }).Variables;
  expect(variables.FOLIO_REVALIDATE_SECRET).toBe('<value will be resolved during runtime>');
  expect(JSON.parse(variables.AMPLIFY_SSM_ENV_CONFIG ?? '{}')).toHaveProperty(
    'FOLIO_REVALIDATE_SECRET.path',
    expect.stringMatching(/\/FOLIO_REVALIDATE_SECRET$/),
  );
  expect(variables.FOLIO_SITE_URL).toMatch(/^https?:\/\//);
});

test('the publishing mutations are for signed-in users only and are served by the publishing function', () => {
  const schema = [...assembly.root.walk()]
    .flatMap((stack) =>
      Object.values(stack.resources)
        .filter((resource) => resource.Type === 'AWS::AppSync::GraphQLSchema')
        .map((resource) => assembly.readAsset(String(stack.evaluate(resource.Properties?.DefinitionS3Location ?? null)))),
    )
    .join('\n');
  const line = (field: string) => schema.split('\n').find((candidate) => candidate.trim().startsWith(`${field}`)) ?? '';
  for (const field of ['publishPost(', 'unpublishPost(', 'removePost(', 'schedulePost(', 'saveAuthorProfile(', 'sharePreview(', 'revokePreview(']) {
    expect(line(field)).toMatch(/@aws_cognito_user_pools/);
    expect(line(field)).not.toMatch(/@aws_api_key/);
  }
  // The People page's operations: signed-in users, never the API key; the resolver admits members of
  // ADMINS only (data-api.test.ts shows the others refused) and the function checks the role again.
  for (const field of ['listPeople:', 'setPersonRole(']) {
    expect(line(field)).toMatch(/@aws_cognito_user_pools/);
    expect(line(field)).not.toMatch(/@aws_api_key/);
  }
  const { arn } = appFunction('publishing');
  const people = appFunction('people').arn;
  const sources = [...withArns.root.walk()].flatMap((stack) =>
    Object.values(stack.resources)
      .filter((resource) => resource.Type === 'AWS::AppSync::DataSource' && resource.Properties?.Type === 'AWS_LAMBDA')
      .map((resource) => (stack.evaluate(resource.Properties ?? {}) as { LambdaConfig: { LambdaFunctionArn: string } }).LambdaConfig.LambdaFunctionArn),
  );
  expect(sources.filter((source) => source === arn)).toHaveLength(7);
  expect(sources.filter((source) => source === people)).toHaveLength(2);
  // addComment, moderateComment and the onCommentEvent subscription.
  expect(sources.filter((source) => source === appFunction('comments').arn)).toHaveLength(3);
  expect(sources).toHaveLength(12);
});

/** Every EventBridge Scheduler schedule of the app: its expression, time zone, state and target. */
function schedules(): { ScheduleExpression: string; ScheduleExpressionTimezone?: string; State: string; Target: { Arn: string } }[] {
  return [...withArns.root.walk()].flatMap((stack) =>
    Object.values(stack.resources)
      .filter((resource) => resource.Type === 'AWS::Scheduler::Schedule')
      .map((resource) => stack.evaluate(resource.Properties ?? {}) as ReturnType<typeof schedules>[number]),
  );
}

test('the app runs two schedules: the scheduler every minute and the API key watch every day', () => {
  expect(
    schedules()
      .map((schedule) => schedule.Target.Arn)
      .sort(),
  ).toEqual([appFunction('api-key-watch').arn, appFunction('publish-due').arn].sort());
});

test('the API key watch runs every day at midnight UTC, is told which API to watch, and may only list API keys', async () => {
  const { properties, role, arn } = appFunction('api-key-watch');
  expect(properties.Runtime).toBe('nodejs22.x');
  expect(
    schedules()
      .filter((schedule) => schedule.Target.Arn === arn)
      .map((schedule) => [schedule.ScheduleExpression, schedule.ScheduleExpressionTimezone, schedule.State]),
  ).toEqual([['cron(0 0 * * ? *)', 'UTC', 'ENABLED']]);
  // This app's API, referenced within the data stack where both live.
  const data = stackWith('AWS::AppSync::GraphQLApi');
  const [apiLogicalId] = Object.entries(data.resources).find(([, resource]) => resource.Type === 'AWS::AppSync::GraphQLApi') ?? [];
  const watch = Object.values(data.resources).find(
    (resource) => resource.Type === 'AWS::Lambda::Function' && JSON.stringify(resource.Properties?.Tags ?? []).includes('"api-key-watch"'),
  );
  expect(watch?.Properties?.Environment).toMatchObject({ Variables: { GRAPHQL_API_ID: { 'Fn::GetAtt': [apiLogicalId, 'ApiId'] } } });

  // One statement of its own, besides Lambda's log permissions. ListApiKeys takes no resource-level
  // permission, so '*' is its resource (IAM would refuse the action on an API's ARN).
  expect(role.policies.flatMap((policy) => [policy.document.Statement].flat())).toEqual([{ Effect: 'Allow', Action: 'appsync:ListApiKeys', Resource: '*' }]);
  expect(role.awsManagedPolicyArns).toEqual(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  const session = { role, sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/api-key-watch`, accountId: ACCOUNT, webIdentity: {} };
  const can = async (action: string, resource = '*') => (await authorize(session, { action: `appsync:${action}`, resource })).allowed;
  const apiArn = `arn:aws:appsync:us-east-1:${ACCOUNT}:apis/folioapi`;
  expect(await can('ListApiKeys')).toBe(true);
  for (const action of ['CreateApiKey', 'UpdateApiKey', 'DeleteApiKey', 'GetIntrospectionSchema']) expect([action, await can(action)]).toEqual([action, false]);
  expect(await can('GetGraphqlApi', apiArn)).toBe(false);
  expect(await can('GraphQL', `${apiArn}/types/Query/fields/listPosts`)).toBe(false);

  // Outside production no alarm reads its metric (amplify/deployments.test.ts: previews have none at all).
  const alarms = [...assembly.root.walk()].flatMap((stack) => Object.values(stack.resources).filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm'));
  expect(alarms).toEqual([]);
});

describe('in production', () => {
  let production: CloudAssembly;

  beforeAll(async () => {
    // The inputs of amplify/deployments.test.ts's production backend, so the two share one cached synthesis.
    const { cdkOut } = await synthesizeBackend({
      projectRoot: resolve(__dirname, '..'),
      namespace: 'd1example',
      name: 'main',
      type: 'branch',
      env: { FOLIO_ALERT_EMAIL: 'ops@folio.test', FOLIO_MONTHLY_BUDGET_USD: '75' },
      log: () => undefined,
    });
    production = new CloudAssembly(cdkOut, { region: 'us-east-1', accountId: ACCOUNT }, {});
  }, 120_000);

  test('an alarm e-mails the alerts when the API key has under 30 days left, or when the watch stops reporting', () => {
    const alarms = [...production.root.walk()].flatMap((stack) =>
      Object.values(stack.resources)
        .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm' && resource.Properties?.MetricName === 'ApiKeyDaysLeft')
        .map((resource) => ({ stack, properties: stack.evaluate(resource.Properties ?? {}) as Record<string, unknown> })),
    );
    expect(alarms).toHaveLength(1);
    const [{ stack, properties }] = alarms as [(typeof alarms)[number]];
    expect(properties).toMatchObject({
      Namespace: 'Folio',
      Statistic: 'Maximum',
      Period: 86400,
      EvaluationPeriods: 1,
      Threshold: 30,
      ComparisonOperator: 'LessThanThreshold',
      // No report for a day (the watch failed or stopped running) alarms too.
      TreatMissingData: 'breaching',
    });
    // The metric of this app's API, as the watch reports it.
    const apiIds = [...production.root.walk()].flatMap((candidate) =>
      Object.entries(candidate.resources)
        .filter(([, resource]) => resource.Type === 'AWS::AppSync::GraphQLApi')
        .map(([logicalId]) => candidate.getAtt(logicalId, 'ApiId')),
    );
    expect(apiIds).toHaveLength(1);
    expect(properties.Dimensions).toEqual([{ Name: 'GraphQLAPIId', Value: apiIds[0] }]);
    // To the alerts topic, whose subscription e-mails FOLIO_ALERT_EMAIL.
    const topics = Object.entries(stack.resources).filter(([, resource]) => resource.Type === 'AWS::SNS::Topic');
    expect(topics.map(([logicalId]) => logicalId)).toEqual([expect.stringMatching(/^Alerts/)]);
    const topic = stack.ref(topics[0]![0]);
    expect(properties.AlarmActions).toEqual([topic]);
    const subscriptions = Object.values(stack.resources)
      .filter((resource) => resource.Type === 'AWS::SNS::Subscription')
      .map((resource) => stack.evaluate(resource.Properties ?? {}));
    expect(subscriptions).toContainEqual(expect.objectContaining({ TopicArn: topic, Protocol: 'email', Endpoint: 'ops@folio.test' }));
  });
});
