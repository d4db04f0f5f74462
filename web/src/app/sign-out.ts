import { request } from '../api/client';
import { queryClient } from './query-client';

export type SignOutReason = 'user' | 'idle' | 'ended';

/**
 * Leaves nothing of the session in the browser: the query cache is dropped, both storages and any
 * Cache Storage are emptied (the app writes none, this is a guard), and the page is replaced by a
 * fresh load of the sign-in screen, so no DOM node or in-memory state of the session survives.
 */
export async function wipeClientState(): Promise<void> {
  queryClient.clear();
  try {
    window.localStorage.clear();
    window.sessionStorage.clear();
  } catch {
    // storage disabled by the browser: nothing to clear
  }
  if ('caches' in window) {
    try {
      for (const key of await caches.keys()) await caches.delete(key);
    } catch {
      // Cache Storage unavailable on plain HTTP origins other than localhost
    }
  }
}

export async function signOut(reason: SignOutReason): Promise<void> {
  if (reason !== 'ended') {
    try {
      await request('POST', '/api/auth/logout', undefined, { authAttempt: true });
    } catch {
      // Already ended on the server (idle there too): the local wipe below still happens.
    }
  }
  await wipeClientState();
  window.location.replace(`/login?signedOut=${reason}`);
}
