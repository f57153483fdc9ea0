import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CoverImage } from '@/components/cover-image';
import { PostBody } from '@/components/post-body';
import { TagList } from '@/components/post-summary';
import { getDraftPreview } from '@/lib/public-posts';

// Rendered per request and never stored: a revoked link must stop working at once.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Draft preview', robots: { index: false, follow: false } };

export default async function DraftPreviewPage({ params }: { params: Promise<{ token: string }> }) {
  const preview = await getDraftPreview((await params).token);
  if (!preview) notFound();
  return (
    <article className="post">
      <p className="preview-banner" role="note">
        Draft preview — not published. Shared by the author for review.
      </p>
      <header>
        <h1>{preview.title}</h1>
        <p className="meta">By {preview.authorName}</p>
        <CoverImage url={preview.coverImage} alt={preview.coverAlt} sizes="(min-width: 42rem) 42rem, 100vw" className="post-cover" priority />
      </header>
      <PostBody markdown={preview.body} showToc />
      <TagList tags={preview.tags} />
    </article>
  );
}
