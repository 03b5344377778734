import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { api, authedFetch, call } from '../../api/client';
import { keys } from '../../api/keys';
import { toApiError } from '../../api/problem';
import type { paths } from '../../api/schema';
import { fileNameFrom } from './export-files';
import { radarKeys } from './keys';

/** Response body (200/201/202) of `method path`. */
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'patch'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer C } } } }
    ? C
    : paths[P][M] extends { responses: { 202: { content: { 'application/json': infer D } } } }
      ? D
      : never;

export type Radar = Ok<'/api/v1/projects/{projectId}/radars', 'get'>['items'][number];
export type Segment = Radar['quadrants'][number];
export type Blip = Ok<'/api/v1/projects/{projectId}/radars/{radarId}/blips', 'get'>['items'][number];
export type Technology = Ok<'/api/v1/projects/{projectId}/technologies', 'get'>['items'][number];
export type HistoryEntry = Ok<
  '/api/v1/projects/{projectId}/technologies/{technologyId}/history',
  'get'
>['items'][number];
export type Relation = Ok<'/api/v1/projects/{projectId}/technologies/{technologyId}/relations', 'get'>['items'][number];
export type Volume = Ok<'/api/v1/projects/{projectId}/radars/{radarId}/volumes', 'get'>['items'][number];
export type VolumeDetail = Ok<'/api/v1/projects/{projectId}/radars/{radarId}/volumes/{volumeId}', 'get'>;
export type Diff = Ok<'/api/v1/projects/{projectId}/radars/{radarId}/diff', 'get'>;
export type Proposal = Ok<'/api/v1/projects/{projectId}/proposals', 'get'>['items'][number];
export type ProposalComment = Ok<
  '/api/v1/projects/{projectId}/proposals/{proposalId}/comments',
  'get'
>['items'][number];
type ImportResponses = paths['/api/v1/projects/{projectId}/radar-imports']['post']['responses'];
export type ImportPreview = ImportResponses[200]['content']['application/json'];
export type ImportAccepted = ImportResponses[202]['content']['application/json'];
export type ImportBody = NonNullable<
  paths['/api/v1/projects/{projectId}/radar-imports']['post']['requestBody']
>['content']['application/json'];
export type ResearchTask = Ok<'/api/v1/projects/{projectId}/research-tasks', 'get'>['items'][number];
export type ServerMovement = Blip['movement'];

export const TECHNOLOGY_STATUSES = [
  'discovery',
  'research',
  'evaluation',
  'implementation',
  'integrated',
  'archived',
] as const;

/** Every page of a cursor-paged list, in order (radars rarely hold more than a few hundred blips). */
async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | null }>,
) {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return items;
}

export function useRadars(projectId: string) {
  return useQuery({
    queryKey: radarKeys.radars(projectId),
    queryFn: () =>
      allPages((cursor) =>
        call(
          api.GET('/api/v1/projects/{projectId}/radars', {
            params: { path: { projectId }, query: { limit: 200, ...(cursor ? { cursor } : {}) } },
          }),
        ),
      ),
  });
}

export function useBlips(projectId: string, radarId: string | undefined) {
  return useQuery({
    enabled: radarId !== undefined,
    queryKey: radarKeys.blips(projectId, radarId ?? ''),
    queryFn: () =>
      allPages((cursor) =>
        call(
          api.GET('/api/v1/projects/{projectId}/radars/{radarId}/blips', {
            params: {
              path: { projectId, radarId: radarId ?? '' },
              query: { limit: 200, ...(cursor ? { cursor } : {}) },
            },
          }),
        ),
      ),
  });
}

/** The project's technologies (optionally those on one radar), for filters by status and tag and for the table. */
export function useTechnologies(projectId: string, radarId: string | undefined) {
  return useQuery({
    queryKey: radarKeys.technologies(projectId, radarId),
    queryFn: () =>
      allPages((cursor) =>
        call(
          api.GET('/api/v1/projects/{projectId}/technologies', {
            params: {
              path: { projectId },
              query: {
                limit: 200,
                sort: 'title',
                order: 'asc',
                ...(radarId ? { radarId } : {}),
                ...(cursor ? { cursor } : {}),
              },
            },
          }),
        ),
      ),
  });
}

export function useVolumes(projectId: string, radarId: string | undefined) {
  return useQuery({
    enabled: radarId !== undefined,
    queryKey: radarKeys.volumes(projectId, radarId ?? ''),
    queryFn: () =>
      allPages((cursor) =>
        call(
          api.GET('/api/v1/projects/{projectId}/radars/{radarId}/volumes', {
            params: {
              path: { projectId, radarId: radarId ?? '' },
              query: { limit: 200, ...(cursor ? { cursor } : {}) },
            },
          }),
        ),
      ),
  });
}

export function useVolume(projectId: string, radarId: string | undefined, volumeId: string | undefined) {
  return useQuery({
    enabled: radarId !== undefined && volumeId !== undefined,
    queryKey: radarKeys.volume(projectId, radarId ?? '', volumeId ?? ''),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/radars/{radarId}/volumes/{volumeId}', {
          params: { path: { projectId, radarId: radarId ?? '', volumeId: volumeId ?? '' } },
        }),
      ),
  });
}

export function useTechnology(projectId: string, technologyId: string) {
  return useQuery({
    queryKey: radarKeys.technology(projectId, technologyId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/technologies/{technologyId}', {
          params: { path: { projectId, technologyId } },
        }),
      ),
  });
}

export function useHistory(projectId: string, technologyId: string) {
  return useQuery({
    queryKey: radarKeys.history(projectId, technologyId),
    queryFn: () =>
      allPages((cursor) =>
        call(
          api.GET('/api/v1/projects/{projectId}/technologies/{technologyId}/history', {
            params: { path: { projectId, technologyId }, query: { limit: 200, ...(cursor ? { cursor } : {}) } },
          }),
        ),
      ),
  });
}

export function useRelations(projectId: string, technologyId: string) {
  return useQuery({
    queryKey: radarKeys.relations(projectId, technologyId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/technologies/{technologyId}/relations', {
          params: { path: { projectId, technologyId } },
        }),
      ),
  });
}

export function useResearchTasks(projectId: string, technologyId: string) {
  return useQuery({
    queryKey: radarKeys.researchTasks(projectId, technologyId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/research-tasks', {
          params: { path: { projectId }, query: { technologyId, limit: 50 } },
        }),
      ),
  });
}

export function useProposals(
  projectId: string,
  filters: { status?: Proposal['status']; technologyId?: string; radarId?: string },
) {
  return useQuery({
    queryKey: radarKeys.proposals(projectId, filters),
    queryFn: () =>
      allPages((cursor) =>
        call(
          api.GET('/api/v1/projects/{projectId}/proposals', {
            params: {
              path: { projectId },
              query: {
                limit: 200,
                ...(filters.status ? { status: filters.status } : {}),
                ...(filters.technologyId ? { technologyId: filters.technologyId } : {}),
                ...(filters.radarId ? { radarId: filters.radarId } : {}),
                ...(cursor ? { cursor } : {}),
              },
            },
          }),
        ),
      ),
  });
}

/** Display names of the project's members, to show `user:<id>` actors as people. */
export function usePeople(projectId: string) {
  const members = useQuery({
    queryKey: [...keys.members(projectId), 'names'],
    queryFn: () =>
      call(api.GET('/api/v1/projects/{projectId}/members', { params: { path: { projectId }, query: { limit: 200 } } })),
    staleTime: 60_000,
  });
  const names = new Map((members.data?.items ?? []).map((member) => [member.userId, member.displayName]));
  /** A person's name for a user id or an actor string (`user:<id>`, `api_key:<id>`). */
  return (idOrActor: string | null | undefined): string => {
    if (idOrActor === null || idOrActor === undefined || idOrActor === '') return 'someone';
    const [kind, id] = idOrActor.includes(':') ? idOrActor.split(':', 2) : ['user', idOrActor];
    if (kind === 'api_key') return 'an API key';
    if (kind === 'system') return 'the system';
    return names.get(id ?? '') ?? 'a former member';
  };
}

/** Technologies whose title or tags match what is typed, for picking a relation's other end. */
export function useTechnologySearch(projectId: string, typed: string, exclude: string) {
  const [q] = useDebouncedValue(typed.trim(), 200);
  return useQuery({
    queryKey: [...radarKeys.all(projectId), 'search', q],
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/technologies', {
          params: { path: { projectId }, query: { limit: 20, sort: 'title', order: 'asc', ...(q ? { q } : {}) } },
        }),
      ),
    select: (page) => page.items.filter((item) => item.id !== exclude),
    placeholderData: (previous) => previous,
  });
}

export function useProposalComments(projectId: string, proposalId: string) {
  return useQuery({
    queryKey: radarKeys.comments(projectId, proposalId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/proposals/{proposalId}/comments', {
          params: { path: { projectId, proposalId }, query: { limit: 200 } },
        }),
      ),
  });
}

/** What changed between two states of a radar (a volume id each, the live radar when empty). */
export function useRadarDiff(projectId: string, radarId: string | undefined, from: string, to: string) {
  return useQuery({
    enabled: radarId !== undefined,
    queryKey: radarKeys.diff(projectId, radarId ?? '', from, to),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/radars/{radarId}/diff', {
          params: {
            path: { projectId, radarId: radarId ?? '' },
            query: { ...(from ? { from } : {}), ...(to ? { to } : {}) },
          },
        }),
      ),
  });
}

export type ShareLink = Ok<'/api/v1/projects/{projectId}/radars/{radarId}/share-links', 'get'>['items'][number];
export type CreatedShareLink = Ok<'/api/v1/projects/{projectId}/radars/{radarId}/share-links', 'post'>;

export function useShareLinks(projectId: string, radarId: string) {
  return useQuery({
    queryKey: radarKeys.shareLinks(projectId, radarId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/radars/{radarId}/share-links', {
          params: { path: { projectId, radarId }, query: { limit: 200 } },
        }),
      ),
  });
}

export type ExportFormat =
  paths['/api/v1/projects/{projectId}/radars/{radarId}/export']['get']['parameters']['query']['format'];

/** A radar (or one of its volumes) exported as a file to save: the body as a blob and the name the server gives it. */
export async function fetchRadarExport(
  projectId: string,
  radarId: string,
  format: ExportFormat,
  volumeId: string | undefined,
) {
  const query = new URLSearchParams({ format, ...(volumeId === undefined ? {} : { volumeId }) });
  const url = `/api/v1/projects/${encodeURIComponent(projectId)}/radars/${encodeURIComponent(radarId)}/export?${query}`;
  const response = await authedFetch(new Request(new URL(url, window.location.origin)));
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw toApiError(body, response);
  }
  const blob = await response.blob();
  return { blob, name: fileNameFrom(response.headers.get('content-disposition'), `radar.${format}`) };
}
