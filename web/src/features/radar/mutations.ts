import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { radarKeys } from './keys';
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

type RelationBody = NonNullable<
  paths['/api/v1/projects/{projectId}/technologies/{technologyId}/relations']['post']['requestBody']
>['content']['application/json'];

export function useAddRelation(projectId: string, technologyId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RelationBody) =>
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
