import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, get } from '../api/client';
import { plainMessage } from '../api/problems';
import { sameContent, type Note, type NoteContent } from './note-api';

/** How long the clinician pauses typing before the text is saved as a new version. */
export const AUTOSAVE_DELAY_MS = 3000;

export type SaveState =
  | { kind: 'unchanged' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; version: number; at: string }
  | { kind: 'failed'; reason: string }
  /** Someone (another tab, another device) saved a newer version: this text was not saved over it. */
  | { kind: 'conflict' }
  /** The note was signed meanwhile: it takes no more versions. */
  | { kind: 'locked' };

export interface Autosave {
  content: NoteContent;
  extras: Record<string, unknown>;
  setSection(key: string, text: string): void;
  setExtra(key: string, value: unknown): void;
  /** The version the text on screen was last saved as (the base of the next save). */
  version: number;
  state: SaveState;
  dirty: boolean;
  /** Saves now if anything changed; resolves with the version the screen's text is saved as, or null. */
  saveNow(): Promise<number | null>;
  /** After a conflict: the text on screen becomes the newest version (the other save stays in the history). */
  saveOverLatest(): Promise<number | null>;
}

/**
 * The draft editor's saving rule. Every save is a version on the server and names the version it
 * was based on; a stale base is refused (409), so this never overwrites another tab's save on its
 * own: it stops, keeps the text on screen and lets the clinician choose. The text lives only in
 * React state (never browser storage); leaving the page with unsaved text asks first.
 */
export function useAutosave(opts: { url: string; note: Note; initialExtras: Record<string, unknown>; onSaved(note: Note): void; delayMs?: number }): Autosave {
  const { url, note, onSaved } = opts;
  const delay = opts.delayMs ?? AUTOSAVE_DELAY_MS;
  const [content, setContent] = useState<NoteContent>(note.content);
  const [extras, setExtras] = useState<Record<string, unknown>>(opts.initialExtras);
  const [version, setVersion] = useState(note.version);
  const [state, setState] = useState<SaveState>({ kind: 'unchanged' });
  // What the server holds as `version`: the editor's baseline for "changed?".
  const saved = useRef({ content: note.content, extras: opts.initialExtras, version: note.version });
  const current = useRef({ content, extras });
  current.current = { content, extras };
  const inFlight = useRef<Promise<number | null> | null>(null);
  const stopped = useRef(false);
  const [tick, setTick] = useState(0);

  const isDirty = (): boolean => !sameContent(current.current.content, saved.current.content) || JSON.stringify(current.current.extras) !== JSON.stringify(saved.current.extras);
  const dirty = !sameContent(content, saved.current.content) || JSON.stringify(extras) !== JSON.stringify(saved.current.extras);

  const put = useCallback(
    async (base: number): Promise<number | null> => {
      const snapshot = current.current;
      setState({ kind: 'saving' });
      try {
        const n = await api<Note>('PUT', url, { baseVersion: base, content: snapshot.content, ...snapshot.extras });
        saved.current = { content: snapshot.content, extras: snapshot.extras, version: n.version };
        setVersion(n.version);
        setState({ kind: 'saved', version: n.version, at: n.updatedAt });
        onSaved(n);
        // Text typed while this save was on its way is saved after the next pause.
        setTick((t) => t + 1);
        return n.version;
      } catch (err) {
        if (err instanceof ApiError && err.slug === 'version-conflict') {
          stopped.current = true;
          setState({ kind: 'conflict' });
        } else if (err instanceof ApiError && err.slug === 'document-locked') {
          stopped.current = true;
          setState({ kind: 'locked' });
        } else {
          setState({ kind: 'failed', reason: plainMessage(err) });
        }
        return null;
      }
    },
    [url, onSaved],
  );

  const saveNow = useCallback(async (): Promise<number | null> => {
    if (inFlight.current) await inFlight.current;
    if (!isDirty()) return saved.current.version;
    if (stopped.current) return null;
    const p = put(saved.current.version);
    inFlight.current = p;
    try {
      return await p;
    } finally {
      inFlight.current = null;
    }
  }, [put]);

  const saveOverLatest = useCallback(async (): Promise<number | null> => {
    if (inFlight.current) await inFlight.current;
    let latest: Note;
    try {
      latest = await get<Note>(url);
    } catch (err) {
      setState({ kind: 'failed', reason: plainMessage(err) });
      return null;
    }
    if (latest.status === 'signed') {
      setState({ kind: 'locked' });
      return null;
    }
    stopped.current = false;
    const p = put(latest.version);
    inFlight.current = p;
    try {
      return await p;
    } finally {
      inFlight.current = null;
    }
  }, [put, url]);

  // Save after a pause in typing; every keystroke restarts the wait.
  useEffect(() => {
    if (!isDirty() || stopped.current) return;
    setState((s) => (s.kind === 'failed' || s.kind === 'saving' ? s : { kind: 'pending' }));
    const timer = setTimeout(() => void saveNow(), delay);
    return () => clearTimeout(timer);
  }, [content, extras, tick, delay, saveNow]);

  // Leaving the note inside the app (another tab of the chart, a link) saves what is on screen
  // instead of dropping it; a page unload does not run this, the beforeunload prompt covers that.
  const latestSave = useRef(saveNow);
  latestSave.current = saveNow;
  useEffect(() => () => void latestSave.current(), []);

  // Closing the tab or reloading with unsaved text: the browser asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent): void => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  return {
    content,
    extras,
    setSection: (key, text) => setContent((c) => ({ ...c, [key]: text })),
    setExtra: (key, value) => setExtras((x) => ({ ...x, [key]: value })),
    version,
    state,
    dirty,
    saveNow,
    saveOverLatest,
  };
}
