'use server';

import { revalidatePath } from 'next/cache';
import { z } from '@/lib/zod';
import { authorDataClient } from '@/lib/amplify-server';
import { setPersonRole } from '@/lib/people';
import { PostError } from '@/lib/posts';
import { canManagePeople, ROLE_LABELS, roleSchema } from '@/lib/roles';
import { currentAuthor } from '@/lib/session';

export interface RoleChangeState {
  ok: boolean;
  message?: string;
}

const roleChange = z.object({
  username: z.string().trim().min(1, 'That is not an account.').max(128, 'That is not an account.'),
  role: roleSchema,
});

/** Gives one account a new role (the backend checks the caller is an admin, and keeps one admin). */
export async function changeRole(_previous: RoleChangeState, formData: FormData): Promise<RoleChangeState> {
  const author = await currentAuthor();
  if (!author) return { ok: false, message: 'Your session has ended. Sign in again.' };
  if (!canManagePeople(author.role)) return { ok: false, message: 'Only admins change roles.' };
  const parsed = roleChange.safeParse({ username: formData.get('username'), role: formData.get('role') });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Choose a role.' };
  try {
    const person = await setPersonRole(authorDataClient(), parsed.data.username, parsed.data.role);
    revalidatePath('/studio/people');
    return { ok: true, message: `${person.email || person.name || 'The account'} is now ${ROLE_LABELS[person.role].toLowerCase()}.` };
  } catch (error) {
    if (error instanceof PostError) return { ok: false, message: error.message };
    throw error;
  }
}
