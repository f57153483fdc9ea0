'use client';

import { useRef } from 'react';
import { deletePostAction } from '../actions';

/** Deleting asks first, in a modal dialog that names the post. */
export function DeletePostButton({ id, title }: { id: string; title: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        Delete post…
      </button>
      <dialog ref={dialog} aria-labelledby="delete-title" className="confirm-dialog">
        <h2 id="delete-title">Delete “{title}”?</h2>
        <p>The post and its draft are removed for good, and it disappears from the site.</p>
        <form action={deletePostAction} className="actions">
          <input type="hidden" name="id" value={id} />
          <button type="submit" className="danger">
            Delete for good
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </form>
      </dialog>
    </>
  );
}
