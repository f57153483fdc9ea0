import { randomBytes } from 'node:crypto';
import { checkResult as check, type PostsDataClient } from './posts/data-client';
import { PostError, storedCover, toStudioPost } from './posts/model';

/** Draft preview links: a snapshot of a draft under an unguessable token, for reviewers. */

/** The preview link token of a post, if its author shared one. */
export async function previewTokenOf(client: PostsDataClient, postId: string): Promise<string | null> {
  const { data, errors } = await client.models.DraftPreview.listDraftPreviewsByPostId({ postId });
  check(errors, 'read the preview link');
  return data[0]?.token ?? null;
}

/**
 * Creates (or refreshes) the post's preview link: a snapshot of the draft under a random
 * 192-bit token. Saves keep the snapshot current; revoking deletes it, so the URL stops working.
 */
export async function sharePreview(client: PostsDataClient, postId: string): Promise<string> {
  const { data: record, errors: readErrors } = await client.models.Post.get({ id: postId });
  check(readErrors, 'read this post');
  const post = record ? toStudioPost(record) : null;
  if (!post) throw new PostError('This post does not exist or is not yours.', 'not-found');
  const snapshot = {
    postId,
    title: post.title,
    excerpt: post.excerpt,
    body: post.body,
    tags: post.tags,
    ...storedCover(post),
    authorName: post.authorName,
  };
  const existing = await previewTokenOf(client, postId);
  if (existing) {
    check((await client.models.DraftPreview.update({ token: existing, ...snapshot })).errors, 'refresh the preview link');
    return existing;
  }
  const token = randomBytes(24).toString('base64url');
  check((await client.models.DraftPreview.create({ token, ...snapshot })).errors, 'create the preview link');
  return token;
}

/** Keeps an existing preview link showing the latest saved draft; no link, nothing to do. */
export async function refreshPreview(client: PostsDataClient, postId: string): Promise<void> {
  if (await previewTokenOf(client, postId)) await sharePreview(client, postId);
}

export async function revokePreview(client: PostsDataClient, postId: string): Promise<void> {
  const { data, errors } = await client.models.DraftPreview.listDraftPreviewsByPostId({ postId });
  check(errors, 'revoke the preview link');
  for (const preview of data) check((await client.models.DraftPreview.delete({ token: preview.token })).errors, 'revoke the preview link');
}
