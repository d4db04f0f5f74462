/**
 * The one way the app talks to the server: same-origin fetch with the session cookie, the CSRF
 * header on every call, no HTTP cache, and RFC 9457 problems turned into ApiError.
 * Nothing here logs: request and response bodies may hold PHI.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The problem's slug, e.g. "mfa-required" (from type urn:confidant:problem:<slug>). */
    readonly slug: string,
    readonly title: string,
    readonly detail: string | null,
    readonly fieldErrors: FieldError[],
    /** The problem's other members (RFC 9457 extensions), e.g. an import's report. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }

  /** The message for a field of a form ("body/email" -> "email"), if the server named it. */
  fieldMessage(name: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === `body/${name}` || e.field === `query/${name}` || e.field === name)?.message;
  }
}

type Listener = () => void;
const sessionEndedListeners = new Set<Listener>();

/** Called when the server says the session is gone (401 on a call that needed one). */
export function onSessionEnded(listener: Listener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON (a proxy's error page): the status alone has to do
  }
  const type = typeof body.type === 'string' ? body.type : '';
  const slug = type.startsWith('urn:confidant:problem:') ? type.slice('urn:confidant:problem:'.length) : `http-${res.status}`;
  const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]).filter((e) => typeof e?.field === 'string' && typeof e?.message === 'string') : [];
  return new ApiError(res.status, slug, typeof body.title === 'string' ? body.title : res.statusText, typeof body.detail === 'string' ? body.detail : null, errors, body);
}

export interface RequestOptions {
  /** A 401 here is an answer (wrong password), not a lost session. */
  authAttempt?: boolean;
}

export async function request(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'x-confidant-csrf': '1', accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'No connection', 'Confidant could not be reached. Check the connection and try again; nothing you typed was lost.', []);
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && !opts.authAttempt && err.slug === 'unauthorized') for (const l of sessionEndedListeners) l();
    throw err;
  }
  return res;
}

export async function api<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const res = await request(method, path, body, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string): Promise<T> => api<T>('GET', path);

/** Builds a query string from the non-empty values only (ids, codes and dates: never names). */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Downloads a file answer (export, checkpoint) through fetch, so a refusal is shown in words, not as a page. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await request('GET', path);
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    // The file may hold audit data: the object URL is released as soon as the browser took it.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
