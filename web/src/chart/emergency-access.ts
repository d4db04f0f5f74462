/**
 * Emergency (break-glass) access opened in this tab, by client id: the id and the end time only,
 * never PHI. Kept in sessionStorage so a reload still labels the chart; sign-out wipes it
 * (wipeClientState), and an entry past its end is dropped on read.
 */
const PREFIX = 'cf-emergency:';

export function rememberEmergencyAccess(clientId: string, expiresAt: string): void {
  try {
    window.sessionStorage.setItem(PREFIX + clientId, expiresAt);
  } catch {
    // storage disabled: the label lasts until the next reload only (the server still decides access)
  }
}

/** The end of this tab's open emergency access to the client, or null. */
export function emergencyAccessUntil(clientId: string, now: number = Date.now()): string | null {
  try {
    const until = window.sessionStorage.getItem(PREFIX + clientId);
    if (!until) return null;
    if (Date.parse(until) > now) return until;
    window.sessionStorage.removeItem(PREFIX + clientId);
  } catch {
    // storage disabled
  }
  return null;
}
