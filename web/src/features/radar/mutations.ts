import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { RequestBody } from '../../api/types';
import { radarKeys } from './keys';
import type { ImportAccepted, ImportBody, ImportPreview } from './queries';
import type { TechnologyCreateBody, TechnologyUpdateBody } from './technology-form';

/**
 * The radar's writes. Each refreshes the radar's views (one key prefix) when it succeeds; pages add their own
 * messages and navigation.
 */

function useRadarRefresh(projectId: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: radarKeys.all(projectId) });
}

export function useCreateTechnology(projectId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: (body: TechnologyCreateBody) =>
      call(api.POST('/api/v1/projects/{projectId}/technologies', { params: { path: { projectId } }, body })),
    onSuccess: () => void refresh(),
  });
}

export function useUpdateTechnology(projectId: string, technologyId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: (body: TechnologyUpdateBody) =>
      call(
        api.PATCH('/api/v1/projects/{projectId}/technologies/{technologyId}', {
          params: { path: { projectId, technologyId } },
          body,
        }),
      ),
    onSuccess: () => void refresh(),
  });
}

export function useDeleteTechnology(projectId: string, technologyId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/v1/projects/{projectId}/technologies/{technologyId}', {
          params: { path: { projectId, technologyId } },
        }),
      ),
    onSuccess: () => refresh(),
  });
}

export function useAddRelation(projectId: string, technologyId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/technologies/{technologyId}/relations', 'post'>) =>
      call(
        api.POST('/api/v1/projects/{projectId}/technologies/{technologyId}/relations', {
          params: { path: { projectId, technologyId } },
          body,
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: radarKeys.relations(projectId, technologyId) }),
  });
}

export function useRemoveRelation(projectId: string, technologyId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: (relationId: string) =>
      call(
        api.DELETE('/api/v1/projects/{projectId}/technologies/{technologyId}/relations/{relationId}', {
          params: { path: { projectId, technologyId, relationId } },
        }),
      ),
    onSuccess: () => void refresh(),
  });
}

export function useCreateRadar(projectId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/radars', 'post'>) =>
      call(api.POST('/api/v1/projects/{projectId}/radars', { params: { path: { projectId } }, body })),
    onSuccess: () => void refresh(),
  });
}

/** Saves a radar's name, description, quadrants and rings in one PATCH. */
export function useUpdateRadar(projectId: string, radarId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/radars/{radarId}', 'patch'>) =>
      call(
        api.PATCH('/api/v1/projects/{projectId}/radars/{radarId}', { params: { path: { projectId, radarId } }, body }),
      ),
    onSuccess: () => void refresh(),
  });
}

export function useDeleteRadar(projectId: string, radarId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: () =>
      call(api.DELETE('/api/v1/projects/{projectId}/radars/{radarId}', { params: { path: { projectId, radarId } } })),
    onSuccess: () => refresh(),
  });
}

export function usePublishVolume(projectId: string, radarId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/radars/{radarId}/volumes', 'post'>) =>
      call(
        api.POST('/api/v1/projects/{projectId}/radars/{radarId}/volumes', {
          params: { path: { projectId, radarId } },
          body,
        }),
      ),
    onSuccess: () => void refresh(),
  });
}

/** Moves a blip at once (members and up; a ring change needs a rationale). */
export function useMoveBlip(projectId: string, radarId: string, blipId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/radars/{radarId}/blips/{blipId}/move', 'post'>) =>
      call(
        api.POST('/api/v1/projects/{projectId}/radars/{radarId}/blips/{blipId}/move', {
          params: { path: { projectId, radarId, blipId } },
          body,
        }),
      ),
    onSuccess: () => void refresh(),
  });
}

/** Proposes a blip's move for an admin to decide. */
export function useProposeMove(projectId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/proposals', 'post'>) =>
      call(api.POST('/api/v1/projects/{projectId}/proposals', { params: { path: { projectId } }, body })),
    onSuccess: () => void refresh(),
  });
}

export function useDecideProposal(projectId: string, proposalId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/proposals/{proposalId}/decision', 'post'>) =>
      call(
        api.POST('/api/v1/projects/{projectId}/proposals/{proposalId}/decision', {
          params: { path: { projectId, proposalId } },
          body,
        }),
      ),
    onSuccess: () => void refresh(),
  });
}

export function useWithdrawProposal(projectId: string, proposalId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/projects/{projectId}/proposals/{proposalId}/withdraw', {
          params: { path: { projectId, proposalId } },
        }),
      ),
    onSuccess: () => void refresh(),
  });
}

export function useCommentProposal(projectId: string, proposalId: string) {
  const refresh = useRadarRefresh(projectId);
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/proposals/{proposalId}/comments', 'post'>) =>
      call(
        api.POST('/api/v1/projects/{projectId}/proposals/{proposalId}/comments', {
          params: { path: { projectId, proposalId } },
          body,
        }),
      ),
    onSuccess: () => void refresh(),
  });
}

export function useCreateShareLink(projectId: string, radarId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<'/api/v1/projects/{projectId}/radars/{radarId}/share-links', 'post'>) =>
      call(
        api.POST('/api/v1/projects/{projectId}/radars/{radarId}/share-links', {
          params: { path: { projectId, radarId } },
          body,
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: radarKeys.shareLinks(projectId, radarId) }),
  });
}

export function useRevokeShareLink(projectId: string, radarId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) =>
      call(
        api.DELETE('/api/v1/projects/{projectId}/radars/{radarId}/share-links/{linkId}', {
          params: { path: { projectId, radarId, linkId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: radarKeys.shareLinks(projectId, radarId) }),
  });
}

/** What an import reads and where it writes; whether it is a dry run is the mutation's choice. */
export type ImportOptions = Omit<ImportBody, 'dryRun'>;

/**
 * An import's dry run (what would change, nothing written) and its real run (a job, followed live). Neither refreshes
 * anything here: the job's own events refresh the radar as it writes.
 */
export function useImportPreview(projectId: string) {
  return useMutation({
    mutationFn: async (body: ImportOptions) =>
      (await call(
        api.POST('/api/v1/projects/{projectId}/radar-imports', {
          params: { path: { projectId } },
          body: { ...body, dryRun: true },
        }),
      )) as ImportPreview,
  });
}

export function useRunImport(projectId: string) {
  return useMutation({
    mutationFn: async (body: ImportOptions) =>
      (await call(
        api.POST('/api/v1/projects/{projectId}/radar-imports', {
          params: { path: { projectId } },
          body: { ...body, dryRun: false },
        }),
      )) as ImportAccepted,
  });
}
