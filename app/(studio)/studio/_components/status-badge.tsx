import { LocalTime } from '@/components/local-time';
import type { DisplayStatus } from '@/lib/posts';

const LABELS: Record<DisplayStatus, string> = {
  draft: 'Draft',
  review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  changed: 'Published · unpublished changes',
};

/** `overdue`: scheduled, the time has passed and the post is not live (lib/posts isOverdue). */
export function StatusBadge({ status, scheduledAt, overdue = false }: { status: DisplayStatus; scheduledAt?: string | null; overdue?: boolean }) {
  return (
    <span className={`status status-${overdue ? 'overdue' : status}`}>
      {overdue ? 'Overdue' : LABELS[status]}
      {status === 'scheduled' && scheduledAt ? (
        <>
          {' · '}
          <LocalTime iso={scheduledAt} />
        </>
      ) : null}
    </span>
  );
}
