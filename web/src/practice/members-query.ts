import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { get } from '../api/client';

export interface Member {
  userId: string;
  displayName: string;
  role: string;
  status: string;
}

export const MEMBERS_KEY = ['practice', 'members'] as const;

export function useMembers(): UseQueryResult<{ members: Member[] }> {
  return useQuery({ queryKey: MEMBERS_KEY, queryFn: () => get<{ members: Member[] }>('/api/practice/members') });
}

/** Workforce names by user id, to show "who" in reports that carry ids only. */
export function namesOf(members: Member[] | undefined): Map<string, string> {
  return new Map((members ?? []).map((m) => [m.userId, m.displayName]));
}
