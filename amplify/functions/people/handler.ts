import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Schema } from '../../data/resource';
import { canManagePeople, roleSchema, ROLE_LABELS } from '../../../lib/roles';
import type { Person } from '../../../lib/people';
import { directory, userPoolIdFrom } from './directory';

/**
 * Serves `listPeople` and `setPersonRole` (amplify/data/resource.ts). AppSync lets only ADMINS call
 * them; the role is checked again here against the user pool, so an admin whose role was just
 * taken away (whose token still says ADMINS) can no longer change anyone's. Errors carry a code in
 * brackets, as the publishing function's do.
 */

const people = directory(new CognitoIdentityProviderClient({}), userPoolIdFrom(process.env));

type Args<Field extends keyof Schema> = Schema[Field] extends { args: infer A } ? A : never;
type Identity = { username?: string } | null | undefined;

export const handler = async (event: { fieldName?: string; arguments: unknown; identity: unknown }): Promise<Person[] | Person> => {
  const caller = (event.identity as Identity)?.username;
  if (!caller || !canManagePeople(await people.roleOfUser(caller))) throw new Error('[forbidden] Only admins manage people.');
  switch (event.fieldName) {
    case 'listPeople':
      return people.people();
    case 'setPersonRole': {
      const { username, role } = event.arguments as Args<'setPersonRole'>;
      const wanted = roleSchema.safeParse(role);
      if (!wanted.success) throw new Error(`[invalid] ${wanted.error.issues[0]?.message ?? 'Unknown role.'}`);
      if (typeof username !== 'string' || username.length === 0 || username.length > 128) throw new Error('[invalid] That is not an account.');
      const everyone = await people.people();
      const person = everyone.find((candidate) => candidate.username === username);
      if (!person) throw new Error('[not-found] There is no such account.');
      // Someone must always be able to manage people: the last admin cannot step down or be moved.
      if (person.role === 'admin' && wanted.data !== 'admin' && everyone.filter((candidate) => candidate.role === 'admin').length === 1) {
        throw new Error(
          `[invalid] ${person.email || 'This account'} is the only admin: make someone else an admin first, then change this role to ${ROLE_LABELS[wanted.data]}.`,
        );
      }
      await people.setRole(username, wanted.data);
      return { ...person, role: wanted.data };
    }
    default:
      throw new Error(`[invalid] The people function does not serve ${String(event.fieldName)}.`);
  }
};
