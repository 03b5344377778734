import { type InfiniteData, type QueryClient, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, publicApi } from '../../api/client';
import { keys } from '../../api/keys';
import type { PageOf, Project } from '../../api/types';

/** Projects, their members and invitations. The invitations live under the members key (see api/keys.ts). */

export function useProjectsList() {
  return useInfiniteQuery({
    queryKey: keys.projects(),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/projects', { params: { query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } } }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A project as the cached project list already knows it, so switching projects renders at once. */
function fromProjectList(client: QueryClient, projectId: string | undefined): Project | undefined {
  if (projectId === undefined) return undefined;
  const list = client.getQueryData<InfiniteData<PageOf<Project>>>(keys.projects());
  return list?.pages.flatMap((page) => page.items).find((project) => project.id === projectId);
}

/** One project with the caller's role in it (the shell reads it for every project page). */
export function useProjectQuery(projectId: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    enabled: projectId !== undefined,
    initialData: () => fromProjectList(client, projectId),
    initialDataUpdatedAt: () => client.getQueryState(keys.projects())?.dataUpdatedAt,
    queryKey: keys.project(projectId ?? ''),
    queryFn: () => call(api.GET('/api/v1/projects/{projectId}', { params: { path: { projectId: projectId ?? '' } } })),
  });
}

export function useMembersList(projectId: string) {
  return useInfiniteQuery({
    queryKey: keys.members(projectId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/projects/{projectId}/members', {
          params: { path: { projectId }, query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useInvitations(projectId: string) {
  return useInfiniteQuery({
    queryKey: keys.invitations(projectId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/projects/{projectId}/invitations', {
          params: { path: { projectId }, query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** What an invitation link opens (public: asked without the session, by the token in the body). */
export function useInvitationPreview(token: string) {
  return useQuery({
    enabled: token !== '',
    queryKey: keys.invitationPreview(token),
    queryFn: () => call(publicApi.POST('/api/v1/invitations/preview', { body: { token } })),
    // Once accepted the token answers "not valid": never ask again behind the person's back.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
