/**
 * The session cookie. Browsers accept a `__Host-` cookie only with Secure, and a Secure cookie only
 * over https; so the prefixed name is used whenever the app is reached over TLS (its own or a
 * declared TLS proxy), and plain-HTTP development (http://127.0.0.1) uses an unprefixed name. Both
 * are HttpOnly, SameSite=Strict, Path=/, with no Domain.
 */
export const SECURE_SESSION_COOKIE = '__Host-confidant_session';
export const DEV_SESSION_COOKIE = 'confidant_session';

export interface SessionCookieSettings {
  name: string;
  secure: boolean;
}

export function sessionCookieSettings(servedOverTls: boolean): SessionCookieSettings {
  return servedOverTls ? { name: SECURE_SESSION_COOKIE, secure: true } : { name: DEV_SESSION_COOKIE, secure: false };
}

export function sessionCookieOptions(settings: SessionCookieSettings): { path: string; httpOnly: true; sameSite: 'strict'; secure: boolean } {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure: settings.secure };
}
