import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { ProjectRole } from '../../api/types';

/** A project's members and their writes. The invitations live under the members key (see api/keys.ts). */

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

export function useAddMember(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: ProjectRole }) =>
      call(api.POST('/api/v1/projects/{projectId}/members', { params: { path: { projectId } }, body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.members(projectId) }),
  });
}

/** Changes a member's role; one's own change also refreshes the project (the role shown and what it allows). */
export function useChangeMemberRole(projectId: string, userId: string, isMe: boolean) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (role: ProjectRole) =>
      call(
        api.PATCH('/api/v1/projects/{projectId}/members/{userId}', {
          params: { path: { projectId, userId } },
          body: { role },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.members(projectId) });
      if (isMe) void client.invalidateQueries({ queryKey: keys.project(projectId) });
    },
  });
}

/** Removes a member; leaving oneself forgets the project's cached queries instead (they are no longer readable). */
export function useRemoveMember(projectId: string, userId: string, isMe: boolean) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/v1/projects/{projectId}/members/{userId}', {
          params: { path: { projectId, userId } },
        }),
      ),
    onSuccess: async () => {
      if (!isMe) return client.invalidateQueries({ queryKey: keys.members(projectId) });
      await client.invalidateQueries({ queryKey: keys.projects() });
      client.removeQueries({ queryKey: ['project', projectId] });
    },
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

/** Invites an email with a role; the answer carries the one-time link to pass on. */
export function useInvite(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: ProjectRole; expiresInDays: number }) =>
      call(api.POST('/api/v1/projects/{projectId}/invitations', { params: { path: { projectId } }, body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.invitations(projectId) }),
  });
}

export function useWithdrawInvitation(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      call(
        api.DELETE('/api/v1/projects/{projectId}/invitations/{invitationId}', {
          params: { path: { projectId, invitationId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.invitations(projectId) }),
  });
}
