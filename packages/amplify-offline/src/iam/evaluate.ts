import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { IamRole, PolicyDocument } from './roles';

/** What a request made with a role session's credentials asks for. */
export interface IamRequest {
  /** e.g. `s3:PutObject`, `appsync:GraphQL`. */
  action: string;
  /** The resource's ARN. */
  resource: string;
  /** Condition keys the service sets for the request (`s3:prefix`, `aws:SecureTransport`, …). */
  context?: Record<string, string | string[]>;
  /** The resource's own policy (an S3 bucket policy), evaluated with the identity policies as IAM does. */
  resourcePolicy?: PolicyDocument;
}

/** The session a set of temporary credentials stands for. */
export interface RoleSession {
  role: IamRole;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session name>`. */
  sessionArn: string;
  accountId: string;
  /**
   * Keys of the web identity the role was assumed with (`cognito-identity.amazonaws.com:sub`, …):
   * AWS resolves them as policy variables in the role's policies.
   */
  webIdentity: Record<string, string>;
}

export interface IamDecision {
  allowed: boolean;
  /** AWS's wording for a refusal: who, which action, which resource, and why. */
  message: string;
}

/**
 * The policy with the web-identity variables filled in. The evaluator resolves policy variables from
 * the request context, but keeps only keys its service data lists for the action, and the identity
 * provider's keys are listed for STS alone; so they are substituted here where IAM resolves
 * variables: in Resource, NotResource and Condition values of a `2012-10-17` policy (keys are
 * case-insensitive; a `${key, 'default'}` form and other keys are left to the evaluator).
 */
function withWebIdentity(document: PolicyDocument, webIdentity: Record<string, string>): PolicyDocument {
  if (document.Version !== '2012-10-17') return document;
  const values = new Map(Object.entries(webIdentity).map(([key, value]) => [key.toLowerCase(), value]));
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/\$\{([^},]+)\}/g, (variable, key: string) => values.get(key.trim().toLowerCase()) ?? variable);
    if (Array.isArray(value)) return value.map(fill);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item)]));
    return value;
  };
  const statements = [document.Statement].flat() as Record<string, unknown>[];
  return {
    ...document,
    Statement: statements.map((statement) => {
      const filled = { ...statement };
      for (const element of ['Resource', 'NotResource', 'Condition']) if (element in filled) filled[element] = fill(filled[element]);
      return filled;
    }),
  };
}

/**
 * Decides a request made with a role session's credentials the way IAM does for a principal in the
 * resource's own account with no resource policy: allowed only if an identity policy of the role
 * allows it and none denies it. The policies are the app's synthesized ones.
 */
export async function authorize(session: RoleSession, request: IamRequest): Promise<IamDecision> {
  const result = await runSimulation(
    {
      identityPolicies: session.role.policies.map((policy) => ({ name: policy.name, policy: withWebIdentity(policy.document, session.webIdentity) })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
      request: {
        action: request.action,
        principal: session.sessionArn,
        resource: { accountId: session.accountId, resource: request.resource },
        contextVariables: request.context ?? {},
      },
    },
    {},
  );
  if (result.resultType === 'error') {
    // Invalid input (a policy the evaluator cannot read, an unknown action) must never turn into access.
    throw new Error(`IAM evaluation failed for ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  const allowed = result.overallResult === 'Allowed';
  const reason =
    result.overallResult === 'ExplicitlyDenied'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${request.action} action`;
  return {
    allowed,
    message: allowed ? 'Allowed' : `User: ${session.sessionArn} is not authorized to perform: ${request.action} on resource: ${request.resource} ${reason}`,
  };
}

/** The web identity a Cognito identity pool presents to STS when it assumes a role for an identity. */
export interface WebIdentity {
  identityPoolId: string;
  identityId: string;
  /** `authenticated` or `unauthenticated`, then the login providers for an authenticated identity. */
  amr: string[];
}

/**
 * Whether the role's trust policy lets Cognito Identity assume it for this identity
 * (sts:AssumeRoleWithWebIdentity with the aud/amr/sub keys STS sets), as AWS checks it.
 */
export async function trustsWebIdentity(role: IamRole, accountId: string, identity: WebIdentity): Promise<boolean> {
  const result = await runSimulation(
    {
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: role.trustPolicy,
      request: {
        action: 'sts:AssumeRoleWithWebIdentity',
        principal: 'cognito-identity.amazonaws.com',
        resource: { accountId, resource: role.arn },
        contextVariables: {
          'cognito-identity.amazonaws.com:aud': identity.identityPoolId,
          'cognito-identity.amazonaws.com:sub': identity.identityId,
          'cognito-identity.amazonaws.com:amr': identity.amr,
        },
      },
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`IAM evaluation failed for the trust policy of ${role.arn}: ${JSON.stringify(result.errors)}`);
  return result.overallResult === 'Allowed';
}
