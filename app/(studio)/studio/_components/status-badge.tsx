import type { DisplayStatus } from '@/lib/posts';

const LABELS: Record<DisplayStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  published: 'Published',
  changed: 'Published · unpublished changes',
};

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function StatusBadge({ status, scheduledAt }: { status: DisplayStatus; scheduledAt?: string | null }) {
  const suffix = status === 'scheduled' && scheduledAt ? ` · ${when.format(new Date(scheduledAt))} UTC` : '';
  return <span className={`status status-${status}`}>{`${LABELS[status]}${suffix}`}</span>;
}
