import type { DisplayStatus } from '@/lib/posts';

const LABELS: Record<DisplayStatus, string> = {
  draft: 'Draft',
  published: 'Published',
  changed: 'Published · unpublished changes',
};

export function StatusBadge({ status }: { status: DisplayStatus }) {
  return <span className={`status status-${status}`}>{LABELS[status]}</span>;
}
