import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LocalTime } from '@/components/local-time';
import { authorDataClient } from '@/lib/amplify-server';
import { listPeople, type Person } from '@/lib/people';
import { PostError } from '@/lib/posts';
import { canManagePeople } from '@/lib/roles';
import { requireAuthor } from '@/lib/session';
import { RoleForm } from './role-form';

export const metadata: Metadata = { title: 'People', robots: { index: false } };

/** Admins only: every account, its role, and the means to change it (the backend checks again). */
export default async function PeoplePage() {
  const author = await requireAuthor('/studio/people');
  if (!canManagePeople(author.role)) notFound();
  let people: Person[];
  try {
    people = await listPeople(authorDataClient());
  } catch (error) {
    // A role taken away since the token was issued: the backend refuses, the page says so.
    if (!(error instanceof PostError)) throw error;
    return (
      <>
        <h1>People</h1>
        <p className="form-error" role="alert">
          {error.message}
        </p>
      </>
    );
  }
  return (
    <>
      <h1>People</h1>
      <p className="meta">
        Readers read and manage their account; contributors write drafts and submit them for review; authors publish their own posts; editors publish and edit
        everyone&apos;s; administrators also change roles here. New accounts start as readers. A change applies to publishing at once and to what the
        person&apos;s studio shows when they next sign in or within the hour.
      </p>
      <table className="posts">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Joined</th>
            <th scope="col">Status</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.username}>
              <th scope="row">
                {person.name || person.email}
                {person.name ? <div className="meta">{person.email}</div> : null}
              </th>
              <td>
                <LocalTime iso={person.createdAt} />
              </td>
              <td>{person.enabled ? (person.status === 'CONFIRMED' ? 'Active' : 'Not confirmed') : 'Disabled'}</td>
              <td>
                <RoleForm username={person.username} role={person.role} who={person.email || person.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
