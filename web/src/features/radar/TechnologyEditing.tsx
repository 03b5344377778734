import { ActionIcon, Button, Group, Modal, Select, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmButton } from '../../components/ConfirmButton';
import { useFormErrors } from '../../components/forms';
import {
  useAddRelation,
  useCreateTechnology,
  useDeleteTechnology,
  useRemoveRelation,
  useUpdateTechnology,
} from './mutations';
import { type Radar, type Relation, type Technology, useTechnologySearch } from './queries';
import { TechnologyForm } from './TechnologyForm';
import {
  createBodyOf,
  draftOf,
  EMPTY_DRAFT,
  type TechnologyCreateBody,
  type TechnologyDraft,
  type TechnologyUpdateBody,
  updateBodyOf,
} from './technology-form';

export function EditTechnologyButton({ projectId, technology }: { projectId: string; technology: Technology }) {
  const [open, setOpen] = useState(false);
  const update = useUpdateTechnology(projectId, technology.id);
  const base = draftOf(technology);
  const save = async (draft: TechnologyDraft) => {
    const body = updateBodyOf(draft, base);
    if (Object.keys(body).length > 0) {
      // Not type-exact on purpose: a number typed wrongly is sent as typed, so the server's 422 names the field.
      const saved = await update.mutateAsync(body as TechnologyUpdateBody);
      notifications.show({ color: 'green', message: `${saved.title} saved` });
    }
    setOpen(false);
  };
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)} data-testid="edit-technology">
        Edit
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Edit ${technology.title}`} size="xl">
        {open && (
          <TechnologyForm
            initial={base}
            pending={update.isPending}
            submitLabel="Save"
            onCancel={() => setOpen(false)}
            onSubmit={save}
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
  const create = useCreateTechnology(projectId);
  const add = async (draft: TechnologyDraft) => {
    // Not type-exact on purpose: a number typed wrongly is sent as typed, so the server's 422 names the field.
    const body = createBodyOf(draft) as TechnologyCreateBody;
    if (radar !== undefined && quadrantId !== null && ringId !== null) {
      body.placement = { radarId: radar.id, quadrantId, ringId };
    }
    const created = await create.mutateAsync(body);
    notifications.show({ color: 'green', message: `${created.title} added` });
    setOpen(false);
    await navigate(`/projects/${projectId}/radar/technologies/${created.id}`);
  };
  const placement = (errors: Record<string, string>) =>
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
          error={errors.quadrantId ?? errors['placement/quadrantId']}
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
          error={errors.ringId ?? errors['placement/ringId']}
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
    );
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)} data-testid="add-technology">
        Add technology
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Add a technology" size="xl">
        {open && (
          <TechnologyForm
            initial={EMPTY_DRAFT}
            pending={create.isPending}
            submitLabel="Add technology"
            onCancel={() => setOpen(false)}
            extra={placement}
            extraFields={['quadrantId', 'ringId']}
            onSubmit={add}
          />
        )}
      </Modal>
    </>
  );
}

export function DeleteTechnologyButton({ projectId, technology }: { projectId: string; technology: Technology }) {
  const navigate = useNavigate();
  const remove = useDeleteTechnology(projectId, technology.id);
  return (
    <ConfirmButton
      title={`Delete ${technology.title}?`}
      message="Its blips, relations, history and proposals are deleted with it. Published volumes keep their snapshot."
      confirmLabel="Delete"
      data-testid="delete-technology"
      onConfirm={async () => {
        await remove.mutateAsync();
        notifications.show({ color: 'green', message: `${technology.title} deleted` });
        await navigate(`/projects/${projectId}/radar`);
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

export function AddRelationForm({ projectId, technologyId }: { projectId: string; technologyId: string }) {
  const [kind, setKind] = useState<string>('alternative_to');
  const [search, setSearch] = useState('');
  const [targetId, setTargetId] = useState<string | null>(null);
  const candidates = useTechnologySearch(projectId, search, technologyId);
  const { errors, fromError, clear } = useFormErrors(['kind', 'targetTechnologyId']);
  const mutation = useAddRelation(projectId, technologyId);
  const submit = (targetTechnologyId: string) =>
    mutation.mutate(
      { kind: kind as 'alternative_to' | 'depends_on' | 'replaces' | 'related_to', targetTechnologyId },
      {
        onSuccess: () => {
          setTargetId(null);
          setSearch('');
        },
        onError: fromError,
      },
    );
  const data = (candidates.data ?? []).map((item) => ({ value: item.id, label: item.title }));
  return (
    <form
      data-testid="add-relation"
      onSubmit={(event) => {
        event.preventDefault();
        clear();
        if (targetId !== null) submit(targetId);
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
  const mutation = useRemoveRelation(projectId, technologyId);
  return (
    <Tooltip label="Remove relation">
      <ActionIcon
        variant="subtle"
        color="red"
        size="sm"
        aria-label={`Remove relation to ${relation.technology.title}`}
        loading={mutation.isPending}
        onClick={() =>
          mutation.mutate(relation.id, {
            onError: (error) => notifications.show({ color: 'red', message: String(error) }),
          })
        }
        data-testid="remove-relation"
      >
        ×
      </ActionIcon>
    </Tooltip>
  );
}
