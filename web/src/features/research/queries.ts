import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, authedFetch, call } from '../../api/client';
import { keys } from '../../api/keys';
import { networkError, toApiError } from '../../api/problem';
import { researchKeys } from './keys';
import type { ResearchTask, TaskListQuery } from './types';

const TABLE_PAGE = 50;
/** The board shows every matching task; beyond this many it says so instead of loading on and on. */
export const BOARD_LIMIT = 1000;
const BOARD_PAGE = 200;

/** Every task the board shows (up to BOARD_LIMIT), and whether there were more. */
export interface BoardData {
  items: ResearchTask[];
  truncated: boolean;
}

export function useBoardTasks(projectId: string, query: TaskListQuery) {
  return useQuery<BoardData>({
    queryKey: researchKeys.list(projectId, 'board', query),
    queryFn: async () => {
      const items = [];
      let cursor: string | undefined;
      let truncated = false;
      do {
        const page = await call(
          api.GET('/api/v1/projects/{projectId}/research-tasks', {
            params: { path: { projectId }, query: { ...query, limit: BOARD_PAGE, ...(cursor ? { cursor } : {}) } },
          }),
        );
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        truncated = cursor !== undefined && items.length >= BOARD_LIMIT;
      } while (cursor !== undefined && !truncated);
      return { items, truncated };
    },
  });
}

export function useTaskTable(projectId: string, query: TaskListQuery) {
  return useInfiniteQuery({
    queryKey: researchKeys.list(projectId, 'table', query),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/projects/{projectId}/research-tasks', {
          params: {
            path: { projectId },
            query: { ...query, limit: TABLE_PAGE, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useTaskStats(projectId: string) {
  return useQuery({
    queryKey: researchKeys.stats(projectId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/research-tasks/stats', {
          params: { path: { projectId }, query: { days: 7, top: 3 } },
        }),
      ),
  });
}

export function useTask(projectId: string, taskId: string) {
  return useQuery({
    queryKey: researchKeys.task(projectId, taskId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/research-tasks/{taskId}', {
          params: { path: { projectId, taskId } },
        }),
      ),
  });
}

export function useTaskComments(projectId: string, taskId: string) {
  return useInfiniteQuery({
    queryKey: researchKeys.comments(projectId, taskId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/projects/{projectId}/research-tasks/{taskId}/comments', {
          params: { path: { projectId, taskId }, query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useTaskAttachments(projectId: string, taskId: string) {
  return useInfiniteQuery({
    queryKey: researchKeys.attachments(projectId, taskId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/projects/{projectId}/research-tasks/{taskId}/attachments', {
          params: { path: { projectId, taskId }, query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Project members for the assignee pickers and for showing ids as names (under the members key, so member events refresh it). */
export function useMembers(projectId: string) {
  const members = useQuery({
    queryKey: [...keys.members(projectId), 'research-options'],
    queryFn: () =>
      call(api.GET('/api/v1/projects/{projectId}/members', { params: { path: { projectId }, query: { limit: 200 } } })),
    staleTime: 60_000,
  });
  const items = members.data?.items ?? [];
  const nameOf = (userId: string | null | undefined): string => {
    if (userId === null || userId === undefined) return 'Unassigned';
    return items.find((member) => member.userId === userId)?.displayName ?? 'A former member';
  };
  return {
    query: members,
    options: items.map((member) => ({ value: member.userId, label: member.displayName })),
    nameOf,
  };
}

function contentUrl(projectId: string, taskId: string, attachmentId?: string): string {
  const base = `/api/v1/projects/${projectId}/research-tasks/${taskId}/attachments`;
  return new URL(attachmentId === undefined ? base : `${base}/${attachmentId}/content`, window.location.origin).href;
}

/**
 * Uploads one file as multipart/form-data. The typed client has no body type for this route (it reads a stream), so
 * the request is built by hand, still through authedFetch for the token and its one refresh.
 */
export async function uploadAttachment(projectId: string, taskId: string, file: File): Promise<void> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await authedFetch(new Request(contentUrl(projectId, taskId), { method: 'POST', body: form }));
  } catch (error) {
    throw networkError(error);
  }
  if (!response.ok) throw toApiError(await response.json().catch(() => undefined), response);
}

/**
 * Downloads an attachment. The API wants the bearer token, which a plain link cannot carry, so the bytes are fetched
 * and handed to the browser as an object URL under the stored file name.
 */
export async function downloadAttachment(
  projectId: string,
  taskId: string,
  attachment: { id: string; filename: string },
): Promise<void> {
  let response: Response;
  try {
    response = await authedFetch(new Request(contentUrl(projectId, taskId, attachment.id)));
  } catch (error) {
    throw networkError(error);
  }
  if (!response.ok) throw toApiError(await response.json().catch(() => undefined), response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the URL once the click ran; keep it a moment for slow download managers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
