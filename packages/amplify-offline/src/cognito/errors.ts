/**
 * A Cognito service error. `type` is the exception name real Cognito returns; both aws-amplify and the
 * AWS SDK map it onto their own error classes, so it must match the service model exactly.
 */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const incorrectCredentials = (): CognitoError => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');

export const invalidParameter = (message: string): CognitoError => new CognitoError('InvalidParameterException', message);

export const userNotFound = (): CognitoError => new CognitoError('UserNotFoundException', 'User does not exist.');
