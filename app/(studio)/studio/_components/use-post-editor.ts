'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fieldErrorsOf, postInputSchema, type PostFieldErrors } from '@/lib/post-schema';
import type { StudioPost } from '@/lib/posts';
import { latestPostVersion, saveFromEditor, type EditorRequest, type EditorSaveResult } from '../actions';
import { EDITOR_FIELDS, fieldsEqual, fieldsOf, TEXT_FIELDS, type EditorFields } from './editor-fields';

export type SaveIntent = EditorRequest['intent'];
export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'offline' | 'local' | 'invalid' | 'conflict' | 'problem';

export const STATUS_TEXT: Record<SaveStatus, string> = {
  saved: 'All changes saved',
  unsaved: 'Unsaved changes…',
  saving: 'Saving…',
  offline: 'Offline — changes kept on this device',
  local: 'Not saved yet — changes kept on this device',
  invalid: 'Not saved — fix the highlighted fields',
  conflict: 'Not saved — this post was changed elsewhere',
  problem: 'Not saved — changes kept on this device',
};

/** A copy of the editor's fields kept on this device until the server holds exactly them. */
export interface LocalCopy {
  fields: EditorFields;
  /** The server version the edits were made on; restoring keeps it, so a moved-on server is a conflict. */
  baseVersion: string | null;
  savedAt: string;
}

/** What this editor knows the server holds: the version, and the form fields that produced it. */
interface Base {
  version: string;
  fields: EditorFields;
}

export interface Conflict {
  theirs: StudioPost;
  /** What the author was doing when the conflict was found: "Keep mine" finishes it. */
  intent: SaveIntent;
}

export interface EditorMessage {
  tone: 'ok' | 'error';
  text: string;
}

const AUTOSAVE_DELAY_MS = 1500;
const copyKey = (postId: string | undefined) => `folio-draft:${postId ?? 'new'}`;

/**
 * A copy kept on this device; one written before covers existed has no cover fields and takes the
 * cover the editor opened with (`current`), so restoring it never removes a cover unseen.
 */
function readCopy(postId: string | undefined, current: EditorFields): LocalCopy | null {
  try {
    const raw = localStorage.getItem(copyKey(postId));
    const copy = raw ? (JSON.parse(raw) as Partial<LocalCopy>) : null;
    if (!copy?.fields || TEXT_FIELDS.some((name) => typeof copy.fields?.[name] !== 'string')) return null;
    const legacy = typeof copy.fields.coverImage !== 'string';
    const fields = {
      ...copy.fields,
      coverImage: legacy ? current.coverImage : String(copy.fields.coverImage),
      coverAlt: legacy ? current.coverAlt : String(copy.fields.coverAlt ?? ''),
    };
    return { fields, baseVersion: copy.baseVersion ?? null, savedAt: String(copy.savedAt ?? '') };
  } catch {
    return null;
  }
}

function writeCopy(postId: string | undefined, copy: LocalCopy): void {
  try {
    localStorage.setItem(copyKey(postId), JSON.stringify(copy));
  } catch {
    // Storage full (a huge paste) or disabled: the server save still runs.
  }
}

function dropCopy(postId: string | undefined): void {
  try {
    localStorage.removeItem(copyKey(postId));
  } catch {
    // Storage disabled: nothing was kept.
  }
}

/** Client-side check with the schema the server uses, so an over-long paste is never sent. */
function validate(fields: EditorFields): PostFieldErrors {
  const parsed = postInputSchema.safeParse(fields);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

/**
 * The editor's one model of "what the server has". Every save — autosave, Save draft, Publish,
 * Update live post, Keep mine — runs through one queue and answers with the server's new
 * version, which becomes the base of the next save; so a tab never conflicts with itself, while
 * a change made elsewhere (another tab, device or an editor) is still refused and offered for
 * comparison. The device copy is dropped only when a save held exactly the fields in the form.
 */
export function usePostEditor(post: StudioPost | undefined, savedMessage?: string) {
  const router = useRouter();
  const pathname = usePathname();
  const postId = post?.id;
  const [fields, setFields] = useState<EditorFields>(() => fieldsOf(post));
  const [status, setStatus] = useState<SaveStatus>(post ? 'saved' : 'local');
  const [errors, setErrors] = useState<PostFieldErrors>({});
  // One place reports saves: a message carried over from creating the post is shown here too.
  const [message, setMessage] = useState<EditorMessage | null>(savedMessage ? { tone: 'ok', text: savedMessage } : null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [restorable, setRestorable] = useState<LocalCopy | null>(null);
  const [pending, setPending] = useState(false);

  const fieldsRef = useRef(fields);
  const baseRef = useRef<Base | null>(post ? { version: post.version, fields: fieldsOf(post) } : null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const displayStatus = useRef(post?.displayStatus);
  // eslint-disable-next-line react-hooks/refs -- the latest status for callbacks that outlive this render; set during render so it is current before any of them runs
  displayStatus.current = post?.displayStatus;

  const isDirty = useCallback(() => {
    const base = baseRef.current;
    return base ? !fieldsEqual(fieldsRef.current, base.fields) : EDITOR_FIELDS.some((name) => fieldsRef.current[name] !== '');
  }, []);

  const applyFields = useCallback((next: EditorFields) => {
    fieldsRef.current = next;
    setFields(next);
  }, []);

  const runSave = useCallback(
    async (intent: SaveIntent) => {
      if (intent === 'autosave' && (!postId || !isDirty() || !navigator.onLine)) return;
      const sent = fieldsRef.current;
      const problems = validate(sent);
      if (Object.keys(problems).length > 0) {
        setErrors(problems);
        setStatus('invalid');
        if (intent !== 'autosave') setMessage({ tone: 'error', text: 'Not saved: check the highlighted fields.' });
        return;
      }
      setStatus('saving');
      setPending(intent !== 'autosave');
      // A message about an earlier save must not stand for this one while it runs.
      if (intent !== 'autosave') setMessage(null);
      let result: EditorSaveResult;
      try {
        result = await saveFromEditor({ id: postId, baseVersion: baseRef.current?.version, intent, fields: sent });
      } catch {
        // The request never got an answer (offline, server down): the device copy stays.
        setPending(false);
        setStatus(navigator.onLine ? 'problem' : 'offline');
        if (navigator.onLine)
          setMessage({ tone: 'error', text: 'Could not reach the server. Your changes are kept on this device; saving again when you edit or reconnect.' });
        return;
      }
      setPending(false);
      if (!result.ok) {
        if (result.reason === 'conflict' && result.conflict) {
          setConflict({ theirs: result.conflict, intent });
          setStatus('conflict');
        } else {
          setStatus(result.reason === 'invalid' ? 'invalid' : 'problem');
        }
        if (result.fieldErrors) setErrors(result.fieldErrors);
        setMessage({ tone: 'error', text: result.message });
        return;
      }
      const saved = result.post;
      baseRef.current = { version: saved.version, fields: sent };
      const caughtUp = fieldsEqual(fieldsRef.current, sent);
      if (!postId) {
        // First save of a new post: its page takes over, with any edits made meanwhile offered there.
        dropCopy(undefined);
        if (!caughtUp) writeCopy(saved.id, { fields: fieldsRef.current, baseVersion: saved.version, savedAt: new Date().toISOString() });
        router.replace(`/studio/posts/${saved.id}?saved=${intent === 'publish' ? 'published' : intent === 'review' ? 'review' : 'draft'}`);
        return;
      }
      if (caughtUp) {
        dropCopy(postId);
        setStatus('saved');
      } else {
        // Typed while the save was in flight: the copy now builds on the version just saved.
        writeCopy(postId, { fields: fieldsRef.current, baseVersion: saved.version, savedAt: new Date().toISOString() });
        setStatus('unsaved');
        if (timer.current) clearTimeout(timer.current);
        // eslint-disable-next-line react-hooks/immutability -- `save` is declared below; runSave only calls it from a timer, once it exists
        timer.current = setTimeout(() => void save('autosave'), AUTOSAVE_DELAY_MS);
      }
      setErrors({});
      setMessage(result.message ? { tone: 'ok', text: result.message } : null);
      // The page around the editor (status badge, preview link, buttons) follows the new state;
      // the editor keeps its own state across the refresh.
      // usePathname() is typed `string | null` since pages/500.tsx made this a hybrid app; in the App Router it is always a string.
      if (intent !== 'autosave') router.replace(pathname ?? window.location.pathname, { scroll: false });
      else if (saved.displayStatus !== displayStatus.current) router.refresh();
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `save` is declared below and stable; listing it would recreate runSave on every render
    [postId, isDirty, router, pathname],
  );

  /** Saves run one after another, each on the version the previous one returned. */
  const save = useCallback(
    (intent: SaveIntent) => {
      if (intent !== 'autosave' && timer.current) clearTimeout(timer.current);
      const next = queue.current.then(() => runSave(intent));
      queue.current = next.catch(() => undefined);
      return next;
    },
    [runSave],
  );

  const edit = useCallback(
    (patch: Partial<EditorFields>) => {
      const next = { ...fieldsRef.current, ...patch };
      applyFields(next);
      setRestorable(null);
      setErrors((shown) => {
        if (Object.keys(shown).length === 0) return shown;
        const now = validate(next);
        const kept: PostFieldErrors = {};
        for (const name of Object.keys(shown) as (keyof PostFieldErrors)[]) {
          // A server-only finding (the slug is taken) stands until that field changes.
          const message = now[name] ?? (name === 'slug' && !('slug' in patch) ? shown[name] : undefined);
          if (message) kept[name] = message;
        }
        return kept;
      });
      if (!isDirty()) {
        dropCopy(postId);
        if (postId && status !== 'conflict') setStatus('saved');
        return;
      }
      writeCopy(postId, { fields: next, baseVersion: baseRef.current?.version ?? null, savedAt: new Date().toISOString() });
      if (!postId) {
        setStatus('local');
        return;
      }
      if (conflict) return;
      setStatus(navigator.onLine ? 'unsaved' : 'offline');
      if (timer.current) clearTimeout(timer.current);
      if (navigator.onLine) timer.current = setTimeout(() => void save('autosave'), AUTOSAVE_DELAY_MS);
    },
    [applyFields, isDirty, postId, status, conflict, save],
  );

  // On load: offer the device copy when it differs from what the server sent.
  useEffect(() => {
    const copy = readCopy(postId, fieldsRef.current);
    if (!copy) return;
    if (fieldsEqual(copy.fields, fieldsRef.current)) dropCopy(postId);
    else setRestorable(copy);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on mount: later server versions arrive through saves
  }, []);

  const restore = useCallback(() => {
    if (!restorable) return;
    // Keep the copy's base: if the server moved on since, the next save shows both versions.
    if (postId && restorable.baseVersion && baseRef.current) baseRef.current = { ...baseRef.current, version: restorable.baseVersion };
    setRestorable(null);
    edit(restorable.fields);
  }, [restorable, postId, edit]);

  const discardRestore = useCallback(() => {
    dropCopy(postId);
    setRestorable(null);
  }, [postId]);

  const keepMine = useCallback(() => {
    if (!conflict) return;
    // The author has seen the other version and chose theirs over it: save on top of it.
    baseRef.current = { version: conflict.theirs.version, fields: fieldsOf(conflict.theirs) };
    setConflict(null);
    void save(conflict.intent === 'autosave' ? 'draft' : conflict.intent);
  }, [conflict, save]);

  const takeTheirs = useCallback(() => {
    if (!conflict) return;
    const theirs = fieldsOf(conflict.theirs);
    baseRef.current = { version: conflict.theirs.version, fields: theirs };
    applyFields(theirs);
    dropCopy(postId);
    setConflict(null);
    setErrors({});
    setStatus('saved');
    setMessage({ tone: 'ok', text: 'Showing the version saved elsewhere.' });
    router.refresh();
  }, [conflict, applyFields, postId, router]);

  // A server version this editor has not seen (the page re-rendered after another tab saved):
  // follow it while there are no unsaved edits; with edits, the next save reports the conflict.
  useEffect(() => {
    if (!post || !baseRef.current || post.version === baseRef.current.version || isDirty()) return;
    const theirs = fieldsOf(post);
    baseRef.current = { version: post.version, fields: theirs };
    applyFields(theirs);
  }, [post, isDirty, applyFields]);

  useEffect(() => {
    const online = () => {
      if (isDirty()) void save('autosave');
    };
    const offline = () => {
      if (isDirty()) setStatus('offline');
    };
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (isDirty()) event.preventDefault();
    };
    // Coming back to an idle tab: pick up what another tab or device saved meanwhile.
    const visible = () => {
      if (document.visibilityState === 'hidden' || !postId || isDirty()) return;
      void latestPostVersion(postId).then(
        (latest) => {
          if (!latest || !baseRef.current || latest.version === baseRef.current.version || isDirty()) return;
          baseRef.current = { version: latest.version, fields: fieldsOf(latest) };
          applyFields(fieldsOf(latest));
          router.refresh();
        },
        () => undefined,
      );
    };
    const shortcut = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save('draft');
      }
    };
    // One signal removes every listener when the effect is cleaned up.
    const listening = new AbortController();
    const { signal } = listening;
    window.addEventListener('online', online, { signal });
    window.addEventListener('offline', offline, { signal });
    window.addEventListener('beforeunload', beforeUnload, { signal });
    window.addEventListener('keydown', shortcut, { signal });
    document.addEventListener('visibilitychange', visible, { signal });
    window.addEventListener('focus', visible, { signal });
    return () => listening.abort();
  }, [isDirty, save, postId, applyFields, router]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { fields, edit, save, status, errors, message, conflict, keepMine, takeTheirs, restorable, restore, discardRestore, pending };
}
