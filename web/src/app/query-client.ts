import { QueryClient } from '@tanstack/react-query';

/**
 * One cache for the app, in memory only (no persister): signing out or idle logoff calls
 * queryClient.clear(), and a reload starts empty.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, gcTime: 5 * 60_000 },
    mutations: { retry: false },
  },
});
