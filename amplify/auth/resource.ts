import { defineAuth, secret } from '@aws-amplify/backend';
import { ROLE_GROUP_NAMES } from '../../lib/roles';
import { newAccount } from '../functions/new-account/resource';

/**
 * People sign in with their e-mail address. Each account has one role, a user-pool group
 * (lib/roles.ts): READERS, CONTRIBUTORS, AUTHORS, EDITORS, ADMINS. Anyone may sign up; the
 * post-confirmation trigger makes a new account a reader, and an admin gives writing roles on
 * the studio's People page. Open sign-up is therefore never publishing rights.
 *
 * Google sign-in is off unless the deployment sets FOLIO_GOOGLE_SIGN_IN=true and the
 * GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET secrets exist for the branch (docs/deploy.md);
 * without the switch no secret is needed, so previews and the offline backend work as is.
 */
const siteUrl = (process.env.FOLIO_SITE_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const googleSignIn = process.env.FOLIO_GOOGLE_SIGN_IN === 'true';

export const auth = defineAuth({
  loginWith: {
    email: true,
    ...(googleSignIn
      ? {
          externalProviders: {
            google: {
              clientId: secret('GOOGLE_CLIENT_ID'),
              clientSecret: secret('GOOGLE_CLIENT_SECRET'),
              scopes: ['openid', 'email', 'profile'],
              attributeMapping: { email: 'email', fullname: 'name' },
            },
            callbackUrls: [`${siteUrl}/sign-in`],
            logoutUrls: [`${siteUrl}/`],
          },
        }
      : {}),
  },
  // Authors may turn on two-step sign-in with an authenticator app from their profile.
  multifactor: { mode: 'OPTIONAL', totp: true },
  userAttributes: {
    fullname: { required: false, mutable: true },
  },
  // Lowest role first: Gen 2 gives the groups this order as their precedence.
  groups: ROLE_GROUP_NAMES,
  triggers: { postConfirmation: newAccount },
  access: (allow) => [allow.resource(newAccount).to(['addUserToGroup'])],
});
