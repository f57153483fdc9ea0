import { checkResult as check, type PostsDataClient } from './posts/data-client';
import { PostError } from './posts/model';

/** Draft preview links: a snapshot of a draft under an unguessable token, for reviewers. */

/** The preview link token of a post, if its author shared one. */
export async function previewTokenOf(client: PostsDataClient, postId: string): Promise<string | null> {
  const { data, errors } = await client.models.DraftPreview.listDraftPreviewsByPostId({ postId });
  check(errors, 'read the preview link');
  return data[0]?.token ?? null;
}

/**
 * Creates (or refreshes) the post's preview link: the backend snapshots the saved draft under a
 * random 192-bit token. Saves keep the snapshot current; revoking deletes it, so the URL stops working.
 */
export async function sharePreview(client: PostsDataClient, postId: string): Promise<string> {
  const { data, errors } = await client.mutations.sharePreview({ postId });
  check(errors, 'share a preview link');
  if (!data) throw new PostError('The preview link was not created.', 'backend');
  return data;
}

/** Keeps an existing preview link showing the latest saved draft; no link, nothing to do. */
export async function refreshPreview(client: PostsDataClient, postId: string): Promise<void> {
  if (await previewTokenOf(client, postId)) await sharePreview(client, postId);
}

export async function revokePreview(client: PostsDataClient, postId: string): Promise<void> {
  check((await client.mutations.revokePreview({ postId })).errors, 'revoke the preview link');
}
