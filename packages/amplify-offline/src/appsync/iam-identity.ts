import { createHash } from 'node:crypto';
import { Kind, parse, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { CredentialSession } from '../identity/service';

/** What the simulator puts in `$ctx.identity` for an IAM caller (AppSync's AppSyncIdentityIAM). */
export interface IamIdentity {
  accountId: string;
  userArn: string;
  username: string;
  cognitoIdentityPoolId?: string;
  cognitoIdentityId?: string;
  cognitoIdentityAuthType?: 'authenticated' | 'unauthenticated';
  cognitoIdentityAuthProvider?: string;
}

// The simulator's own IAM "identity" is a guess from the access key id (one of two configured
// keys, else the guest role); this replaces that one function with a lookup of the identity this
// server verified for the request's Authorization header, and refuses any it did not verify.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module of the simulator, typed by the cast to the one member replaced
const helpers = require('@aws-amplify/amplify-appsync-simulator/lib/utils/auth-helpers/helpers') as {
  extractIamToken: (authorization: string) => IamIdentity;
};
/** Verified callers by Authorization header, counted: a replayed header in flight twice is released twice. */
const verified = new Map<string, { identity: IamIdentity; requests: number }>();
helpers.extractIamToken = (authorization) => {
  const entry = verified.get(authorization);
  if (!entry) throw new Error('UnauthorizedException: the request signature was not verified');
  return entry.identity;
};

/** Makes `identity` the caller of requests carrying this Authorization header until `release` is called (once). */
export function admitIamCaller(authorization: string, identity: IamIdentity): () => void {
  const entry = verified.get(authorization);
  if (entry) entry.requests += 1;
  else verified.set(authorization, { identity, requests: 1 });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const current = verified.get(authorization);
    if (current && --current.requests === 0) verified.delete(authorization);
  };
}

/** IAM's unique id of a role (AROA…), stable per role name; AppSync reports it in the caller's username. */
const roleId = (roleName: string) => `AROA${createHash('sha256').update(roleName).digest('hex').toUpperCase().slice(0, 17)}`;

/** The identity AppSync gives resolvers for a caller signing with identity-pool credentials. */
export function identityOf(session: CredentialSession): IamIdentity {
  const { credentials } = session;
  return {
    accountId: session.accountId,
    userArn: session.sessionArn,
    username: `${roleId(session.role.name)}:CognitoIdentityCredentials`,
    cognitoIdentityPoolId: session.identityPoolId,
    cognitoIdentityId: credentials.identityId,
    cognitoIdentityAuthType: credentials.authenticated ? 'authenticated' : 'unauthenticated',
    ...(credentials.login
      ? {
          cognitoIdentityAuthProvider: `"${credentials.login.provider}","${credentials.login.provider}:CognitoSignIn:${credentials.login.sub}"`,
        }
      : {}),
  };
}

/**
 * The top-level fields a request selects (through fragments), each with its root type: what
 * AppSync authorizes `appsync:GraphQL` on for IAM callers. Undefined when the query does not parse
 * or names no operation (the GraphQL engine then reports that itself).
 */
export function rootFields(schema: GraphQLSchema, query: unknown, operationName: unknown): { typeName: string; fieldName: string }[] | undefined {
  if (typeof query !== 'string') return undefined;
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return undefined;
  }
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const operation =
    typeof operationName === 'string'
      ? operations.find((candidate) => candidate.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
  if (!operation) return undefined;
  const rootType = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[operation.operation];
  if (!rootType) return undefined;
  const fragments = new Map(
    document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])),
  );
  const fields = new Set<string>();
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) fields.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return [...fields].map((fieldName) => ({ typeName: rootType.name, fieldName }));
}
