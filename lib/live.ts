import { Amplify, type ResourcesConfig } from 'aws-amplify';
import { CONNECTION_STATE_CHANGE, ConnectionState, generateClient } from 'aws-amplify/data';
import { Hub } from 'aws-amplify/utils';
import type { Schema } from '../amplify/data/resource';
import type { CommentEvent } from './comments';

/**
 * Changes as they happen, in the browser (AppSync real-time, through the unchanged aws-amplify
 * client): comment events for the post page's comments island and the studio's moderation
 * queue, and post changes for the studio's post list.
 */

export type LiveState = 'connecting' | 'live' | 'disconnected';

/**
 * On a visitor page nothing configured Amplify: the API alone (its public key) is enough to
 * listen. Where a layout already configured it (the studio, with the session), that stays.
 */
export function configureLiveData(api: ResourcesConfig['API']): void {
  if (Amplify.getConfig().API?.GraphQL) return;
  Amplify.configure({ API: api });
}

const STATES: Partial<Record<ConnectionState, LiveState>> = {
  [ConnectionState.Connected]: 'live',
  [ConnectionState.Connecting]: 'connecting',
  [ConnectionState.ConnectionDisrupted]: 'disconnected',
  [ConnectionState.ConnectionDisruptedPendingNetwork]: 'disconnected',
  [ConnectionState.Disconnected]: 'disconnected',
};

/**
 * Calls `onEvent` for every comment added or moderated (on one post, or on all of them) and
 * `onState` when the connection comes and goes (the client reconnects and resubscribes by
 * itself). Returns the function that stops listening.
 */
export function watchCommentEvents(options: {
  postId?: string;
  authMode: 'apiKey' | 'userPool';
  onEvent: (event: CommentEvent) => void;
  onState: (state: LiveState) => void;
}): () => void {
  const client = generateClient<Schema>({ authMode: options.authMode });
  const subscription = client.subscriptions.onCommentEvent(options.postId ? { postId: options.postId } : {}).subscribe({
    next: (event) => {
      if (event) options.onEvent(event);
    },
    error: () => options.onState('disconnected'),
  });
  return withConnectionState(options.onState, [subscription]);
}

/**
 * Calls `onChange` whenever a post the signed-in account may read is created, edited or deleted
 * through the data API (another tab, another device, an editor). The API's own rules decide which
 * events reach whom: an author hears of her posts only, editors and admins of all of them.
 */
export function watchPostChanges(options: { onChange: () => void; onState: (state: LiveState) => void }): () => void {
  const client = generateClient<Schema>({ authMode: 'userPool' });
  const handlers = { next: () => options.onChange(), error: () => options.onState('disconnected') };
  return withConnectionState(options.onState, [
    client.models.Post.onCreate({ selectionSet: ['id'] }).subscribe(handlers),
    client.models.Post.onUpdate({ selectionSet: ['id'] }).subscribe(handlers),
    client.models.Post.onDelete({ selectionSet: ['id'] }).subscribe(handlers),
  ]);
}

/** Reports the connection's state while the subscriptions run; returns what ends them all. */
function withConnectionState(onState: (state: LiveState) => void, subscriptions: { unsubscribe(): void }[]): () => void {
  const stopHub = Hub.listen('api', ({ payload }) => {
    if (payload.event !== CONNECTION_STATE_CHANGE) return;
    const state = STATES[(payload.data as { connectionState: ConnectionState }).connectionState];
    if (state) onState(state);
  });
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    stopHub();
  };
}
