import { ImageResponse } from 'next/og';
import { getPublishedPost } from '@/lib/public-posts';

export const alt = 'Folio post';
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';
export const revalidate = 3600;

/** The share card of a post: its title and author on the site's colours (fonts: next/og's bundled default). */
export default async function OpenGraphImage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const post = await getPublishedPost(slug);
  // Bounded whatever the record holds: layout time grows with the text.
  const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
  const title = clip(post?.title ?? 'Folio', 200);
  return new ImageResponse(
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        padding: '72px',
        background: '#fbfaf7',
        color: '#1d1c1a',
      }}
    >
      <div style={{ fontSize: 36, color: '#8a3b12', fontWeight: 700 }}>Folio</div>
      <div style={{ fontSize: title.length > 60 ? 56 : 72, fontWeight: 700, lineHeight: 1.15 }}>{title}</div>
      <div style={{ fontSize: 32, color: '#5c5850' }}>{post ? `by ${clip(post.authorName, 80)}` : ''}</div>
    </div>,
    size,
  );
}
