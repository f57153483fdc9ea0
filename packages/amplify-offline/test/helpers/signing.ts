import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** The headers of a POST signed with SigV4 as the AWS SDK signs it (for raw requests in tests). */
export async function signedHeaders(options: {
  url: URL;
  service: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  body: string;
  headers?: Record<string, string>;
}): Promise<Record<string, string>> {
  const { url, service, region, credentials, body } = options;
  const signer = new SignatureV4({ credentials, region, service, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, 'content-type': 'application/json', ...options.headers },
    body,
  });
  return signed.headers;
}
