'use client';

import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { autosaveDraft, type AutosaveResult } from '../actions';

export type KeeperStatus = 'saved' | 'unsaved' | 'saving' | 'offline' | 'local' | 'problem';

export const EDITOR_FIELDS = ['title', 'slug', 'excerpt', 'tags', 'body'] as const;
type Fields = Record<(typeof EDITOR_FIELDS)[number], string>;

interface Backup {
  fields: Fields;
  /** The server version the edits were based on; a backup of an older version is not offered. */
  baseUpdatedAt: string | null;
  savedAt: string;
}

const AUTOSAVE_DELAY_MS = 1500;
const backupKey = (postId: string | undefined) => `folio-draft:${postId ?? 'new'}`;

function readFields(form: HTMLFormElement): Fields {
  const data = new FormData(form);
  return Object.fromEntries(EDITOR_FIELDS.map((name) => [name, String(data.get(name) ?? '')])) as Fields;
}

function readBackup(postId: string | undefined): Backup | null {
  try {
    const raw = localStorage.getItem(backupKey(postId));
    return raw ? (JSON.parse(raw) as Backup) : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the editor's work safe: every change is copied to this device at once (so a reload, a
 * crash or a lost connection loses nothing), saved to the server after a pause for existing
 * posts, retried when the connection returns, and guarded by a leave warning until the server
 * has it. The local copy is dropped only once the server confirmed a save.
 */
export function useDraftKeeper({
  form,
  postId,
  expectedVersion,
  serverFields,
}: {
  form: RefObject<HTMLFormElement | null>;
  postId?: string;
  expectedVersion: RefObject<HTMLInputElement | null>;
  serverFields: Fields;
}) {
  const [status, setStatus] = useState<KeeperStatus>(postId ? 'saved' : 'local');
  const [message, setMessage] = useState<string | null>(null);
  const [restorable, setRestorable] = useState<Backup | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dirty = useRef(false);

  useEffect(() => {
    const backup = readBackup(postId);
    if (!backup) return;
    const differs = EDITOR_FIELDS.some((name) => backup.fields[name] !== serverFields[name]);
    const sameBase = !postId || backup.baseUpdatedAt === expectedVersion.current?.value;
    if (differs && sameBase) setRestorable(backup);
    else if (!differs) localStorage.removeItem(backupKey(postId));
    // Only on mount: later server versions are handled by the save flow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const saveNow = useCallback(async () => {
    if (!form.current || !postId) return;
    const fields = readFields(form.current);
    setStatus('saving');
    let result: AutosaveResult;
    try {
      result = await autosaveDraft({ ...fields, id: postId, updatedAt: expectedVersion.current?.value ?? '' });
    } catch {
      // The request never reached the server: keep the local copy and retry when back online.
      setStatus(navigator.onLine ? 'problem' : 'offline');
      setMessage(navigator.onLine ? 'Could not reach the server; your changes are kept on this device.' : null);
      return;
    }
    if (result.ok) {
      if (expectedVersion.current) expectedVersion.current.value = result.updatedAt;
      // Edits made while this save was in flight are still unsaved.
      if (form.current && EDITOR_FIELDS.some((name) => readFields(form.current!)[name] !== fields[name])) {
        setStatus('unsaved');
        return;
      }
      dirty.current = false;
      localStorage.removeItem(backupKey(postId));
      setStatus('saved');
      setMessage(null);
    } else {
      setStatus('problem');
      setMessage(result.message);
    }
  }, [form, postId, expectedVersion]);

  const onChange = useCallback(() => {
    if (!form.current) return;
    dirty.current = true;
    const backup: Backup = { fields: readFields(form.current), baseUpdatedAt: expectedVersion.current?.value ?? null, savedAt: new Date().toISOString() };
    try {
      localStorage.setItem(backupKey(postId), JSON.stringify(backup));
    } catch {
      // Storage full or disabled: the server save below still runs.
    }
    setRestorable(null);
    if (!postId) {
      setStatus('local');
      return;
    }
    setStatus(navigator.onLine ? 'unsaved' : 'offline');
    if (timer.current) clearTimeout(timer.current);
    if (navigator.onLine) timer.current = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
  }, [form, postId, expectedVersion, saveNow]);

  useEffect(() => {
    const online = () => {
      if (dirty.current) void saveNow();
    };
    const offline = () => {
      if (dirty.current) setStatus('offline');
    };
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (dirty.current) event.preventDefault();
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      window.removeEventListener('beforeunload', beforeUnload);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [saveNow]);

  /** A manual save (or publish) is about to submit: the form's own flow takes over. */
  const onSubmit = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    dirty.current = false;
  }, []);

  /** Called after the server accepted a manual save (the page re-renders with the new version). */
  const forget = useCallback(() => localStorage.removeItem(backupKey(postId)), [postId]);

  return { status, message, restorable, dismissRestore: () => setRestorable(null), onChange, onSubmit, forget };
}

export const STATUS_TEXT: Record<KeeperStatus, string> = {
  saved: 'All changes saved',
  unsaved: 'Unsaved changes…',
  saving: 'Saving…',
  offline: 'Offline — changes kept on this device',
  local: 'Not saved yet — changes kept on this device',
  problem: 'Not saved',
};
