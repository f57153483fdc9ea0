'use client';

import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { beginTwoStepSetup, confirmTwoStepSetup, turnOffTwoStep, twoStepIsOn } from '@/lib/auth-client';
import { friendlyAuthMessage } from '@/lib/auth-vocabulary';

type Step = { kind: 'loading' } | { kind: 'off' } | { kind: 'on' } | { kind: 'setup'; secret: string; qr: string; uri: string };

/**
 * Optional two-step sign-in with an authenticator app (TOTP), through aws-amplify's own calls
 * against the user pool: set up, verify a first code, then make it the preferred method.
 */
export function TwoStepSettings({ email }: { email: string }) {
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    twoStepIsOn().then(
      (on) => setStep({ kind: on ? 'on' : 'off' }),
      () => setStep({ kind: 'off' }),
    );
  }, []);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught instanceof Error ? friendlyAuthMessage(caught.message) : 'Something went wrong. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    void run(async () => {
      const { secret, uri } = await beginTwoStepSetup('Folio', email);
      setStep({ kind: 'setup', secret, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) });
    });

  const confirm = () =>
    void run(async () => {
      if (!/^\d{6}$/.test(code.trim())) throw new Error('Enter the 6-digit code from your authenticator app.');
      await confirmTwoStepSetup(code.trim());
      setCode('');
      setStep({ kind: 'on' });
    });

  const turnOff = () =>
    void run(async () => {
      await turnOffTwoStep();
      setStep({ kind: 'off' });
    });

  return (
    <section aria-labelledby="two-step-title" className="two-step">
      <h2 id="two-step-title">Two-step sign-in</h2>
      {step.kind === 'loading' ? <p className="meta">Checking…</p> : null}
      {step.kind === 'off' ? (
        <>
          <p>Off. Turn it on to ask for a code from an authenticator app after your password.</p>
          <button type="button" onClick={start} disabled={busy}>
            Turn on two-step sign-in
          </button>
        </>
      ) : null}
      {step.kind === 'setup' ? (
        <div className="form">
          <p>Scan this code with your authenticator app, or enter the key by hand, then type the 6-digit code it shows.</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a generated data URL, nothing to optimise */}
          <img src={step.qr} alt="QR code for your authenticator app" width={200} height={200} />
          <p>
            Key: <code data-testid="totp-secret">{step.secret}</code>
          </p>
          <div className="field">
            <label htmlFor="totp-code">Code from the app</label>
            <input id="totp-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(event) => setCode(event.target.value)} />
          </div>
          <div>
            <button type="button" onClick={confirm} disabled={busy}>
              Verify and turn on
            </button>
          </div>
        </div>
      ) : null}
      {step.kind === 'on' ? (
        <>
          <p role="status">On: signing in asks for a code from your authenticator app.</p>
          <button type="button" className="secondary" onClick={turnOff} disabled={busy}>
            Turn off two-step sign-in
          </button>
        </>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
