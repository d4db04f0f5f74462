/**
 * CSRF defence for cookie-authenticated state changes: the request must carry the custom header
 * (a cross-site form or simple request cannot set it without a CORS preflight, which we refuse), and
 * an Origin header, when present, must be one of ours.
 */
export const CSRF_HEADER = 'x-confidant-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function csrfFailure(headers: Record<string, string | string[] | undefined>, allowedOrigins: ReadonlySet<string>, ownOrigin: string | null): string | null {
  if (headers[CSRF_HEADER] === undefined) return `Send the ${CSRF_HEADER} header with every change.`;
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    if (origin !== ownOrigin && !allowedOrigins.has(origin)) return 'The request came from an origin this installation does not serve.';
  } else if (origin === 'null') {
    return 'The request came from an opaque origin.';
  }
  return null;
}
