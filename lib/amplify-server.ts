import 'server-only'; // Cookies, the server runner and the API key client: server code only.
import { createServerRunner } from '@aws-amplify/adapter-nextjs';
import { generateServerClientUsingCookies, generateServerClientUsingReqRes } from '@aws-amplify/adapter-nextjs/data';
import { cookies } from 'next/headers';
import type { Schema } from '@/amplify/data/resource';
import { amplifyConfig, amplifyServerConfig } from './amplify-outputs';
import { SESSION_COOKIE_DAYS, SESSION_COOKIE_SAME_SITE } from './session-cookies';

type ServerRunner = ReturnType<typeof createServerRunner>;
let runner: ServerRunner | undefined;
let storageRunner: ServerRunner | undefined;

const runtimeOptions: Parameters<typeof createServerRunner>[0]['runtimeOptions'] = {
  cookies: { sameSite: SESSION_COOKIE_SAME_SITE, maxAge: SESSION_COOKIE_DAYS * 24 * 60 * 60 },
};

/** The one server runner: middleware, pages and actions all verify sessions through it. */
export const runWithAmplifyServerContext: ServerRunner['runWithAmplifyServerContext'] = (input) => {
  // Cookies the server sets (tokens refreshed during a request) last as long as the browser's do.
  runner ??= createServerRunner({ config: amplifyServerConfig(), runtimeOptions });
  return runner.runWithAmplifyServerContext(input);
};

/**
 * The runner for storage calls (lib/media/): the full configuration, identity pool included, since
 * S3 accepts only identity-pool credentials. With the request's cookies it acts as the signed-in
 * identity; with `nextServerContext: null` as a guest, whose identity the adapter keeps in memory
 * across requests.
 */
export const runWithStorageContext: ServerRunner['runWithAmplifyServerContext'] = (input) => {
  storageRunner ??= createServerRunner({ config: amplifyConfig(), runtimeOptions });
  return storageRunner.runWithAmplifyServerContext(input);
};

/** Data client acting as the signed-in author (cookies); for studio pages and server actions. */
export function authorDataClient() {
  return generateServerClientUsingCookies<Schema>({ config: amplifyServerConfig(), cookies, authMode: 'userPool' });
}

type PublicDataClient = ReturnType<typeof generateServerClientUsingReqRes<Schema>>;
let publicClient: PublicDataClient | undefined;

/** Cookie-free data client for public reads with the API key; call it inside a null server context. */
export function publicDataClient(): PublicDataClient {
  publicClient ??= generateServerClientUsingReqRes<Schema>({ config: amplifyServerConfig(), authMode: 'apiKey' });
  return publicClient;
}
