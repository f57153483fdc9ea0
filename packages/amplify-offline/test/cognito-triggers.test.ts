import { refuseUnservedTriggers, triggerConfig } from '../src/cognito/triggers';

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

describe("the user pool's LambdaConfig", () => {
  it('serves pre sign-up, post confirmation and pre token generation (V1_0 unless PreTokenGenerationConfig says otherwise)', () => {
    expect(triggerConfig({ PreSignUp: fn('a'), PostConfirmation: fn('b'), PreTokenGeneration: fn('c') }, 'auth/Pool')).toEqual({
      preSignUp: fn('a'),
      postConfirmation: fn('b'),
      preTokenGeneration: { arn: fn('c'), version: 'V1_0' },
      unserved: [],
    });
    const v2 = triggerConfig({ PreTokenGeneration: fn('c'), PreTokenGenerationConfig: { LambdaArn: fn('d'), LambdaVersion: 'V2_0' } }, 'auth/Pool');
    expect(v2.preTokenGeneration).toEqual({ arn: fn('d'), version: 'V2_0' });
  });

  it('refuses a trigger it does not run, naming the trigger and its function', () => {
    const config = triggerConfig({ PreSignUp: fn('a'), CustomMessage: fn('b'), KMSKeyID: 'arn:aws:kms:x' }, 'auth/Pool');
    expect(config.unserved).toEqual([{ trigger: 'CustomMessage', arn: fn('b') }]);
    expect(() => refuseUnservedTriggers(config, (arn) => (arn === fn('b') ? 'custom-message' : undefined))).toThrow(
      "The user pool's CustomMessage trigger (function custom-message) is not run by amplify-offline, which runs pre sign-up, post confirmation and pre token generation triggers only.",
    );
    expect(() => refuseUnservedTriggers(triggerConfig({ PreSignUp: fn('a') }, 'auth/Pool'), () => undefined)).not.toThrow();
  });

  it('refuses a trigger function known only at deploy time, and an unknown trigger event version', () => {
    expect(() => triggerConfig({ PreSignUp: { 'Fn::ImportValue': 'x' } }, 'auth/Pool')).toThrow(
      /auth\/Pool: the PreSignUp trigger's function is only known at deploy time/,
    );
    expect(() => triggerConfig({ PreTokenGenerationConfig: { LambdaArn: fn('d'), LambdaVersion: 'V9_0' } }, 'auth/Pool')).toThrow(/LambdaVersion V9_0/);
  });
});
