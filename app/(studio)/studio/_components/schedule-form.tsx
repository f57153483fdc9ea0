'use client';

import { useActionState, useState } from 'react';
import { schedule, type ScheduleState } from '../actions';

/**
 * Picks a publication time in the author's own time zone; the browser converts it to an exact
 * instant before it reaches the server, so the server never guesses a zone.
 */
export function ScheduleForm({ id }: { id: string }) {
  const [state, action, pending] = useActionState<ScheduleState, FormData>(schedule, { ok: true });
  const [local, setLocal] = useState('');
  const instant = local ? new Date(local) : null;
  return (
    <form action={action} className="schedule-form">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="at" value={instant && !Number.isNaN(instant.getTime()) ? instant.toISOString() : ''} />
      <div className="field">
        <label htmlFor="publish-at">Publish at</label>
        <input
          id="publish-at"
          type="datetime-local"
          value={local}
          onChange={(event) => setLocal(event.target.value)}
          aria-describedby={state.ok ? undefined : 'schedule-error'}
        />
      </div>
      <button type="submit" className="secondary" disabled={pending}>
        Schedule
      </button>
      {!state.ok && state.message ? (
        <p className="error" id="schedule-error" role="alert">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
