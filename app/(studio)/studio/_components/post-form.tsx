'use client';

import { useActionState, useRef, useState } from 'react';
import { POST_LIMITS } from '@/lib/post-schema';
import type { StudioPost } from '@/lib/posts';
import { slugify } from '@/lib/slug';
import { savePost, type PostFormState } from '../actions';
import { STATUS_TEXT, useDraftKeeper } from './draft-keeper';
import { MarkdownPreview } from './markdown-preview';

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="error" id={id} role="alert">
      {message}
    </p>
  ) : null;
}

export function PostForm({ post }: { post?: StudioPost }) {
  const [state, action, pending] = useActionState<PostFormState, FormData>(savePost, { ok: true });
  const initial = state.values ?? {
    title: post?.title ?? '',
    slug: post?.slug ?? '',
    excerpt: post?.excerpt ?? '',
    tags: post?.tags.join(', ') ?? '',
    body: post?.body ?? '',
  };
  const [title, setTitle] = useState(initial.title ?? '');
  const [slug, setSlug] = useState(initial.slug ?? '');
  const [body, setBody] = useState(initial.body ?? '');
  const [slugEdited, setSlugEdited] = useState(Boolean(post));
  const [showPreview, setShowPreview] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // The intent travels in a hidden field set on click: React does not always include the
  // submitter's name/value in the FormData of an action form once the form has re-rendered.
  const intent = useRef<HTMLInputElement>(null);
  const submitAs = (value: 'draft' | 'publish') => () => {
    if (intent.current) intent.current.value = value;
  };
  const expectedVersion = useRef<HTMLInputElement>(null);
  const keeper = useDraftKeeper({
    form: formRef,
    postId: post?.id,
    expectedVersion,
    serverFields: {
      title: post?.title ?? '',
      slug: post?.slug ?? '',
      excerpt: post?.excerpt ?? '',
      tags: post?.tags.join(', ') ?? '',
      body: post?.body ?? '',
    },
  });
  const restore = () => {
    const backup = keeper.restorable;
    const form = formRef.current;
    if (!backup || !form) return;
    setTitle(backup.fields.title);
    setSlug(backup.fields.slug);
    setSlugEdited(true);
    setBody(backup.fields.body);
    for (const name of ['excerpt', 'tags'] as const) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement) field.value = backup.fields[name];
    }
    keeper.dismissRestore();
    // Let React apply the controlled values, then save them like any other edit.
    setTimeout(keeper.onChange, 0);
  };
  const errors = state.fieldErrors ?? {};
  const describedBy = (field: keyof typeof errors) => (errors[field] ? `${field}-error` : undefined);

  return (
    <form ref={formRef} action={action} className="form" noValidate onInput={keeper.onChange} onSubmit={keeper.onSubmit}>
      <p className={`save-status save-status-${keeper.status}`} role="status" aria-live="polite">
        {STATUS_TEXT[keeper.status]}
        {keeper.message ? `: ${keeper.message}` : ''}
      </p>
      {keeper.restorable ? (
        <div className="restore" role="alert">
          <p>
            Unsaved changes from {new Date(keeper.restorable.savedAt).toLocaleString()} were kept on this device.
          </p>
          <div className="actions">
            <button type="button" onClick={restore}>
              Restore them
            </button>
            <button type="button" className="secondary" onClick={keeper.dismissRestore}>
              Discard
            </button>
          </div>
        </div>
      ) : null}
      {post ? <input type="hidden" name="id" value={post.id} /> : null}
      {post ? <input ref={expectedVersion} type="hidden" name="updatedAt" defaultValue={post.updatedAt} /> : null}
      <input ref={intent} type="hidden" name="intent" defaultValue="draft" />
      {state.message && !state.ok ? (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.conflict ? (
        <section className="conflict" aria-label="Conflicting versions">
          <div className="conflict-versions">
            <div>
              <h2>Saved elsewhere</h2>
              <p className="meta">{new Date(state.conflict.updatedAt).toUTCString()}</p>
              <p>
                <strong>{state.conflict.title}</strong>
              </p>
              <pre>{state.conflict.body}</pre>
            </div>
            <div>
              <h2>Yours (still in the form below)</h2>
              <p>
                <strong>{title}</strong>
              </p>
              <pre>{body}</pre>
            </div>
          </div>
          <div className="actions">
            <button
              type="submit"
              onClick={() => {
                // Deliberately overwrite: the save now expects the version the author has seen.
                if (expectedVersion.current && state.conflict) expectedVersion.current.value = state.conflict.updatedAt;
                submitAs('draft')();
              }}
            >
              Keep mine
            </button>
            <button type="button" className="secondary" onClick={() => window.location.reload()}>
              Use the saved version
            </button>
          </div>
        </section>
      ) : null}
      <div className="field">
        <label htmlFor="title">Title</label>
        <input
          id="title"
          name="title"
          value={title}
          maxLength={POST_LIMITS.title}
          aria-invalid={Boolean(errors.title)}
          aria-describedby={describedBy('title')}
          onChange={(event) => {
            setTitle(event.target.value);
            if (!slugEdited) setSlug(slugify(event.target.value));
          }}
        />
        <FieldError id="title-error" message={errors.title} />
      </div>
      <div className="field">
        <label htmlFor="slug">Slug</label>
        <input
          id="slug"
          name="slug"
          value={slug}
          maxLength={POST_LIMITS.slug}
          aria-invalid={Boolean(errors.slug)}
          aria-describedby={describedBy('slug') ?? 'slug-hint'}
          onChange={(event) => {
            setSlugEdited(true);
            setSlug(event.target.value);
          }}
        />
        <p className="hint" id="slug-hint">
          The address of the post: /posts/{slug || 'your-slug'}
        </p>
        <FieldError id="slug-error" message={errors.slug} />
      </div>
      <div className="field">
        <label htmlFor="excerpt">Excerpt</label>
        <input id="excerpt" name="excerpt" defaultValue={initial.excerpt} maxLength={POST_LIMITS.excerpt} aria-describedby={describedBy('excerpt')} />
        <FieldError id="excerpt-error" message={errors.excerpt} />
      </div>
      <div className="field">
        <label htmlFor="tags">Tags</label>
        <input id="tags" name="tags" defaultValue={initial.tags} aria-describedby={describedBy('tags') ?? 'tags-hint'} />
        <p className="hint" id="tags-hint">
          Comma-separated, up to {POST_LIMITS.tags}.
        </p>
        <FieldError id="tags-error" message={errors.tags} />
      </div>
      <div className="field">
        <label htmlFor="body">Body (markdown)</label>
        <textarea
          id="body"
          name="body"
          value={body}
          onChange={(event) => setBody(event.target.value)}
          aria-invalid={Boolean(errors.body)}
          aria-describedby={describedBy('body')}
        />
        <FieldError id="body-error" message={errors.body} />
        <div>
          <button type="button" className="secondary" aria-expanded={showPreview} onClick={() => setShowPreview(!showPreview)}>
            {showPreview ? 'Hide preview' : 'Show preview'}
          </button>
        </div>
        {showPreview ? <MarkdownPreview markdown={body} /> : null}
      </div>
      <div className="actions">
        <button type="submit" className="secondary" disabled={pending} onClick={submitAs('draft')}>
          Save draft
        </button>
        <button type="submit" disabled={pending} onClick={submitAs('publish')}>
          {post?.status === 'PUBLISHED' ? 'Update live post' : 'Publish'}
        </button>
      </div>
    </form>
  );
}
