/**
 * aws-amplify warns on every Auth configure that names a user-pool endpoint (@aws-amplify/core
 * singleton/Auth: `logger.warn(getCustomEndpointWarningMessage('Amazon Cognito User Pool'))`), and
 * the Next.js server configures once per request, so the offline backend filled the logs with it.
 * The library has no per-message switch (its only knob, ConsoleLogger.LOG_LEVEL, would hide every
 * Amplify warning), so this drops exactly that one line, and only for a loopback endpoint.
 */
const USER_POOL_ENDPOINT_WARNING =
  /^\[WARN\] \d{2}:\d{2}\.\d{1,3} Auth - You are using a custom Amazon (?:Amazon )?Cognito User Pool endpoint, ensure the endpoint is correct\.$/;

let installed = false;

export function isLoopbackEndpoint(endpoint: string): boolean {
  try {
    const { hostname } = new URL(endpoint);
    return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
  } catch {
    return false;
  }
}

/** Installs the console.warn filter once when the user-pool endpoint is on this machine; a no-op otherwise. */
export function quietLocalUserPoolEndpointWarning(endpoint: string): void {
  if (installed || !isLoopbackEndpoint(endpoint)) return;
  installed = true;
  const warn = console.warn;
  console.warn = function (...args: unknown[]) {
    if (args.length === 1 && typeof args[0] === 'string' && USER_POOL_ENDPOINT_WARNING.test(args[0])) return;
    warn.apply(console, args);
  };
}
