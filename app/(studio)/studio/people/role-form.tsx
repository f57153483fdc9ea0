'use client';

import { useActionState, useId } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/roles';
import { changeRole, type RoleChangeState } from './actions';

/** One account's role: a choice and a button; the outcome is announced beside it. */
export function RoleForm({ username, role, who }: { username: string; role: Role; who: string }) {
  const [state, action, pending] = useActionState<RoleChangeState, FormData>(changeRole, { ok: true });
  const id = useId();
  return (
    <form action={action} className="role-form">
      <input type="hidden" name="username" value={username} />
      <label htmlFor={`${id}-role`} className="visually-hidden">
        Role of {who}
      </label>
      <select id={`${id}-role`} name="role" defaultValue={role} aria-describedby={`${id}-outcome`}>
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {ROLE_LABELS[option]}
          </option>
        ))}
      </select>{' '}
      <button type="submit" className="secondary" disabled={pending}>
        Change role
      </button>
      <span id={`${id}-outcome`} role={state.ok ? 'status' : 'alert'} className={state.ok ? 'form-ok' : 'form-error'}>
        {state.message ?? ''}
      </span>
    </form>
  );
}
