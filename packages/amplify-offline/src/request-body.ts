import type { IncomingMessage } from 'node:http';

/** A request body read to its end: the bytes kept (none past the limit) and the size sent. */
export type RequestBody = { tooLarge: false; bytes: Buffer } | { tooLarge: true; size: number };

/**
 * Reads a request body to its end, keeping at most `limit` bytes. One over the limit is still read
 * to the end and discarded, so the server can answer 413 with a message: answering while the
 * client is still sending would reset its connection instead. Rejects if the request fails.
 */
export function readRequestBody(request: IncomingMessage, limit: number): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? { tooLarge: true, size } : { tooLarge: false, bytes: Buffer.concat(chunks) }));
    request.on('error', reject);
  });
}

/** The message every local service gives with its 413. */
export const tooLargeMessage = (size: number, limit: number): string => `Request body too large: ${size} bytes, at most ${limit}.`;
