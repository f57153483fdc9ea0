'use client';

import { useId, type KeyboardEvent } from 'react';
import { normalizeTag, POST_LIMITS } from '@/lib/post-schema';

/** Everything before the last comma is a finished tag; the rest is still being typed. */
function split(value: string): { done: string[]; typing: string } {
  const parts = value.split(',');
  const typing = (parts.pop() ?? '').trimStart();
  return { done: parts.map((part) => part.trim()).filter(Boolean), typing };
}

const join = (done: string[], typing = '') => (done.length > 0 ? `${done.join(', ')}, ` : '') + typing;

/**
 * Tags as chips: a comma, Enter or leaving the field turns what was typed into a chip showing
 * the tag as it will be stored ("Make Things" → make-things). The value stays one
 * comma-separated string, the shape the shared schema parses.
 */
export function TagInput({
  value,
  onChange,
  invalid,
  describedBy,
}: {
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  describedBy: string;
}) {
  const listId = useId();
  const { done, typing } = split(value);
  const commit = () => {
    if (typing.trim()) onChange(join([...done, typing.trim()]));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Backspace' && typing === '' && done.length > 0) {
      event.preventDefault();
      onChange(join(done.slice(0, -1), done.at(-1)));
    }
  };
  return (
    <div className="tag-input">
      {done.length > 0 ? (
        <ul className="chips" id={listId}>
          {done.map((tag, index) => {
            const stored = normalizeTag(tag);
            const bad = !stored || stored.length > POST_LIMITS.tag;
            return (
              <li key={`${index}-${tag}`} className={bad ? 'chip chip-invalid' : 'chip'}>
                <span>{bad ? tag : stored}</span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove tag ${bad ? tag : stored}`}
                  onClick={() =>
                    onChange(
                      join(
                        done.filter((_, other) => other !== index),
                        typing,
                      ),
                    )
                  }
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <input
        id="tags"
        name="tags"
        value={typing}
        autoComplete="off"
        aria-invalid={invalid}
        aria-describedby={done.length > 0 ? `${describedBy} ${listId}` : describedBy}
        onChange={(event) => onChange(join(done, event.target.value))}
        onKeyDown={onKeyDown}
        onBlur={commit}
      />
    </div>
  );
}
