import { ActionIcon, Button, Group, Modal, Select, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { ConfirmButton } from '../../components/ConfirmButton';
import { useFormErrors } from '../../components/forms';
import { radarKeys } from './keys';
import type { Radar, Relation, Technology } from './queries';
import { TECHNOLOGY_FORM_FIELDS, TechnologyForm } from './TechnologyForm';
import { createBodyOf, draftOf, EMPTY_DRAFT, updateBodyOf } from './technology-form';

type JsonBody<P extends keyof paths, M extends 'post' | 'patch'> =
  NonNullable<paths[P][M] extends { requestBody?: infer B } ? B : never> extends {
    content: { 'application/json': infer J };
  }
    ? J
    : never;
type UpdateBody = JsonBody<'/api/v1/projects/{projectId}/technologies/{technologyId}', 'patch'>;
type CreateBody = JsonBody<'/api/v1/projects/{projectId}/technologies', 'post'>;

export function EditTechnologyButton({ projectId, technology }: { projectId: string; technology: Technology }) {
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const { errors, fromError, clear } = useFormErrors(TECHNOLOGY_FORM_FIELDS);
  const base = draftOf(technology);
  const mutation = useMutation({
    mutationFn: (body: UpdateBody) =>
      call(
        api.PATCH('/api/v1/projects/{projectId}/technologies/{technologyId}', {
          params: { path: { projectId, technologyId: technology.id } },
          body,
        }),
      ),
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: `${saved.title} saved` });
      void client.invalidateQueries({ queryKey: radarKeys.all(projectId) });
      setOpen(false);
    },
    onError: fromError,
  });
  return (
    <>
      <Button
        size="xs"
        variant="light"
        onClick={() => {
          clear();
          setOpen(true);
        }}
        data-testid="edit-technology"
      >
        Edit
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Edit ${technology.title}`} size="xl">
        {open && (
          <TechnologyForm
            initial={base}
            errors={errors}
            pending={mutation.isPending}
            submitLabel="Save"
            onCancel={() => setOpen(false)}
            onSubmit={(draft) => {
              clear();
              const body = updateBodyOf(draft, base);
              if (Object.keys(body).length === 0) return setOpen(false);
              mutation.mutate(body as unknown as UpdateBody);
            }}
          />
        )}
      </Modal>
    </>
  );
}

/** Adds a technology to the catalog and, when a radar is given, places it there in one request. */
export function AddTechnologyButton({ projectId, radar }: { projectId: string; radar: Radar | undefined }) {
  const [open, setOpen] = useState(false);
  const [quadrantId, setQuadrantId] = useState<string | null>(null);
  const [ringId, setRingId] = useState<string | null>(null);
  const navigate = useNavigate();
  const client = useQueryClient();
  const { errors, fromError, clear } = useFormErrors([...TECHNOLOGY_FORM_FIELDS, 'quadrantId', 'ringId']);
  const mutation = useMutation({
    mutationFn: (body: CreateBody) =>
      call(api.POST('/api/v1/projects/{projectId}/technologies', { params: { path: { projectId } }, body })),
    onSuccess: (created) => {
      notifications.show({ color: 'green', message: `${created.title} added` });
      void client.invalidateQueries({ queryKey: radarKeys.all(projectId) });
      setOpen(false);
      navigate(`/projects/${projectId}/radar/technologies/${created.id}`);
    },
    onError: fromError,
  });
  const placement =
    radar === undefined ? null : (
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={`Quadrant on ${radar.name}`}
          name="quadrantId"
          data={radar.quadrants.map((quadrant) => ({ value: quadrant.id, label: quadrant.name }))}
          value={quadrantId}
          onChange={setQuadrantId}
          clearable
          placeholder="not placed"
          error={errors.fields.quadrantId ?? errors.fields['placement/quadrantId']}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Ring"
          name="ringId"
          data={radar.rings.map((ring) => ({ value: ring.id, label: ring.name }))}
          value={ringId}
          onChange={setRingId}
          clearable
          placeholder="not placed"
          error={errors.fields.ringId ?? errors.fields['placement/ringId']}
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
    );
  return (
    <>
      <Button
        size="xs"
        variant="light"
        onClick={() => {
          clear();
          setOpen(true);
        }}
        data-testid="add-technology"
      >
        Add technology
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Add a technology" size="xl">
        {open && (
          <TechnologyForm
            initial={EMPTY_DRAFT}
            errors={errors}
            pending={mutation.isPending}
            submitLabel="Add technology"
            onCancel={() => setOpen(false)}
            extra={placement}
            onSubmit={(draft) => {
              clear();
              // Not type-exact on purpose: a number typed wrongly is sent as typed, so the server's 422 names the field.
              const body = createBodyOf(draft) as unknown as CreateBody;
              if (radar !== undefined && quadrantId !== null && ringId !== null) {
                body.placement = { radarId: radar.id, quadrantId, ringId };
              }
              mutation.mutate(body);
            }}
          />
        )}
      </Modal>
    </>
  );
}

export function DeleteTechnologyButton({ projectId, technology }: { projectId: string; technology: Technology }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  return (
    <ConfirmButton
      title={`Delete ${technology.title}?`}
      message="Its blips, relations, history and proposals are deleted with it. Published volumes keep their snapshot."
      confirmLabel="Delete"
      data-testid="delete-technology"
      onConfirm={async () => {
        await call(
          api.DELETE('/api/v1/projects/{projectId}/technologies/{technologyId}', {
            params: { path: { projectId, technologyId: technology.id } },
          }),
        );
        notifications.show({ color: 'green', message: `${technology.title} deleted` });
        await client.invalidateQueries({ queryKey: radarKeys.all(projectId) });
        navigate(`/projects/${projectId}/radar`);
      }}
    >
      Delete
    </ConfirmButton>
  );
}

const RELATION_KIND_OPTIONS = [
  { value: 'alternative_to', label: 'is an alternative to' },
  { value: 'depends_on', label: 'depends on' },
  { value: 'replaces', label: 'replaces' },
  { value: 'related_to', label: 'is related to' },
];

/** Technologies whose title or tags match what is typed, for picking a relation's other end. */
function useTechnologySearch(projectId: string, typed: string, exclude: string) {
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

export function AddRelationForm({ projectId, technologyId }: { projectId: string; technologyId: string }) {
  const [kind, setKind] = useState<string>('alternative_to');
  const [search, setSearch] = useState('');
  const [targetId, setTargetId] = useState<string | null>(null);
  const candidates = useTechnologySearch(projectId, search, technologyId);
  const client = useQueryClient();
  const { errors, fromError, clear } = useFormErrors(['kind', 'targetTechnologyId']);
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/projects/{projectId}/technologies/{technologyId}/relations', {
          params: { path: { projectId, technologyId } },
          body: {
            kind: kind as 'alternative_to' | 'depends_on' | 'replaces' | 'related_to',
            targetTechnologyId: targetId ?? '',
          },
        }),
      ),
    onSuccess: () => {
      setTargetId(null);
      setSearch('');
      void client.invalidateQueries({ queryKey: radarKeys.relations(projectId, technologyId) });
    },
    onError: fromError,
  });
  const data = (candidates.data ?? []).map((item) => ({ value: item.id, label: item.title }));
  return (
    <form
      data-testid="add-relation"
      onSubmit={(event) => {
        event.preventDefault();
        clear();
        if (targetId !== null) mutation.mutate();
      }}
    >
      <Stack gap="xs">
        <Stack gap="xs">
          <Select
            aria-label="Relation"
            data={RELATION_KIND_OPTIONS}
            value={kind}
            onChange={(value) => value !== null && setKind(value)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            aria-label="Related technology"
            placeholder="Search technologies"
            searchable
            data={data}
            value={targetId}
            onChange={setTargetId}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage={candidates.isFetching ? 'Searching…' : 'No technology matches'}
            error={errors.fields.targetTechnologyId}
            comboboxProps={{ withinPortal: true }}
          />
        </Stack>
        {errors.form !== undefined && (
          <Text c="red" size="xs" role="alert">
            {errors.form}
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" size="xs" disabled={targetId === null} loading={mutation.isPending}>
            Add relation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RemoveRelationButton({
  projectId,
  technologyId,
  relation,
}: {
  projectId: string;
  technologyId: string;
  relation: Relation;
}) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/v1/projects/{projectId}/technologies/{technologyId}/relations/{relationId}', {
          params: { path: { projectId, technologyId, relationId: relation.id } },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: radarKeys.all(projectId) }),
    onError: (error) => notifications.show({ color: 'red', message: String(error) }),
  });
  return (
    <Tooltip label="Remove relation">
      <ActionIcon
        variant="subtle"
        color="red"
        size="sm"
        aria-label={`Remove relation to ${relation.technology.title}`}
        loading={mutation.isPending}
        onClick={() => mutation.mutate()}
        data-testid="remove-relation"
      >
        ×
      </ActionIcon>
    </Tooltip>
  );
}
