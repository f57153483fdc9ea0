import { statSync } from 'node:fs';
import { join } from 'node:path';
import { authorize, type RoleSession } from '../iam/evaluate';
import type { CloudAssembly } from './cloud-assembly';

/** An API key as AppSync's ListApiKeys describes it (times in seconds since the epoch). */
export interface ListedApiKey {
  id: string;
  description?: string;
  expires: number;
  deletes: number;
}

/** What the local AppSync control plane answers for: the app's API and the keys its template declares. */
export interface AppSyncControlPlane {
  apiId: string;
  /** The keys, or why ListApiKeys cannot list them faithfully. */
  keys: ListedApiKey[] | { unserved: string };
}

export interface ControlPlaneAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const HOUR_SECONDS = 60 * 60;
const DAY_SECONDS = 24 * HOUR_SECONDS;
/** AppSync's key lifetime when a template gives no Expires, and how long an expired key is still listed. */
const DEFAULT_KEY_DAYS = 7;
const DELETED_AFTER_DAYS = 60;
/** ListApiKeys' `maxResults` range. */
const MAX_RESULTS = 25;

/**
 * The control plane's operations by method and path (from AppSync's API reference), so that a
 * refusal names the operation the caller meant.
 */
const ROUTES = `
POST /v1/apis CreateGraphqlApi
GET /v1/apis ListGraphqlApis
GET /v1/apis/{apiId} GetGraphqlApi
POST /v1/apis/{apiId} UpdateGraphqlApi
DELETE /v1/apis/{apiId} DeleteGraphqlApi
POST /v1/apis/{apiId}/apikeys CreateApiKey
GET /v1/apis/{apiId}/apikeys ListApiKeys
POST /v1/apis/{apiId}/apikeys/{id} UpdateApiKey
DELETE /v1/apis/{apiId}/apikeys/{id} DeleteApiKey
POST /v1/apis/{apiId}/ApiCaches CreateApiCache
GET /v1/apis/{apiId}/ApiCaches GetApiCache
DELETE /v1/apis/{apiId}/ApiCaches DeleteApiCache
POST /v1/apis/{apiId}/ApiCaches/update UpdateApiCache
DELETE /v1/apis/{apiId}/FlushCache FlushApiCache
POST /v1/apis/{apiId}/datasources CreateDataSource
GET /v1/apis/{apiId}/datasources ListDataSources
GET /v1/apis/{apiId}/datasources/{name} GetDataSource
POST /v1/apis/{apiId}/datasources/{name} UpdateDataSource
DELETE /v1/apis/{apiId}/datasources/{name} DeleteDataSource
POST /v1/apis/{apiId}/functions CreateFunction
GET /v1/apis/{apiId}/functions ListFunctions
GET /v1/apis/{apiId}/functions/{functionId} GetFunction
POST /v1/apis/{apiId}/functions/{functionId} UpdateFunction
DELETE /v1/apis/{apiId}/functions/{functionId} DeleteFunction
GET /v1/apis/{apiId}/functions/{functionId}/resolvers ListResolversByFunction
POST /v1/apis/{apiId}/types CreateType
GET /v1/apis/{apiId}/types ListTypes
GET /v1/apis/{apiId}/types/{typeName} GetType
POST /v1/apis/{apiId}/types/{typeName} UpdateType
DELETE /v1/apis/{apiId}/types/{typeName} DeleteType
POST /v1/apis/{apiId}/types/{typeName}/resolvers CreateResolver
GET /v1/apis/{apiId}/types/{typeName}/resolvers ListResolvers
GET /v1/apis/{apiId}/types/{typeName}/resolvers/{fieldName} GetResolver
POST /v1/apis/{apiId}/types/{typeName}/resolvers/{fieldName} UpdateResolver
DELETE /v1/apis/{apiId}/types/{typeName}/resolvers/{fieldName} DeleteResolver
GET /v1/apis/{apiId}/schema GetIntrospectionSchema
POST /v1/apis/{apiId}/schemacreation StartSchemaCreation
GET /v1/apis/{apiId}/schemacreation GetSchemaCreationStatus
GET /v1/apis/{apiId}/environmentVariables GetGraphqlApiEnvironmentVariables
PUT /v1/apis/{apiId}/environmentVariables PutGraphqlApiEnvironmentVariables
GET /v1/apis/{apiId}/sourceApiAssociations ListSourceApiAssociations
POST /v2/apis CreateApi
GET /v2/apis ListApis
GET /v2/apis/{apiId} GetApi
POST /v2/apis/{apiId} UpdateApi
DELETE /v2/apis/{apiId} DeleteApi
POST /v2/apis/{apiId}/channelNamespaces CreateChannelNamespace
GET /v2/apis/{apiId}/channelNamespaces ListChannelNamespaces
GET /v2/apis/{apiId}/channelNamespaces/{name} GetChannelNamespace
POST /v2/apis/{apiId}/channelNamespaces/{name} UpdateChannelNamespace
DELETE /v2/apis/{apiId}/channelNamespaces/{name} DeleteChannelNamespace
POST /v1/domainnames CreateDomainName
GET /v1/domainnames ListDomainNames
GET /v1/domainnames/{domainName} GetDomainName
POST /v1/domainnames/{domainName} UpdateDomainName
DELETE /v1/domainnames/{domainName} DeleteDomainName
POST /v1/domainnames/{domainName}/apiassociation AssociateApi
GET /v1/domainnames/{domainName}/apiassociation GetApiAssociation
DELETE /v1/domainnames/{domainName}/apiassociation DisassociateApi
POST /v1/sourceApis/{sourceApiIdentifier}/mergedApiAssociations AssociateMergedGraphqlApi
DELETE /v1/sourceApis/{sourceApiIdentifier}/mergedApiAssociations/{associationId} DisassociateMergedGraphqlApi
POST /v1/mergedApis/{mergedApiIdentifier}/sourceApiAssociations AssociateSourceGraphqlApi
GET /v1/mergedApis/{mergedApiIdentifier}/sourceApiAssociations/{associationId} GetSourceApiAssociation
POST /v1/mergedApis/{mergedApiIdentifier}/sourceApiAssociations/{associationId} UpdateSourceApiAssociation
DELETE /v1/mergedApis/{mergedApiIdentifier}/sourceApiAssociations/{associationId} DisassociateSourceGraphqlApi
POST /v1/mergedApis/{mergedApiIdentifier}/sourceApiAssociations/{associationId}/merge StartSchemaMerge
GET /v1/mergedApis/{mergedApiIdentifier}/sourceApiAssociations/{associationId}/types ListTypesByAssociation
POST /v1/datasources/introspections StartDataSourceIntrospection
GET /v1/datasources/introspections/{introspectionId} GetDataSourceIntrospection
POST /v1/dataplane-evaluatecode EvaluateCode
POST /v1/dataplane-evaluatetemplate EvaluateMappingTemplate
GET /v1/tags/{resourceArn} ListTagsForResource
POST /v1/tags/{resourceArn} TagResource
DELETE /v1/tags/{resourceArn} UntagResource
`
  .trim()
  .split('\n')
  .map((line) => {
    const [method = '', template = '', operation = ''] = line.split(' ');
    // Each {label} is one path segment; the API id, where the route has one, is the first.
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
    return { method, pattern, operation, hasApiId: template.includes('{apiId}') };
  });

/** The requests the AppSync control plane takes: `/v1/…` and `/v2/…` (GraphQL and Event APIs, domains, tags). */
export function isControlPlaneRequest(url: string): boolean {
  return /^\/v[12]\//.test(url);
}

/** The operation a control-plane request names, and the API id in its path (if the route has one). */
export function controlPlaneOperation(method: string, url: string): { operation: string; apiId?: string } {
  const path = new URL(url, 'http://local').pathname;
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const apiId = route.hasApiId && match[1] !== undefined ? decodeURIComponent(match[1]) : undefined;
    return { operation: route.operation, ...(apiId !== undefined ? { apiId } : {}) };
  }
  return { operation: `${method} ${path}` };
}

/**
 * The API keys the app's template declares for its GraphQL API, as ListApiKeys would list them once
 * deployed: `Expires` rounded down to the hour (AppSync stores it so), deleted 60 days after it.
 * A key without `Expires` lives AppSync's default 7 days from its creation, here the synthesis.
 * The local data API serves one key value, so an app declaring several gets a refusal instead of
 * a list that would show one key under several entries.
 */
export function appSyncControlPlane(assembly: CloudAssembly, apiId: string): AppSyncControlPlane {
  const declared: { id: string; description?: string; expires?: number }[] = [];
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::AppSync::ApiKey') continue;
      if (resource.Condition && !stack.condition(resource.Condition)) continue;
      const properties = stack.evaluate(resource.Properties ?? {}) as { ApiId?: unknown; Description?: unknown; Expires?: unknown };
      if (String(properties.ApiId) !== apiId) continue;
      declared.push({
        id: String(stack.getAtt(logicalId, 'ApiKey')),
        ...(properties.Description !== undefined ? { description: String(properties.Description) } : {}),
        ...(properties.Expires !== undefined ? { expires: Number(properties.Expires) } : {}),
      });
    }
  }
  if (declared.length > 1) {
    return {
      apiId,
      keys: {
        unserved: `The app declares ${declared.length} API keys for its API, and the local data API serves a single key, so ListApiKeys is not served for it offline.`,
      },
    };
  }
  const synthesizedAt = Math.floor(statSync(join(assembly.directory, 'manifest.json')).mtimeMs / 1000);
  return {
    apiId,
    keys: declared.map((key) => {
      const expires = Math.floor((key.expires ?? synthesizedAt + DEFAULT_KEY_DAYS * DAY_SECONDS) / HOUR_SECONDS) * HOUR_SECONDS;
      return {
        id: key.id,
        ...(key.description !== undefined ? { description: key.description } : {}),
        expires,
        deletes: expires + DELETED_AFTER_DAYS * DAY_SECONDS,
      };
    }),
  };
}

function json(status: number, payload: unknown, headers: Record<string, string> = {}): ControlPlaneAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) };
}

/** An error as AppSync's REST API sends it: the type in `x-amzn-ErrorType`, the text in the body. */
export function controlPlaneError(status: number, type: string, message: string): ControlPlaneAnswer {
  return json(status, { message }, { 'x-amzn-errortype': type });
}

/**
 * Answers a control-plane request whose signature has been verified: `caller` is the admin, a
 * function's role session, or undefined (a key whose session is gone). Only ListApiKeys, for the
 * app's own API, is served: decided like AWS decides it, `appsync:ListApiKeys` on `*` against the
 * role's policies (the action takes no resource-level permission). Anything else is refused,
 * naming the operation.
 */
export async function serveControlPlane(
  method: string,
  url: string,
  caller: 'admin' | RoleSession | undefined,
  plane: AppSyncControlPlane,
): Promise<ControlPlaneAnswer> {
  if (!caller) return controlPlaneError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  const { operation, apiId } = controlPlaneOperation(method, url);
  if (operation !== 'ListApiKeys') {
    return controlPlaneError(
      400,
      'BadRequestException',
      `AppSync ${operation} is not served offline: of AppSync's control plane only ListApiKeys is served, for the backend's own API.`,
    );
  }
  if (caller !== 'admin') {
    const decision = await authorize(caller, { action: 'appsync:ListApiKeys', resource: '*' });
    if (!decision.allowed) return controlPlaneError(403, 'AccessDeniedException', decision.message);
  }
  if (apiId !== plane.apiId) return controlPlaneError(404, 'NotFoundException', `GraphQL API ${apiId ?? ''} not found.`);
  const query = new URL(url, 'http://local').searchParams;
  const maxResults = query.get('maxResults');
  if (maxResults !== null && !(/^\d+$/.test(maxResults) && Number(maxResults) <= MAX_RESULTS)) {
    return controlPlaneError(400, 'BadRequestException', `maxResults must be a whole number from 0 to ${MAX_RESULTS}.`);
  }
  // Every key fits on the first page, so no page ever hands out a token to come back with.
  if (query.get('nextToken') !== null) return controlPlaneError(400, 'BadRequestException', 'Invalid pagination token.');
  if (!Array.isArray(plane.keys)) return controlPlaneError(400, 'BadRequestException', plane.keys.unserved);
  return json(200, { apiKeys: plane.keys });
}
