const dateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** Dates are shown in UTC so the server-rendered HTML is the same for every visitor. */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}
