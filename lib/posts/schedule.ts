import type { PostStatus } from './model';

/** Scheduling rules the studio shows; no server-only imports, so client components can use them too. */

/** How late the scheduler may be (it runs every minute) before a scheduled post counts as overdue. */
export const SCHEDULE_GRACE_MS = 2 * 60 * 1000;

/** A scheduled post whose time has passed without it going live (the scheduler could not publish it). */
export function isOverdue(post: { status: PostStatus; scheduledAt: string | null }, now = new Date()): boolean {
  return post.status === 'SCHEDULED' && post.scheduledAt !== null && Date.parse(post.scheduledAt) < now.getTime() - SCHEDULE_GRACE_MS;
}
