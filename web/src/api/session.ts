import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { api, ApiError } from './client';

export interface Membership {
  practiceId: string;
  practiceName: string;
  role: string;
  status: string;
}

export interface SessionView {
  user: { id: string; displayName: string; isOperatorAdmin: boolean };
  session: { id: string; absoluteExpiresAt: string; idleMinutes: number };
  activePractice: { id: string; role: string | null } | null;
  memberships: Membership[];
  mfa: { enrolled: boolean; required: boolean; verifiedThisSession: boolean };
}

export const SESSION_KEY = ['session'] as const;

/** The signed-in session, or null when nobody is signed in (a 401 is an answer here, not an error). */
export function useSession(): UseQueryResult<SessionView | null> {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        // A 401 here means "not signed in": an answer, not a session that just ended.
        return await api<SessionView>('GET', '/api/session', undefined, { authAttempt: true });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    retry: false,
    staleTime: 30_000,
  });
}

/** True when the session must enrol MFA before anything else. */
export function needsMfaEnrolment(s: SessionView): boolean {
  return s.mfa.required && !s.mfa.enrolled;
}

export function activeRole(s: SessionView): string | null {
  return s.activePractice?.role ?? null;
}
