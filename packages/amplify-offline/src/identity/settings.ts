import type { CloudAssembly } from '../appsync/cloud-assembly';

export interface IdentityProviderMapping {
  /** `cognito-idp.<region>.amazonaws.com/<user pool id>`: the key of the Logins map. */
  providerName: string;
  clientId: string;
  /**
   * The role mapping for this provider: `Token` takes the role from the ID token's
   * cognito:preferred_role / cognito:roles (group roles); without one, the default authenticated role.
   */
  roleMapping: { type: 'Token'; ambiguousRoleResolution: 'AuthenticatedRole' | 'Deny' } | undefined;
}

export interface IdentityPoolSettings {
  allowUnauthenticatedIdentities: boolean;
  providers: IdentityProviderMapping[];
  roles: { authenticated?: string; unauthenticated?: string };
}

const refuse = (where: string, what: string) => new Error(`${where}: ${what}, which amplify-offline cannot serve.`);

/**
 * The identity pool the app declares (Gen 2's defineAuth creates one), its role attachment and
 * role mappings, or undefined when the app has none. What cannot be served faithfully offline
 * (rules-based role mappings, other login providers, more than one pool) is refused by resource.
 */
export function identityPoolSettings(assembly: CloudAssembly): IdentityPoolSettings | undefined {
  const pools: { where: string; properties: Record<string, unknown> }[] = [];
  const attachments: { where: string; properties: Record<string, unknown> }[] = [];
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::Cognito::IdentityPool' && resource.Type !== 'AWS::Cognito::IdentityPoolRoleAttachment') continue;
      const entry = { where: `${stack.name}/${logicalId}`, properties: stack.evaluate(resource.Properties ?? {}) as Record<string, unknown> };
      (resource.Type === 'AWS::Cognito::IdentityPool' ? pools : attachments).push(entry);
    }
  }
  if (pools.length === 0) return undefined;
  if (pools.length > 1) throw new Error(`The app declares ${pools.length} identity pools; amplify-offline serves one.`);
  if (attachments.length > 1)
    throw new Error(`The app attaches roles to its identity pool ${attachments.length} times; amplify-offline serves one attachment.`);
  const [pool] = pools as [(typeof pools)[number]];
  const supported = pool.properties.SupportedLoginProviders as Record<string, unknown> | undefined;
  if (supported && Object.keys(supported).length > 0) throw refuse(pool.where, `login providers ${Object.keys(supported).join(', ')}`);
  if (pool.properties.OpenIdConnectProviderARNs || pool.properties.SamlProviderARNs || pool.properties.DeveloperProviderName) {
    throw refuse(pool.where, 'OpenID Connect, SAML or developer-authenticated identities');
  }
  const attachment = attachments[0]?.properties ?? {};
  const mappings = (attachment.RoleMappings ?? {}) as Record<string, { Type?: string; AmbiguousRoleResolution?: string; IdentityProvider?: string }>;
  for (const mapping of Object.values(mappings)) {
    if (mapping.Type !== 'Token') throw refuse(attachments[0]?.where ?? pool.where, `a ${String(mapping.Type)} role mapping`);
  }
  const providers = ((pool.properties.CognitoIdentityProviders ?? []) as { ProviderName: string; ClientId: string }[]).map((provider) => {
    const mapping = Object.values(mappings).find((candidate) => candidate.IdentityProvider === `${provider.ProviderName}:${provider.ClientId}`);
    return {
      providerName: provider.ProviderName,
      clientId: provider.ClientId,
      roleMapping: mapping
        ? { type: 'Token' as const, ambiguousRoleResolution: mapping.AmbiguousRoleResolution === 'Deny' ? ('Deny' as const) : ('AuthenticatedRole' as const) }
        : undefined,
    };
  });
  const roles = (attachment.Roles ?? {}) as { authenticated?: string; unauthenticated?: string };
  return {
    allowUnauthenticatedIdentities: pool.properties.AllowUnauthenticatedIdentities === true,
    providers,
    roles: { authenticated: roles.authenticated, unauthenticated: roles.unauthenticated },
  };
}

/** The user pool groups' IAM roles and precedences (Gen 2 gives every group a role), with resolved ARNs. */
export function groupRoles(assembly: CloudAssembly): { group: string; roleArn?: string; precedence?: number }[] {
  const roles: { group: string; roleArn?: string; precedence?: number }[] = [];
  for (const stack of assembly.root.walk()) {
    for (const resource of Object.values(stack.resources)) {
      if (resource.Type !== 'AWS::Cognito::UserPoolGroup') continue;
      const properties = stack.evaluate(resource.Properties ?? {}) as { GroupName?: unknown; RoleArn?: unknown; Precedence?: unknown };
      roles.push({
        group: String(properties.GroupName),
        ...(typeof properties.RoleArn === 'string' ? { roleArn: properties.RoleArn } : {}),
        ...(typeof properties.Precedence === 'number' ? { precedence: properties.Precedence } : {}),
      });
    }
  }
  return roles;
}
