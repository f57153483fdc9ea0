import { defineAuth } from '@aws-amplify/backend';

/**
 * Authors sign in with their e-mail address. Every confirmed account may write
 * (open sign-up = author): the backend's owner rules keep each author to their
 * own posts. AUTHORS marks the platform's regular writers (seeded accounts and
 * anyone an admin adds); ADMINS can moderate every post.
 */
export const auth = defineAuth({
  loginWith: { email: true },
  userAttributes: {
    fullname: { required: false, mutable: true },
  },
  groups: ['AUTHORS', 'ADMINS'],
});
