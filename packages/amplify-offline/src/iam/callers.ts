import { verifySignature, type KnownKey, type LocalCredentials, type SignedRequest } from '../sigv4';
import type { RoleSession } from './evaluate';

/** Who besides the admin may sign requests to a local service: the app's functions, each as its execution role. */
export interface RoleCallers {
  credentials(accessKeyId: string): KnownKey | undefined;
  session(accessKeyId: string): RoleSession | undefined;
}

/**
 * Verifies a request's SigV4 signature against the admin credentials or a role session's, and
 * says who signed it: 'admin', the role session, or undefined for a key whose session is gone.
 * A bad or unknown signature throws the SignatureError the service reports.
 */
export async function signedCaller(
  request: SignedRequest,
  service: string,
  admin: LocalCredentials,
  callers: RoleCallers | undefined,
): Promise<'admin' | RoleSession | undefined> {
  const key = await verifySignature(request, service, (accessKeyId) => (accessKeyId === admin.accessKeyId ? admin : callers?.credentials(accessKeyId)));
  return key.accessKeyId === admin.accessKeyId ? 'admin' : callers?.session(key.accessKeyId);
}
