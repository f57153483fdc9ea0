import { checkResult as check, type GraphQLErrors } from './posts/data-client';
import { PostError } from './posts/model';
import { roleOf, ROLES, type Role } from './roles';

/** The studio's People page: accounts and their roles, read and changed by the backend's people function. */

/** An account as the People page shows it (the people function builds it from Cognito's records). */
export interface Person {
  username: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** Cognito's status: CONFIRMED, UNCONFIRMED, FORCE_CHANGE_PASSWORD, EXTERNAL_PROVIDER, … */
  status: string;
  enabled: boolean;
  createdAt: string;
}

type PersonRecord = Omit<Person, 'role'> & { role: string };

/** The calls this page makes (the cookie client of an admin provides them). */
export interface PeopleDataClient {
  queries: { listPeople(): Promise<{ data?: PersonRecord[] | null; errors?: GraphQLErrors }> };
  mutations: { setPersonRole(input: { username: string; role: string }): Promise<{ data?: PersonRecord | null; errors?: GraphQLErrors }> };
}

/** A role the function reported; anything unexpected reads as the group it would be (so, reader). */
const knownRole = (role: string): Role => ((ROLES as readonly string[]).includes(role) ? (role as Role) : roleOf([role]));

export async function listPeople(client: PeopleDataClient): Promise<Person[]> {
  const { data, errors } = await client.queries.listPeople();
  check(errors, 'list people');
  return (data ?? []).map((person) => ({ ...person, role: knownRole(person.role) }));
}

export async function setPersonRole(client: PeopleDataClient, username: string, role: Role): Promise<Person> {
  const { data, errors } = await client.mutations.setPersonRole({ username, role });
  check(errors, 'change this role');
  if (!data) throw new PostError('The role was not changed.', 'backend');
  return { ...data, role: knownRole(data.role) };
}
