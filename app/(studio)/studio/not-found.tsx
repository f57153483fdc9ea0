import Link from 'next/link';

export default function StudioNotFound() {
  return (
    <section className="studio-problem" aria-labelledby="studio-missing">
      <h1 id="studio-missing">Not found</h1>
      <p>This post or page does not exist, or it is not one you can edit. It may have been deleted.</p>
      <p>
        <Link href="/studio">Back to your posts</Link> · <Link href="/studio/new">Write a new post</Link>
      </p>
    </section>
  );
}
