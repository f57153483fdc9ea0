'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { LocalTime } from '@/components/local-time';
import type { DisplayStatus, StudioPost } from '@/lib/posts';
import { isOverdue } from '@/lib/posts/schedule';
import { StatusBadge } from './status-badge';

const FILTERS: { value: DisplayStatus | 'all'; label: string }[] = [
  { value: 'all', label: 'All statuses' },
  { value: 'draft', label: 'Drafts' },
  { value: 'review', label: 'In review' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'published', label: 'Published' },
  { value: 'changed', label: 'Published with unpublished changes' },
];

/** The studio's post list: filter by words (title, slug, tags, author) and status, newest edit first. */
export function PostTable({ posts, showAuthor }: { posts: StudioPost[]; showAuthor: boolean }) {
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<DisplayStatus | 'all'>('all');
  const visible = useMemo(() => {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    return posts.filter((post) => {
      if (status !== 'all' && post.displayStatus !== status) return false;
      const haystack = [post.title, post.slug, post.authorName, ...post.tags].join(' ').toLowerCase();
      return terms.every((term) => haystack.includes(term));
    });
  }, [posts, query, status]);

  return (
    <>
      <div className="studio-filters" role="search">
        <div className="field">
          <label htmlFor="post-filter">Filter posts</label>
          <input id="post-filter" type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="status-filter">Status</label>
          <select id="status-filter" value={status} onChange={(event) => setStatus(event.target.value as DisplayStatus | 'all')}>
            {FILTERS.map((filter) => (
              <option key={filter.value} value={filter.value}>
                {filter.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="meta" role="status">
        {visible.length === posts.length ? `${posts.length} posts` : `${visible.length} of ${posts.length} posts`}
      </p>
      <table className="posts">
        <thead>
          <tr>
            <th scope="col">Title</th>
            {showAuthor ? <th scope="col">Author</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((post) => (
            <tr key={post.id}>
              <td>
                <Link href={`/studio/posts/${post.id}`}>{post.title}</Link>
              </td>
              {showAuthor ? <td>{post.authorName}</td> : null}
              <td>
                <StatusBadge status={post.displayStatus} scheduledAt={post.scheduledAt} overdue={isOverdue(post)} />
              </td>
              <td>
                <LocalTime iso={post.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
