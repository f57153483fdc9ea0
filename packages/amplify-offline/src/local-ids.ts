import type { PhysicalIdResolver } from './appsync/cloud-assembly';

/** The identifiers the local services stand in for, shared by every template evaluation. */
export interface LocalIdentifiers {
  region: string;
  accountId: string;
  apiId: string;
  apiKey: string;
  graphqlUrl: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  dynamoDbEndpoint: string;
}

/**
 * A bucket's local name: its logical id in lower case with a `.local` suffix, a valid S3 name of at
 * most 63 characters. The dot makes aws-amplify address it path-style (`https://host:port/bucket/key`),
 * so the local endpoint needs no DNS name per bucket.
 */
export function localBucketName(logicalId: string): string {
  return `${logicalId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 57)}.local`;
}

/** A function's local ARN: its name is its logical id (what `Ref` yields when no FunctionName is set). */
export function lambdaArn(ids: Pick<LocalIdentifiers, 'region' | 'accountId'>, logicalId: string): string {
  return `arn:aws:lambda:${ids.region}:${ids.accountId}:function:${logicalId}`;
}

/** The user pool's ARN, the resource Cognito's admin API authorizes IAM callers on. */
export function userPoolArn(ids: Pick<LocalIdentifiers, 'region' | 'accountId' | 'userPoolId'>): string {
  return `arn:aws:cognito-idp:${ids.region}:${ids.accountId}:userpool/${ids.userPoolId}`;
}

export function physicalIds(ids: LocalIdentifiers, functionId: (stackName: string, logicalId: string) => string): PhysicalIdResolver {
  return {
    ref(_stack, logicalId, resource) {
      switch (resource.Type) {
        case 'AWS::AppSync::GraphQLApi':
          return ids.apiId;
        case 'AWS::Cognito::UserPool':
          return ids.userPoolId;
        case 'AWS::Cognito::UserPoolClient':
          return ids.userPoolClientId;
        case 'AWS::Cognito::IdentityPool':
          return ids.identityPoolId;
        case 'AWS::S3::Bucket':
          return localBucketName(logicalId);
        default:
          return logicalId;
      }
    },
    getAtt(stack, logicalId, attribute, resource) {
      const tableName = () => String(stack.evaluate(resource.Properties?.tableName ?? null));
      switch (`${resource.Type}.${attribute}`) {
        case 'AWS::AppSync::GraphQLApi.ApiId':
          return ids.apiId;
        case 'AWS::AppSync::GraphQLApi.GraphQLUrl':
          return ids.graphqlUrl;
        case 'AWS::AppSync::ApiKey.ApiKey':
          return ids.apiKey;
        case 'AWS::AppSync::DataSource.Name':
          return String(stack.evaluate(resource.Properties?.Name ?? logicalId));
        case 'AWS::AppSync::FunctionConfiguration.FunctionId':
          return functionId(stack.name, logicalId);
        case 'Custom::AmplifyDynamoDBTable.TableName':
          return tableName();
        case 'Custom::AmplifyDynamoDBTable.TableArn':
          return `arn:aws:dynamodb:${ids.region}:${ids.accountId}:table/${tableName()}`;
        case 'AWS::S3::Bucket.Arn':
          return `arn:aws:s3:::${localBucketName(logicalId)}`;
        case 'AWS::Cognito::UserPool.Arn':
          return userPoolArn(ids);
        case 'AWS::IAM::Role.Arn':
          return `arn:aws:iam::${ids.accountId}:role/${logicalId}`;
        case 'AWS::Lambda::Function.Arn':
          return lambdaArn(ids, logicalId);
        default:
          return undefined;
      }
    },
  };
}
