import { readPublicImage } from '@/lib/media/storage';
import { parseMediaUrl } from '@/lib/media/rules';

/**
 * Public images, read from the media bucket as a guest and streamed with the caching an image whose
 * name is never reused deserves: a year, immutable, at the CDN and in browsers. Pages link here
 * (through Next's image optimizer, which resizes from here) rather than to presigned S3 URLs, which
 * would expire inside cached HTML. No cookies are read, so a cached copy is the same for everyone.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ identity: string; file: string }> }): Promise<Response> {
  const { identity, file } = await params;
  const image = parseMediaUrl(`/media/${identity}/${file}`);
  if (!image) return notFound('No such image: image addresses are /media/<identity>/<name>-<width>x<height>.<extension>.');
  let stored: Response | null;
  try {
    stored = await readPublicImage(image);
  } catch (error) {
    console.error(`Reading ${image.path} failed:`, error);
    return new Response('The image store is not answering; try again shortly.', {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '10' },
    });
  }
  if (!stored) return notFound('This image does not exist (any more).');
  const headers = new Headers({
    // The type follows from the name's extension, one of five image types (the studio names files
    // after their decoded format); nosniff (next.config.ts) keeps browsers from second-guessing it,
    // so even a file put there by other means is never run as a page or a script.
    'Content-Type': image.contentType,
    'Cache-Control': 'public, max-age=31536000, immutable',
    'Content-Disposition': 'inline',
  });
  const length = stored.headers.get('content-length');
  if (length) headers.set('Content-Length', length);
  return new Response(stored.body, { status: 200, headers });
}

function notFound(message: string): Response {
  // Cached briefly: an image deleted on purpose should not be asked for again on every view.
  return new Response(message, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=60' } });
}
