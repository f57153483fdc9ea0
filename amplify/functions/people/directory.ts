import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Person } from '../../../lib/people';
import { ROLE_GROUPS, ROLE_GROUP_NAMES, roleOf, type Role } from '../../../lib/roles';

/**
 * The user pool as the backend's functions read it: people and their roles, straight from Cognito
 * (the groups are the roles: lib/roles.ts). Roles are looked up here rather than read from the
 * caller's token, so a role taken away counts at once, not when the token is next refreshed.
 */

/** The user pool id a function was given (amplify/backend.ts sets USER_POOL_ID). */
export function userPoolIdFrom(env: Record<string, string | undefined>): string {
  const id = env.USER_POOL_ID;
  if (!id) throw new Error('The function is missing USER_POOL_ID (amplify/backend.ts sets it).');
  return id;
}

export function directory(cognito: CognitoIdentityProviderClient, userPoolId: string) {
  /** The account's role now; an account that no longer exists has none (a reader's rights). */
  async function roleOfUser(username: string): Promise<Role> {
    const groups: string[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username, NextToken: nextToken }));
        groups.push(...(page.Groups ?? []).map((group) => group.GroupName ?? ''));
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      if ((error as { name?: string }).name === 'UserNotFoundException') return 'reader';
      throw error;
    }
    return roleOf(groups);
  }

  async function everyone(): Promise<UserType[]> {
    const users: UserType[] = [];
    let token: string | undefined;
    do {
      const page = await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken: token, Limit: 60 }));
      users.push(...(page.Users ?? []));
      token = page.PaginationToken;
    } while (token);
    return users;
  }

  /** Usernames in each role group: one listing per group, not one call per person. */
  async function groupMembers(): Promise<Map<string, string[]>> {
    const groupsOf = new Map<string, string[]>();
    for (const group of ROLE_GROUP_NAMES) {
      let token: string | undefined;
      do {
        const page = await cognito.send(new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: group, NextToken: token, Limit: 60 }));
        for (const user of page.Users ?? []) {
          const username = user.Username ?? '';
          groupsOf.set(username, [...(groupsOf.get(username) ?? []), group]);
        }
        token = page.NextToken;
      } while (token);
    }
    return groupsOf;
  }

  return {
    roleOfUser,

    /** Everyone with an account, with their role, newest account first. */
    async people(): Promise<Person[]> {
      const [users, groupsOf] = await Promise.all([everyone(), groupMembers()]);
      return users
        .map((user) => {
          const attribute = (name: string) => user.Attributes?.find((candidate) => candidate.Name === name)?.Value ?? '';
          const username = user.Username ?? '';
          return {
            username,
            userId: attribute('sub') || username,
            email: attribute('email'),
            name: attribute('name'),
            role: roleOf(groupsOf.get(username) ?? []),
            status: user.UserStatus ?? 'UNKNOWN',
            enabled: user.Enabled !== false,
            createdAt: (user.UserCreateDate ?? new Date(0)).toISOString(),
          };
        })
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },

    /** Gives the account exactly one role: joins its group first, then leaves the others (never role-less in between). */
    async setRole(username: string, role: Role): Promise<void> {
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: ROLE_GROUPS[role] }));
      for (const group of ROLE_GROUP_NAMES.filter((name) => name !== ROLE_GROUPS[role])) {
        await cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }));
      }
    },
  };
}

export type Directory = ReturnType<typeof directory>;
