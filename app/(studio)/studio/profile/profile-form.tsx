'use client';

import { useActionState } from 'react';
import { saveProfile, type ProfileFormState } from './actions';

export function ProfileForm({ name, bio }: { name: string; bio: string }) {
  const [state, action, pending] = useActionState<ProfileFormState, FormData>(saveProfile, { ok: true });
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="form" noValidate>
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" defaultValue={name} maxLength={80} aria-describedby={errors.name ? 'name-error' : undefined} />
        {errors.name ? (
          <p className="error" id="name-error" role="alert">
            {errors.name}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="bio">Bio</label>
        <textarea id="bio" name="bio" defaultValue={bio} maxLength={500} rows={4} className="short" aria-describedby={errors.bio ? 'bio-error' : undefined} />
        {errors.bio ? (
          <p className="error" id="bio-error" role="alert">
            {errors.bio}
          </p>
        ) : null}
      </div>
      {state.message ? (
        <p className={state.ok ? 'form-ok' : 'form-error'} role={state.ok ? 'status' : 'alert'}>
          {state.message}
        </p>
      ) : null}
      <div>
        <button type="submit" disabled={pending}>
          Save profile
        </button>
      </div>
    </form>
  );
}
