import { defineAuth, secret } from '@aws-amplify/backend';

/**
 * Authors sign in with their e-mail address. Every confirmed account may write
 * (open sign-up = author): the backend's owner rules keep each author to their
 * own posts. AUTHORS marks the platform's regular writers (seeded accounts and
 * anyone an admin adds); ADMINS can moderate every post.
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
  groups: ['AUTHORS', 'ADMINS'],
});
