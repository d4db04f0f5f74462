import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/client';

/**
 * Moves the session to another practice. Every cached answer is reset, not just marked stale: the
 * screen empties at once (no client of the previous practice stays on view while the new answers
 * load) and the session, and whatever screen is shown, are fetched again for the new practice.
 */
export function useChoosePractice(): UseMutationResult<unknown, Error, string> {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (practiceId: string) => api('POST', '/api/session/practice', { practiceId }),
    onSuccess: async () => {
      await qc.resetQueries();
      await navigate('/');
    },
  });
}
