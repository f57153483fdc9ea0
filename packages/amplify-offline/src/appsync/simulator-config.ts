import {
  AmplifyAppSyncSimulatorAuthenticationType as AuthType,
  RESOLVER_KIND,
  type AmplifyAppSyncAuthenticationProviderConfig,
  type AmplifyAppSyncSimulatorConfig,
  type AppSyncSimulatorDataSourceConfig,
  type AppSyncSimulatorFunctionsConfig,
  type AppSyncSimulatorMappingTemplate,
  type AppSyncSimulatorPipelineResolverConfig,
  type AppSyncSimulatorUnitResolverConfig,
} from '@aws-amplify/amplify-appsync-simulator';
import type { CloudAssembly, CfnResource, Stack } from './cloud-assembly';
import type { LocalIdentifiers } from '../local-ids';
import { FUNCTION_DATA_SOURCE, registerFunctionDataSource } from '../functions/data-source';
import type { FunctionRuntime } from '../functions/runtime';
import type { LocalCredentials } from '../sigv4';

/** A DynamoDB table as the Amplify table manager would create it. */
export interface TableDefinition {
  tableName: string;
  keySchema: { attributeName: string; keyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { attributeName: string; attributeType: 'S' | 'N' | 'B' }[];
  globalSecondaryIndexes: {
    indexName: string;
    keySchema: { attributeName: string; keyType: 'HASH' | 'RANGE' }[];
    projection: { projectionType: string; nonKeyAttributes?: string[] };
  }[];
}

export interface LocalDataApi {
  simulator: AmplifyAppSyncSimulatorConfig;
  tables: TableDefinition[];
  /** The final SDL, as deployed to AppSync (input for model introspection). */
  schema: string;
  authorizationTypes: string[];
  /** The API's IntrospectionConfig, QueryDepthLimit and ResolverCountLimit, enforced as AppSync does. */
  limits: ApiLimits;
}

export interface ApiLimits {
  introspection: boolean;
  /** Nested levels a request may select; 0: no limit. */
  queryDepth: number;
  /** Resolvers one request may invoke; 0: no limit. */
  resolverCount: number;
}

/** The three settings as CloudFormation takes them (IntrospectionConfig ENABLED|DISABLED, 1–75 levels, 1–10000 resolvers). */
function apiLimits(evaluated: { IntrospectionConfig?: unknown; QueryDepthLimit?: unknown; ResolverCountLimit?: unknown }, where: string): ApiLimits {
  const { IntrospectionConfig = 'ENABLED', QueryDepthLimit = 0, ResolverCountLimit = 0 } = evaluated;
  if (IntrospectionConfig !== 'ENABLED' && IntrospectionConfig !== 'DISABLED')
    throw new Error(`${where}: IntrospectionConfig ${String(IntrospectionConfig)} is not ENABLED or DISABLED.`);
  const bounded = (value: unknown, name: string, max: number): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      throw new Error(`${where}: ${name} must be a whole number from 0 to ${max}, not ${JSON.stringify(value)}.`);
    }
    return value;
  };
  return {
    introspection: IntrospectionConfig === 'ENABLED',
    queryDepth: bounded(QueryDepthLimit, 'QueryDepthLimit', 75),
    resolverCount: bounded(ResolverCountLimit, 'ResolverCountLimit', 10000),
  };
}

function functionId(stack: Stack, logicalId: string): string {
  return `${stack.name}/${logicalId}`;
}

/** Builds the AppSync simulator's config from the synthesized Gen 2 backend. */
export function buildLocalDataApi(assembly: CloudAssembly, ids: LocalIdentifiers, credentials: LocalCredentials, lambdas?: FunctionRuntime): LocalDataApi {
  const dataSources: AppSyncSimulatorDataSourceConfig[] = [];
  const functions: AppSyncSimulatorFunctionsConfig[] = [];
  const resolvers: (AppSyncSimulatorUnitResolverConfig | AppSyncSimulatorPipelineResolverConfig)[] = [];
  const mappingTemplates: AppSyncSimulatorMappingTemplate[] = [];
  const tables: TableDefinition[] = [];
  let schema: string | undefined;
  let authorizationTypes: string[] = [];
  let limits: ApiLimits = { introspection: true, queryDepth: 0, resolverCount: 0 };

  const template = (stack: Stack, properties: Record<string, unknown>, kind: 'Request' | 'Response', path: string) => {
    const inline = properties[`${kind}MappingTemplate`];
    const location = properties[`${kind}MappingTemplateS3Location`];
    let content: string;
    if (inline !== undefined) content = String(stack.evaluate(inline as never));
    else if (location !== undefined) content = assembly.readAsset(String(stack.evaluate(location as never)));
    else content = kind === 'Response' ? '$util.toJson($ctx.result)' : '{}';
    mappingTemplates.push({ path, content });
    return path;
  };

  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries<CfnResource>(stack.resources)) {
      const properties = (resource.Properties ?? {}) as Record<string, unknown>;
      switch (resource.Type) {
        case 'AWS::AppSync::GraphQLApi': {
          const evaluated = stack.evaluate(properties as never) as {
            AuthenticationType: string;
            AdditionalAuthenticationProviders?: { AuthenticationType: string }[];
            IntrospectionConfig?: unknown;
            QueryDepthLimit?: unknown;
            ResolverCountLimit?: unknown;
          };
          authorizationTypes = [
            evaluated.AuthenticationType,
            ...(evaluated.AdditionalAuthenticationProviders ?? []).map((provider) => provider.AuthenticationType),
          ];
          limits = apiLimits(evaluated, `${stack.name}/${logicalId}`);
          break;
        }
        case 'AWS::AppSync::GraphQLSchema':
          schema =
            properties.Definition !== undefined
              ? String(stack.evaluate(properties.Definition as never))
              : assembly.readAsset(String(stack.evaluate(properties.DefinitionS3Location as never)));
          break;
        case 'AWS::AppSync::DataSource': {
          const name = String(stack.evaluate(properties.Name as never));
          if (properties.Type === 'AMAZON_DYNAMODB') {
            const config = stack.evaluate(properties.DynamoDBConfig as never) as { TableName: string };
            dataSources.push({
              type: 'AMAZON_DYNAMODB',
              name,
              config: {
                tableName: config.TableName,
                endpoint: ids.dynamoDbEndpoint,
                region: ids.region,
                // The local DynamoDB checks signatures against the backend's admin credentials. The
                // simulator spreads this object into the SDK v3 client, which reads `credentials`.
                accessKeyId: credentials.accessKeyId,
                secretAccessKey: credentials.secretAccessKey,
                ...{ credentials: { ...credentials } },
              },
            });
          } else if (properties.Type === 'NONE') {
            dataSources.push({ type: 'NONE', name });
          } else if (properties.Type === 'AWS_LAMBDA') {
            const { LambdaFunctionArn: functionArn } = stack.evaluate(properties.LambdaConfig as never) as { LambdaFunctionArn: string };
            if (!lambdas) throw new Error(`Data source ${name}: functions are not served by this backend`);
            lambdas.prepare(functionArn, `Data source ${name}`);
            registerFunctionDataSource();
            // The simulator hands the whole config to the registered loader.
            dataSources.push({ type: FUNCTION_DATA_SOURCE, name, functionArn, runtime: lambdas } as unknown as AppSyncSimulatorDataSourceConfig);
          } else {
            throw new Error(`Data source ${name}: type ${String(properties.Type)} is not supported offline`);
          }
          break;
        }
        case 'AWS::AppSync::FunctionConfiguration': {
          const name = functionId(stack, logicalId);
          if (properties.Runtime) throw new Error(`Function ${name}: APPSYNC_JS resolvers are not supported offline`);
          functions.push({
            name,
            dataSourceName: String(stack.evaluate(properties.DataSourceName as never)),
            requestMappingTemplateLocation: template(stack, properties, 'Request', `${name}.req.vtl`),
            responseMappingTemplateLocation: template(stack, properties, 'Response', `${name}.res.vtl`),
          });
          break;
        }
        case 'AWS::AppSync::Resolver': {
          if (properties.Runtime) throw new Error(`Resolver ${logicalId}: APPSYNC_JS resolvers are not supported offline`);
          const typeName = String(stack.evaluate(properties.TypeName as never));
          const fieldName = String(stack.evaluate(properties.FieldName as never));
          const base = `${stack.name}/${logicalId}`;
          const requestMappingTemplateLocation = template(stack, properties, 'Request', `${base}.req.vtl`);
          const responseMappingTemplateLocation = template(stack, properties, 'Response', `${base}.res.vtl`);
          if (properties.Kind === 'PIPELINE') {
            const pipeline = stack.evaluate(properties.PipelineConfig as never) as { Functions: string[] };
            resolvers.push({
              kind: RESOLVER_KIND.PIPELINE,
              typeName,
              fieldName,
              functions: pipeline.Functions,
              requestMappingTemplateLocation,
              responseMappingTemplateLocation,
            });
          } else {
            resolvers.push({
              kind: RESOLVER_KIND.UNIT,
              typeName,
              fieldName,
              dataSourceName: String(stack.evaluate(properties.DataSourceName as never)),
              requestMappingTemplateLocation,
              responseMappingTemplateLocation,
            });
          }
          break;
        }
        case 'Custom::AmplifyDynamoDBTable':
        case 'AWS::DynamoDB::Table': {
          const evaluated = stack.evaluate(properties as never) as Record<string, unknown>;
          const pick = (camel: string) => evaluated[camel] ?? evaluated[camel.charAt(0).toUpperCase() + camel.slice(1)];
          tables.push({
            tableName: String(pick('tableName')),
            keySchema: pick('keySchema') as TableDefinition['keySchema'],
            attributeDefinitions: pick('attributeDefinitions') as TableDefinition['attributeDefinitions'],
            globalSecondaryIndexes: ((pick('globalSecondaryIndexes') ?? []) as TableDefinition['globalSecondaryIndexes']).map((index) => ({
              indexName: index.indexName,
              keySchema: index.keySchema,
              projection: index.projection,
            })),
          });
          break;
        }
      }
    }
  }
  if (!schema) throw new Error(`No AppSync schema in ${assembly.directory}: does amplify/backend.ts define data?`);

  const provider = (type: string): AmplifyAppSyncAuthenticationProviderConfig => {
    switch (type) {
      case 'AMAZON_COGNITO_USER_POOLS':
        return { authenticationType: AuthType.AMAZON_COGNITO_USER_POOLS, cognitoUserPoolConfig: {} };
      case 'API_KEY':
        return { authenticationType: AuthType.API_KEY };
      case 'AWS_IAM':
        return { authenticationType: AuthType.AWS_IAM };
      default:
        throw new Error(`Authorization type ${type} is not supported offline`);
    }
  };
  const [defaultType, ...additionalTypes] = authorizationTypes;
  if (!defaultType) throw new Error('The GraphQL API declares no authorization type');

  return {
    schema,
    tables,
    authorizationTypes,
    limits,
    simulator: {
      schema: { content: schema },
      dataSources,
      functions,
      resolvers,
      mappingTemplates,
      appSync: {
        name: 'amplify-offline',
        apiKey: ids.apiKey,
        accountId: ids.accountId,
        defaultAuthenticationType: provider(defaultType),
        additionalAuthenticationProviders: additionalTypes.map(provider),
      },
    },
  };
}
