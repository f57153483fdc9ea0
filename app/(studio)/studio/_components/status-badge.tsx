import { LocalTime } from '@/components/local-time';
import type { DisplayStatus } from '@/lib/posts';

const LABELS: Record<DisplayStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  published: 'Published',
  changed: 'Published · unpublished changes',
};

export function StatusBadge({ status, scheduledAt }: { status: DisplayStatus; scheduledAt?: string | null }) {
  return (
    <span className={`status status-${status}`}>
      {LABELS[status]}
      {status === 'scheduled' && scheduledAt ? (
        <>
          {' · '}
          <LocalTime iso={scheduledAt} />
        </>
      ) : null}
    </span>
  );
}
