import type { CloudAssembly } from './appsync/cloud-assembly';

export interface UserPoolSettings {
  /** The groups `defineAuth({ groups })` creates, in the order they were declared. */
  groups: string[];
}

/**
 * What the synthesized app declares about its user pool. Groups are read from their
 * AWS::Cognito::UserPoolGroup resources, so every app gets exactly its own groups. A name that
 * is not a literal string (computed at deploy time) cannot be known offline: refused by name.
 */
export function userPoolSettings(assembly: CloudAssembly): UserPoolSettings {
  const groups: string[] = [];
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::Cognito::UserPoolGroup') continue;
      const name = resource.Properties?.GroupName;
      if (typeof name !== 'string') {
        throw new Error(`${stack.name}/${logicalId}: the user pool group's name is computed at deploy time, which amplify-offline cannot serve.`);
      }
      groups.push(name);
    }
  }
  return { groups };
}
