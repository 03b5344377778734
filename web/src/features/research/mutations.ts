import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { radarKeys } from '../radar/keys';
import { researchKeys } from './keys';
import { invalidateResearch } from './live';
import { predictStatusChange, replaceTask } from './model';
import { type BoardData, uploadAttachment } from './queries';
import type { CreateTaskBody, ProposeBody, ResearchTask, TaskListQuery, TaskStatus, UpdateTaskBody } from './types';

/** The research task writes. Each refreshes every research view when it succeeds; pages add their own messages. */

export function useCreateTask(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTaskBody) =>
      call(api.POST('/api/v1/projects/{projectId}/research-tasks', { params: { path: { projectId } }, body })),
    onSuccess: () => void invalidateResearch(client, projectId),
  });
}

/** PATCH the task; the answer goes straight into the cache, and every research view refreshes. */
export function useUpdateTask(projectId: string, taskId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateTaskBody) =>
      call(
        api.PATCH('/api/v1/projects/{projectId}/research-tasks/{taskId}', {
          params: { path: { projectId, taskId } },
          body,
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData(researchKeys.task(projectId, taskId), updated);
      void invalidateResearch(client, projectId);
    },
  });
}

/** A move on the board: only the status, for any task of the project. */
export interface BoardMove {
  task: ResearchTask;
  status: TaskStatus;
}

/**
 * A board move. The card moves at once in the board's cache and goes back if the server refuses; `onRefused` says why
 * (given here, not at `mutate`, because several moves can be in flight and mutate's callbacks fire for the last only).
 */
export function useMoveOnBoard(
  projectId: string,
  query: TaskListQuery,
  onRefused: (error: Error, move: BoardMove) => void,
) {
  const client = useQueryClient();
  const boardKey = researchKeys.list(projectId, 'board', query);
  return useMutation({
    mutationFn: ({ task, status }: BoardMove) =>
      call(
        api.PATCH('/api/v1/projects/{projectId}/research-tasks/{taskId}', {
          params: { path: { projectId, taskId: task.id } },
          body: { status },
        }),
      ),
    onMutate: async ({ task, status }) => {
      await client.cancelQueries({ queryKey: boardKey });
      const previous = client.getQueryData<BoardData>(boardKey);
      client.setQueryData<BoardData>(boardKey, (board) =>
        board === undefined
          ? board
          : { ...board, items: replaceTask(board.items, predictStatusChange(task, status, new Date())) },
      );
      return { previous };
    },
    onError: (error, move, context) => {
      if (context?.previous !== undefined) client.setQueryData(boardKey, context.previous);
      onRefused(error, move);
    },
    onSuccess: (updated) => {
      client.setQueryData<BoardData>(boardKey, (board) =>
        board === undefined ? board : { ...board, items: replaceTask(board.items, updated) },
      );
      client.setQueryData(researchKeys.task(projectId, updated.id), updated);
    },
    onSettled: () => void invalidateResearch(client, projectId),
  });
}

export function useDeleteTask(projectId: string, taskId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/v1/projects/{projectId}/research-tasks/{taskId}', {
          params: { path: { projectId, taskId } },
        }),
      ),
    onSuccess: () => {
      client.removeQueries({ queryKey: researchKeys.task(projectId, taskId) });
      void invalidateResearch(client, projectId);
    },
  });
}

/** Opens a ring-change proposal on the radar from the task's verdict; the radar's views refresh. */
export function useProposeFromTask(projectId: string, taskId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProposeBody) =>
      call(
        api.POST('/api/v1/projects/{projectId}/research-tasks/{taskId}/propose', {
          params: { path: { projectId, taskId } },
          body,
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: radarKeys.all(projectId) }),
  });
}

export function useUploadAttachment(projectId: string, taskId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadAttachment(projectId, taskId, file),
    onSuccess: () => void invalidateResearch(client, projectId),
  });
}

export function useDeleteAttachment(projectId: string, taskId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (attachmentId: string) =>
      call(
        api.DELETE('/api/v1/projects/{projectId}/research-tasks/{taskId}/attachments/{attachmentId}', {
          params: { path: { projectId, taskId, attachmentId } },
        }),
      ),
    onSuccess: () => invalidateResearch(client, projectId),
  });
}

export function useAddComment(projectId: string, taskId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      call(
        api.POST('/api/v1/projects/{projectId}/research-tasks/{taskId}/comments', {
          params: { path: { projectId, taskId } },
          body: { body },
        }),
      ),
    onSuccess: () => void invalidateResearch(client, projectId),
  });
}

export function useDeleteComment(projectId: string, taskId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (commentId: string) =>
      call(
        api.DELETE('/api/v1/projects/{projectId}/research-tasks/{taskId}/comments/{commentId}', {
          params: { path: { projectId, taskId, commentId } },
        }),
      ),
    onSuccess: () => invalidateResearch(client, projectId),
  });
}
