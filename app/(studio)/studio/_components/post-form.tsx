'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { POST_LIMITS, type PostFieldErrors } from '@/lib/post-schema';
import type { StudioPost } from '@/lib/posts';
import { slugify } from '@/lib/slug';
import { imageMarkdown, parseMediaUrl } from '@/lib/media/rules';
import { CurrentImage, ImageAdder, useImageAdder } from './image-adder';
import { MarkdownPreview, useRenderedBody } from './markdown-preview';
import { SharePreview } from './share-preview';
import { TagInput } from './tag-input';
import { STATUS_TEXT, usePostEditor } from './use-post-editor';

const count = new Intl.NumberFormat('en-US');

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="error" id={id} role="alert">
      {message}
    </p>
  ) : null;
}

/** "12 / 200": the length against the limit, flagged once it is over. */
function Counter({ id, length, limit }: { id: string; length: number; limit: number }) {
  return (
    <span id={id} className={length > limit ? 'counter counter-over' : 'counter'}>
      {count.format(length)} / {count.format(limit)}
    </span>
  );
}

function Field({
  name,
  label,
  errors,
  hint,
  children,
}: {
  name: keyof PostFieldErrors;
  label: string;
  errors: PostFieldErrors;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={name}>{label}</label>
        {hint}
      </div>
      {children}
      <FieldError id={`${name}-error`} message={errors[name]} />
    </div>
  );
}

const describedBy = (errors: PostFieldErrors, name: keyof PostFieldErrors, ...others: string[]) =>
  [errors[name] ? `${name}-error` : null, ...others].filter(Boolean).join(' ') || undefined;

/**
 * `mayPublish`: the signed-in role may publish this post (lib/roles.ts canPublish); otherwise the
 * editor offers "Submit for review" instead. The backend decides either way.
 */
export function PostForm({
  post,
  siteUrl,
  authorName,
  savedMessage,
  mayPublish,
}: {
  post?: StudioPost;
  siteUrl: string;
  authorName: string;
  savedMessage?: string;
  mayPublish: boolean;
}) {
  const editor = usePostEditor(post, savedMessage);
  const { fields, errors } = editor;
  const [slugEdited, setSlugEdited] = useState(Boolean(post));
  const [showPreview, setShowPreview] = useState(false);
  const rendered = useRenderedBody(fields.body);
  const restoreRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const bodyImage = useImageAdder();
  const coverImage = useImageAdder();
  const cover = fields.coverImage ? parseMediaUrl(fields.coverImage) : null;
  // Where an image goes: where the author last put the caret in the body (or pasted/dropped the
  // file); the end of the text if they never did.
  const caret = useRef<number | null>(null);
  const takeBodyImage = (file: File) => {
    caret.current = bodyRef.current?.selectionStart ?? null;
    void bodyImage.take(file);
  };
  const imageFileIn = (data: DataTransfer | null) => [...(data?.files ?? [])].find((file) => file.type.startsWith('image/')) ?? (data?.files[0] || null);
  const isLive = post?.status === 'PUBLISHED';

  // After a reload the author looks at the top of the editor: put the offer there, in focus.
  useEffect(() => {
    if (editor.restorable) restoreRef.current?.focus();
  }, [editor.restorable]);

  return (
    <form
      className="form editor"
      noValidate
      onSubmit={(event) => {
        // Buttons call the editor directly; Enter in a field must not post the form.
        event.preventDefault();
      }}
    >
      {editor.restorable ? (
        <section className="restore" aria-labelledby="restore-title" tabIndex={-1} ref={restoreRef}>
          <h2 id="restore-title">Unsaved changes found on this device</h2>
          <p>
            From {new Date(editor.restorable.savedAt).toLocaleString()}.{' '}
            {post && editor.restorable.baseVersion !== post.version
              ? 'The post was saved elsewhere since; restoring lets you compare both versions before anything is overwritten.'
              : 'They were never saved to the server.'}
          </p>
          <div className="actions">
            <button type="button" onClick={editor.restore}>
              Restore them
            </button>
            <button type="button" className="secondary" onClick={editor.discardRestore}>
              Discard
            </button>
          </div>
        </section>
      ) : null}

      <div className="editor-status">
        <p className={`save-status save-status-${editor.status}`} role="status" aria-live="polite">
          {STATUS_TEXT[editor.status]}
        </p>
        {editor.message ? (
          <p className={editor.message.tone === 'ok' ? 'form-ok' : 'form-error'} role={editor.message.tone === 'ok' ? 'status' : 'alert'}>
            {editor.message.text}
          </p>
        ) : null}
      </div>

      {editor.conflict ? (
        <section className="conflict" aria-label="Conflicting versions">
          <p>
            Someone (perhaps you, in another tab or on another device) saved this post after you opened it. Nothing was overwritten. Choose which version to
            keep{editor.conflict.intent === 'publish' ? '; the one you keep goes live' : ''}.
          </p>
          <div className="conflict-versions">
            <div>
              <h2>Saved elsewhere</h2>
              <p className="meta">{new Date(editor.conflict.theirs.updatedAt).toLocaleString()}</p>
              <p>
                <strong>{editor.conflict.theirs.title}</strong>
              </p>
              <p className="meta">Cover: {editor.conflict.theirs.coverImage ? `“${editor.conflict.theirs.coverAlt}”` : 'none'}</p>
              <pre>{editor.conflict.theirs.body}</pre>
            </div>
            <div>
              <h2>Yours (still in the editor)</h2>
              <p className="meta">Not saved yet</p>
              <p>
                <strong>{fields.title}</strong>
              </p>
              <p className="meta">Cover: {fields.coverImage ? `“${fields.coverAlt}”` : 'none'}</p>
              <pre>{fields.body}</pre>
            </div>
          </div>
          <div className="actions">
            <button type="button" onClick={editor.keepMine}>
              {editor.conflict.intent === 'publish' ? (isLive ? 'Keep mine and update the live post' : 'Keep mine and publish') : 'Keep mine'}
            </button>
            <button type="button" className="secondary" onClick={editor.takeTheirs}>
              Use the saved version
            </button>
          </div>
        </section>
      ) : null}

      <Field name="title" label="Title" errors={errors} hint={<Counter id="title-count" length={fields.title.length} limit={POST_LIMITS.title} />}>
        <input
          id="title"
          name="title"
          value={fields.title}
          aria-invalid={Boolean(errors.title)}
          aria-describedby={describedBy(errors, 'title', 'title-count')}
          onChange={(event) => {
            const title = event.target.value;
            editor.edit(slugEdited ? { title } : { title, slug: slugify(title) });
          }}
        />
      </Field>
      <Field name="slug" label="Slug" errors={errors}>
        <input
          id="slug"
          name="slug"
          value={fields.slug}
          aria-invalid={Boolean(errors.slug)}
          aria-describedby={describedBy(errors, 'slug', 'slug-hint')}
          onChange={(event) => {
            setSlugEdited(true);
            editor.edit({ slug: event.target.value });
          }}
        />
        <p className="hint" id="slug-hint">
          The address of the post: /posts/{fields.slug || 'your-slug'}
        </p>
      </Field>
      <Field name="excerpt" label="Excerpt" errors={errors} hint={<Counter id="excerpt-count" length={fields.excerpt.length} limit={POST_LIMITS.excerpt} />}>
        <input
          id="excerpt"
          name="excerpt"
          value={fields.excerpt}
          aria-invalid={Boolean(errors.excerpt)}
          aria-describedby={describedBy(errors, 'excerpt', 'excerpt-count')}
          onChange={(event) => editor.edit({ excerpt: event.target.value })}
        />
      </Field>
      <Field name="tags" label="Tags" errors={errors}>
        <TagInput
          value={fields.tags}
          onChange={(tags) => editor.edit({ tags })}
          invalid={Boolean(errors.tags)}
          describedBy={describedBy(errors, 'tags', 'tags-hint') ?? 'tags-hint'}
        />
        <p className="hint" id="tags-hint">
          Separate tags with commas, up to {POST_LIMITS.tags}. Capitals and spaces are fine: “Make Things” becomes make-things.
        </p>
      </Field>

      <fieldset className="cover-field">
        <legend>Cover image</legend>
        {cover ? (
          <CurrentImage
            image={cover}
            alt=""
            className="cover-current"
            imageClassName="image-thumb"
            removeLabel="Remove cover"
            onRemove={() => editor.edit({ coverImage: '', coverAlt: '' })}
          >
            <div className="field">
              <label htmlFor="coverAlt">Cover alt text</label>
              <input
                id="coverAlt"
                name="coverAlt"
                value={fields.coverAlt}
                aria-invalid={Boolean(errors.coverAlt)}
                aria-describedby={describedBy(errors, 'coverAlt')}
                onChange={(event) => editor.edit({ coverAlt: event.target.value })}
              />
              <FieldError id="coverAlt-error" message={errors.coverAlt} />
            </div>
          </CurrentImage>
        ) : (
          <p className="hint">Shown at the top of the post and beside it in listings.</p>
        )}
        <ImageAdder
          adder={coverImage}
          name="Cover image upload"
          pickLabel={cover ? 'Replace the cover' : 'Choose a cover image'}
          placeLabel="Use as cover"
          onPlace={(image) => editor.edit({ coverImage: image.url, coverAlt: image.alt })}
        />
      </fieldset>

      <div className={showPreview ? 'editor-body with-preview' : 'editor-body'}>
        <Field name="body" label="Body (markdown)" errors={errors} hint={<Counter id="body-count" length={fields.body.length} limit={POST_LIMITS.body} />}>
          <textarea
            id="body"
            name="body"
            ref={bodyRef}
            value={fields.body}
            onSelect={(event) => {
              caret.current = event.currentTarget.selectionStart;
            }}
            onChange={(event) => editor.edit({ body: event.target.value })}
            onPaste={(event) => {
              const file = imageFileIn(event.clipboardData);
              if (!file) return; // text pastes as usual
              event.preventDefault();
              takeBodyImage(file);
            }}
            onDragOver={(event) => {
              if (event.dataTransfer.types.includes('Files')) event.preventDefault();
            }}
            onDrop={(event) => {
              const file = imageFileIn(event.dataTransfer);
              if (!file) return;
              event.preventDefault();
              takeBodyImage(file);
            }}
            aria-invalid={Boolean(errors.body)}
            aria-describedby={describedBy(errors, 'body', 'body-count', 'body-stats')}
          />
        </Field>
        {showPreview ? <MarkdownPreview rendered={rendered} /> : null}
      </div>
      <div className="editor-tools">
        <p className="meta" id="body-stats">
          {rendered && rendered !== 'too-long'
            ? `${count.format(rendered.words)} ${rendered.words === 1 ? 'word' : 'words'} · ${rendered.readingMinutes} min read`
            : rendered === 'too-long'
              ? 'Over the length limit'
              : 'Counting words…'}
        </p>
        <button type="button" className="secondary" aria-expanded={showPreview} onClick={() => setShowPreview(!showPreview)}>
          {showPreview ? 'Hide preview' : 'Show preview'}
        </button>
      </div>

      <ImageAdder
        adder={bodyImage}
        name="Body image"
        pickLabel="Add an image to the body"
        placeLabel="Insert image"
        onPlace={(image) => {
          const body = fields.body;
          const at = Math.min(caret.current ?? body.length, body.length);
          // On a line of its own, so it renders as a block.
          const before = body.slice(0, at);
          const after = body.slice(at);
          const markdown = `${before && !before.endsWith('\n\n') ? (before.endsWith('\n') ? '\n' : '\n\n') : ''}${imageMarkdown(image, image.alt)}\n\n`;
          editor.edit({ body: before + markdown + after.replace(/^\n+/, '') });
          caret.current = before.length + markdown.length;
          bodyRef.current?.focus();
        }}
      />

      <SharePreview fields={fields} siteUrl={siteUrl} authorName={post?.authorName ?? authorName} />

      <div className="actions editor-actions">
        <button type="button" className="secondary" disabled={editor.pending} aria-describedby="save-draft-hint" onClick={() => void editor.save('draft')}>
          Save draft
        </button>
        {mayPublish ? (
          <button type="button" disabled={editor.pending} onClick={() => void editor.save('publish')}>
            {isLive ? 'Update live post' : 'Publish'}
          </button>
        ) : post?.status === 'REVIEW' || isLive ? null : (
          <button type="button" disabled={editor.pending} onClick={() => void editor.save('review')}>
            Submit for review
          </button>
        )}
        <p className="hint" id="save-draft-hint">
          {!mayPublish
            ? isLive
              ? 'Save draft keeps your changes private: an editor puts them live.'
              : post?.status === 'REVIEW'
                ? 'In review: editors see this post and publish it. Your saves update what they read.'
                : 'Save draft keeps the post private. Submit it for review when it is ready: an editor publishes it.'
            : isLive
              ? 'Save draft keeps your changes private: visitors see the live post as it is until you update it.'
              : 'Save draft keeps the post private until you publish it.'}{' '}
          <kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>S</kbd> saves.
        </p>
      </div>
    </form>
  );
}
