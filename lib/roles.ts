import { z } from './zod';

/**
 * Folio's roles, as a publication has them (Ghost's Contributor / Author / Editor / Administrator,
 * plus the readers who only sign in to read and comment). Each role is a Cognito user-pool group
 * (amplify/auth/resource.ts); an account holds one, and new accounts start as readers (the
 * post-confirmation trigger). The backend decides with these rules (amplify/functions/publishing,
 * amplify/functions/people); the studio uses the same ones only to show what a role may do.
 *
 * - reader: no studio work (account settings only).
 * - contributor: writes drafts and submits them for review; cannot publish or schedule.
 * - author: publishes, schedules and unpublishes their own posts.
 * - editor: publishes, schedules, unpublishes and edits everyone's posts.
 * - admin: everything an editor does, and changes people's roles.
 */
export const ROLES = ['reader', 'contributor', 'author', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES, { message: 'Choose one of the roles listed.' });

/** The user-pool group of each role. */
export const ROLE_GROUPS = {
  reader: 'READERS',
  contributor: 'CONTRIBUTORS',
  author: 'AUTHORS',
  editor: 'EDITORS',
  admin: 'ADMINS',
} as const satisfies Record<Role, string>;

export type RoleGroup = (typeof ROLE_GROUPS)[Role];

/** Every role group, lowest role first (the order `defineAuth` lists them in). */
export const ROLE_GROUP_NAMES: RoleGroup[] = ROLES.map((role) => ROLE_GROUPS[role]);

/** The role new accounts get when they confirm their sign-up. */
export const STARTING_ROLE: Role = 'reader';

export const ROLE_LABELS: Record<Role, string> = {
  reader: 'Reader',
  contributor: 'Contributor',
  author: 'Author',
  editor: 'Editor',
  admin: 'Administrator',
};

/**
 * The role an account's groups give it: the highest one it holds (an account should hold one; an
 * older account in two groups, such as ADMINS and AUTHORS, keeps the greater). No role group = reader.
 */
export function roleOf(groups: readonly string[]): Role {
  for (let index = ROLES.length - 1; index > 0; index--) {
    const role = ROLES[index]!;
    if (groups.includes(ROLE_GROUPS[role])) return role;
  }
  return 'reader';
}

const rank = (role: Role) => ROLES.indexOf(role);

/** Writes drafts in the studio. */
export const canWrite = (role: Role) => rank(role) >= rank('contributor');
/** Publishes, schedules and unpublishes posts they own. */
export const canPublishOwn = (role: Role) => rank(role) >= rank('author');
/** Publishes and edits everyone's posts. */
export const canManageEveryone = (role: Role) => rank(role) >= rank('editor');
/** Changes people's roles. */
export const canManagePeople = (role: Role) => role === 'admin';

/** Whether a role may publish (or schedule, or unpublish) a post, given whether it owns it. */
export const canPublish = (role: Role, ownsPost: boolean) => canManageEveryone(role) || (ownsPost && canPublishOwn(role));
