import { useInfiniteQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';

const PAGE_SIZE = 50;
/** Every list of accounts, whatever its search, sits under this key. */
export const allUsers = ['admin', 'users'] as const;
const usersKey = (q: string) => [...allUsers, q] as const;

/** The instance's accounts matching `q` (name or email), paged; only instance administrators may read them. */
export function useUsers(q: string, enabled: boolean) {
  return useInfiniteQuery({
    enabled,
    queryKey: usersKey(q),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/admin/users', {
          params: { query: { limit: PAGE_SIZE, ...(q ? { q } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
