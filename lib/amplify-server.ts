import 'server-only'; // Cookies, the server runner and the API key client: server code only.
import { createServerRunner } from '@aws-amplify/adapter-nextjs';
import { generateServerClientUsingCookies, generateServerClientUsingReqRes } from '@aws-amplify/adapter-nextjs/data';
import { cookies } from 'next/headers';
import type { Schema } from '@/amplify/data/resource';
import { amplifyConfig } from './amplify-outputs';

type ServerRunner = ReturnType<typeof createServerRunner>;
let runner: ServerRunner | undefined;

/** The one server runner: middleware, pages and actions all verify sessions through it. */
export const runWithAmplifyServerContext: ServerRunner['runWithAmplifyServerContext'] = (input) => {
  runner ??= createServerRunner({ config: amplifyConfig() });
  return runner.runWithAmplifyServerContext(input);
};

/** Data client acting as the signed-in author (cookies); for studio pages and server actions. */
export function authorDataClient() {
  return generateServerClientUsingCookies<Schema>({ config: amplifyConfig(), cookies, authMode: 'userPool' });
}

type PublicDataClient = ReturnType<typeof generateServerClientUsingReqRes<Schema>>;
let publicClient: PublicDataClient | undefined;

/** Cookie-free data client for public reads with the API key; call it inside a null server context. */
export function publicDataClient(): PublicDataClient {
  publicClient ??= generateServerClientUsingReqRes<Schema>({ config: amplifyConfig(), authMode: 'apiKey' });
  return publicClient;
}
