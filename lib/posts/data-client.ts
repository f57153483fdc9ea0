import type { Schema } from '../../amplify/data/resource';
import { PostError } from './model';

export type PostRecord = Schema['Post']['type'];
export type PublishedPostRecord = Schema['PublishedPost']['type'];
export type PublishedPostTagRecord = Schema['PublishedPostTag']['type'];
export type AuthorProfileRecord = Schema['AuthorProfile']['type'];
export type DraftPreviewRecord = Schema['DraftPreview']['type'];
export type PostChangeRecord = Schema['PostChange']['type'];
export type GraphQLErrors = readonly { message: string; errorType?: string }[] | undefined;
export type Result<T> = Promise<{ data: T; errors?: GraphQLErrors }>;
export type CreateInput<T> = Omit<T, 'createdAt' | 'updatedAt' | 'owner'>;

/** The model API shared by the browser, cookie and seed clients (no server context argument). */
export interface PostsDataClient {
  /** Publishing runs in the backend (amplify/functions/publishing): the live models are read-only to clients. */
  mutations: {
    publishPost(input: { id: string; publishedAt?: string | null }): Promise<{ data?: PostChangeRecord | null; errors?: GraphQLErrors }>;
    unpublishPost(input: { id: string }): Promise<{ data?: PostChangeRecord | null; errors?: GraphQLErrors }>;
    schedulePost(input: { id: string; at: string }): Promise<{ data?: string | null; errors?: GraphQLErrors }>;
    saveAuthorProfile(input: {
      name: string;
      bio?: string | null;
      avatar?: string | null;
      createOnly?: boolean | null;
    }): Promise<{ data?: { handle: string; created: boolean } | null; errors?: GraphQLErrors }>;
    sharePreview(input: { postId: string }): Promise<{ data?: string | null; errors?: GraphQLErrors }>;
    revokePreview(input: { postId: string }): Promise<{ data?: number | null; errors?: GraphQLErrors }>;
    removePost(input: { id: string }): Promise<{ data?: PostChangeRecord | null; errors?: GraphQLErrors }>;
  };
  /**
   * The raw GraphQL operations, for what the model API cannot say (a conditional update). Typed
   * loosely because aws-amplify's returns a subscription's Observable too; queries and mutations
   * resolve to `{ data, errors }` (lifecycle.ts reads them so).
   */
  graphql(options: { query: string; variables: Record<string, unknown> }): unknown;
  models: {
    Post: {
      get(input: { id: string }): Result<PostRecord | null>;
      list(options?: { limit?: number; nextToken?: string | null }): Promise<{ data: PostRecord[]; nextToken?: string | null; errors?: GraphQLErrors }>;
      listPostsBySlug(input: { slug: string }): Result<PostRecord[]>;
      create(input: Omit<CreateInput<PostRecord>, 'id'>): Result<PostRecord | null>;
      update(input: Partial<PostRecord> & { id: string }): Result<PostRecord | null>;
      delete(input: { id: string }): Result<PostRecord | null>;
    };
    PublishedPost: {
      get(input: { slug: string }): Result<PublishedPostRecord | null>;
      /** `authMode: 'apiKey'` reads live copies whoever owns them (an admin may have published an author's post). */
      listPublishedPostsByPostId(input: { postId: string }, options?: { authMode?: 'apiKey' }): Result<PublishedPostRecord[]>;
    };
    PublishedPostTag: {
      listPublishedPostTagsByPostId(input: { postId: string }): Result<PublishedPostTagRecord[]>;
    };
    DraftPreview: {
      list(options?: { limit?: number; nextToken?: string | null }): Promise<{ data: DraftPreviewRecord[]; nextToken?: string | null; errors?: GraphQLErrors }>;
      listDraftPreviewsByPostId(input: { postId: string }): Result<DraftPreviewRecord[]>;
    };
    AuthorProfile: {
      list(options?: {
        limit?: number;
        nextToken?: string | null;
      }): Promise<{ data: AuthorProfileRecord[]; nextToken?: string | null; errors?: GraphQLErrors }>;
      listAuthorProfilesByUserId(input: { userId: string }): Result<AuthorProfileRecord[]>;
    };
  };
}

/** How the publishing function words a refusal: `[code] message` (AppSync types every function error `Lambda:Unhandled`). */
const FUNCTION_REFUSAL = /^\[(not-found|forbidden|invalid|slug-taken|conflict|rate-limited)\] (.+)$/s;

/** Turns GraphQL errors into a PostError an author can read; no errors, no throw. */
export function checkResult(errors: GraphQLErrors, action: string): void {
  if (!errors?.length) return;
  for (const error of errors) {
    const refusal = FUNCTION_REFUSAL.exec(error.message);
    if (refusal) throw new PostError(refusal[2] ?? '', refusal[1] as PostError['code']);
  }
  if (errors.some((error) => /Unauthorized/i.test(`${error.errorType} ${error.message}`))) {
    throw new PostError(`You are not allowed to ${action}.`, 'forbidden');
  }
  throw new PostError(`Could not ${action}: ${errors.map((error) => error.message).join('; ')}`, 'backend');
}
