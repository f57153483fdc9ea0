import type { StudioPost } from '@/lib/posts';

/** The editor's fields as the form holds them (tags as typed, comma-separated). */
export const EDITOR_FIELDS = ['title', 'slug', 'excerpt', 'tags', 'body', 'coverImage', 'coverAlt'] as const;
/** Fields every copy kept on this device has; copies from before covers existed lack the cover's two. */
export const TEXT_FIELDS = ['title', 'slug', 'excerpt', 'tags', 'body'] as const;
export type EditorFields = Record<(typeof EDITOR_FIELDS)[number], string>;

/** A post's fields in the form's shape; saved tags end with a separator so each shows as a chip. */
export function fieldsOf(post: StudioPost | undefined): EditorFields {
  return {
    title: post?.title ?? '',
    slug: post?.slug ?? '',
    excerpt: post?.excerpt ?? '',
    tags: post && post.tags.length > 0 ? `${post.tags.join(', ')}, ` : '',
    body: post?.body ?? '',
    coverImage: post?.coverImage ?? '',
    coverAlt: post?.coverAlt ?? '',
  };
}

export function fieldsEqual(a: EditorFields, b: EditorFields): boolean {
  return EDITOR_FIELDS.every((name) => a[name] === b[name]);
}
