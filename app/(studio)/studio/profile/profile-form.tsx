'use client';

import { useActionState, useState } from 'react';
import { parseMediaUrl } from '@/lib/media/rules';
import { CurrentImage, ImageAdder, useImageAdder } from '../_components/image-adder';
import { saveProfile, type ProfileFormState } from './actions';

export function ProfileForm({ name, bio, avatar }: { name: string; bio: string; avatar: string }) {
  const [state, action, pending] = useActionState<ProfileFormState, FormData>(saveProfile, { ok: true });
  const errors = state.fieldErrors ?? {};
  const [avatarUrl, setAvatarUrl] = useState(avatar);
  const [typedName, setTypedName] = useState(name);
  const adder = useImageAdder();
  const current = avatarUrl ? parseMediaUrl(avatarUrl) : null;
  return (
    <form action={action} className="form" noValidate>
      <div className="field">
        <label htmlFor="name">Name</label>
        <input
          id="name"
          name="name"
          value={typedName}
          onChange={(event) => setTypedName(event.target.value)}
          maxLength={80}
          aria-describedby={errors.name ? 'name-error' : undefined}
        />
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
      <fieldset className="cover-field">
        <legend>Avatar</legend>
        <input type="hidden" name="avatar" value={avatarUrl} />
        {current ? (
          <CurrentImage
            image={current}
            alt={`Avatar of ${typedName}`}
            className="avatar-current"
            imageClassName="avatar-preview"
            removeLabel="Remove avatar"
            onRemove={() => setAvatarUrl('')}
          />
        ) : (
          <p className="hint">Shown on your author page and beside your name on your posts.</p>
        )}
        <ImageAdder
          adder={adder}
          name="Avatar upload"
          pickLabel={current ? 'Replace the avatar' : 'Choose an avatar'}
          placeLabel="Use as avatar"
          fixedAlt={typedName.trim() || 'Author'}
          onPlace={(image) => setAvatarUrl(image.url)}
        />
        {errors.avatar ? (
          <p className="error" role="alert">
            {errors.avatar}
          </p>
        ) : null}
        {avatarUrl !== avatar ? <p className="hint">Save the profile to show the new avatar.</p> : null}
      </fieldset>
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
