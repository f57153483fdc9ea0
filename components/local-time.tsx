'use client';

import { useEffect, useState } from 'react';

const utc = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * A moment in the reader's own time zone. The server cannot know that zone, so the first render
 * (and the HTML) says UTC explicitly, and the browser switches to local time once it runs.
 */
export function LocalTime({ iso }: { iso: string }) {
  const [text, setText] = useState(() => `${utc.format(new Date(iso))} UTC`);
  useEffect(() => {
    // dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are spelled out.
    const local = new Intl.DateTimeFormat(undefined, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    // eslint-disable-next-line react-hooks/set-state-in-effect -- deliberately after hydration: the server's HTML says UTC, and the browser's zone is only known here
    setText(local.format(new Date(iso)));
  }, [iso]);
  return <time dateTime={iso}>{text}</time>;
}
