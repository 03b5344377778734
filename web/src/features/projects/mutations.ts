import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call, publicApi } from '../../api/client';
import { keys } from '../../api/keys';
import type { ProjectRole, RequestBody } from '../../api/types';

/** Writes to projects, members and invitations; each refreshes what it changed. */

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects', 'post'>) => call(api.POST('/api/v1/projects', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.projects() }),
  });
}

export function useAddMember(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/members', 'post'>) =>
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

/** Invites an email with a role; the answer carries the one-time link to pass on. */
export function useInvite(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/invitations', 'post'>) =>
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

/**
 * Accepts an invitation as the signed-in account (`api` sends the session's bearer token: the server checks the
 * account's email against the invitation). The page refreshes the project list as it enters the project.
 */
export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (token: string) => call(api.POST('/api/v1/invitations/accept', { body: { token } })),
  });
}

/** Accepts an invitation by creating the invited email's account (signed out: no bearer token). */
export function useAcceptInvitationWithNewAccount() {
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/invitations/accept', 'post'>) =>
      call(publicApi.POST('/api/v1/invitations/accept', { body })),
  });
}
