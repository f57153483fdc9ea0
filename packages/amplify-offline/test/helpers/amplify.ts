import { Amplify } from 'aws-amplify';
import { ConsoleLogger } from 'aws-amplify/utils';
import type { CognitoEmulator } from '../../src/cognito';

/** Points aws-amplify's Auth at a local user pool, as amplify_outputs.json's custom endpoint does in the app. */
export function configureAmplifyFor(emulator: Pick<CognitoEmulator, 'userPoolId' | 'userPoolClientId' | 'url'>): void {
  // Amplify warns on every call that a custom user pool endpoint is in use; that is the whole point here.
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: emulator.userPoolId,
        userPoolClientId: emulator.userPoolClientId,
        userPoolEndpoint: emulator.url,
        loginWith: { email: true },
      },
    },
  });
}
