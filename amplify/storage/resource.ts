import { defineStorage } from '@aws-amplify/backend';

/**
 * Images for posts and profiles (lib/media/rules.ts names the paths). What a browser uploads lands
 * in `uploads/`, readable only by its uploader; the studio's server action strips its metadata
 * and writes the result to `media/`, which anyone may read because published pages show it. Each
 * signed-in identity writes and deletes only under its own folder in both.
 */
export const storage = defineStorage({
  name: 'folioMedia',
  access: (allow) => ({
    'uploads/{entity_id}/*': [allow.entity('identity').to(['read', 'write', 'delete'])],
    'media/{entity_id}/*': [allow.guest.to(['read']), allow.authenticated.to(['read']), allow.entity('identity').to(['read', 'write', 'delete'])],
  }),
});
