import type { Metadata } from 'next';
import { readDeployment } from '@/lib/deployment';
import { canPublishOwn } from '@/lib/roles';
import { requireWriter } from '@/lib/session';
import { PostForm } from '../_components/post-form';

export const metadata: Metadata = { title: 'New post', robots: { index: false } };

export default async function NewPostPage() {
  const author = await requireWriter('/studio/new');
  return (
    <>
      <h1>New post</h1>
      <PostForm siteUrl={readDeployment().siteUrl} authorName={author.name} mayPublish={canPublishOwn(author.role)} />
    </>
  );
}
