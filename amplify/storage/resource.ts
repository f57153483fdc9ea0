import { defineStorage } from '@aws-amplify/backend';

/**
 * Post media (cover images, inline images). Authors write under their own identity's folder;
 * anyone may read, because published posts embed these files.
 */
export const storage = defineStorage({
  name: 'folioMedia',
  access: (allow) => ({
    'media/{entity_id}/*': [allow.guest.to(['read']), allow.authenticated.to(['read']), allow.entity('identity').to(['read', 'write', 'delete'])],
  }),
});
