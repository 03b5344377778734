import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  ColorInput,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { atLeast } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { formErrorsOf } from '../../components/forms';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useProject } from '../../layout/ProjectContext';
import { useCreateRadar, useDeleteRadar, useUpdateRadar } from './mutations';
import { type Radar, TECHNOLOGY_STATUSES, useRadars } from './queries';
import { draftsOf, moveSegment, newSegment, removedSegments, type SegmentDraft, segmentsBody } from './segments';

const PALETTE = ['#1c7ed6', '#2f9e44', '#f08c00', '#e03131', '#7048e8', '#0c8599', '#c2255c', '#5c940d'];
const SEGMENT_FIELDS = ['name', 'description', 'quadrants', 'rings'] as const;

function SegmentList({
  label,
  testId,
  drafts,
  min,
  max,
  onChange,
  error,
  withLifecycle = false,
}: {
  label: string;
  testId: string;
  drafts: SegmentDraft[];
  min: number;
  max: number;
  onChange: (drafts: SegmentDraft[]) => void;
  error: ReactNode;
  /** Rings: the lifecycle status a technology imported into the ring starts with. */
  withLifecycle?: boolean;
}) {
  const update = (index: number, change: Partial<SegmentDraft>) =>
    onChange(drafts.map((draft, at) => (at === index ? { ...draft, ...change } : draft)));
  return (
    <Stack gap="xs" data-testid={testId}>
      <Group justify="space-between">
        <Text fw={600} size="sm">
          {label}{' '}
          <Text span c="dimmed" size="xs">
            ({min}–{max})
          </Text>
        </Text>
        <Button
          size="xs"
          variant="light"
          disabled={drafts.length >= max}
          onClick={() => onChange([...drafts, newSegment(PALETTE[drafts.length % PALETTE.length]!)])}
          data-testid={`${testId}-add`}
        >
          Add
        </Button>
      </Group>
      {drafts.map((draft, index) => (
        <Group key={draft.key} gap="xs" wrap="nowrap" data-testid="segment-row">
          <Text size="xs" c="dimmed" w={16} ta="right">
            {index + 1}
          </Text>
          <TextInput
            aria-label={`${label} ${index + 1} name`}
            value={draft.name}
            onChange={(event) => update(index, { name: event.currentTarget.value })}
            flex={1}
            miw={120}
            placeholder="Name"
          />
          {withLifecycle && (
            <Select
              aria-label={`${label} ${index + 1}: imported technologies start as`}
              placeholder="by the ring's name"
              data={[...TECHNOLOGY_STATUSES]}
              value={draft.lifecycle ?? null}
              onChange={(value) => update(index, { lifecycle: (value ?? undefined) as SegmentDraft['lifecycle'] })}
              clearable
              w={170}
              data-testid="ring-lifecycle"
            />
          )}
          <ColorInput
            aria-label={`${label} ${index + 1} colour`}
            value={draft.color}
            onChange={(color) => update(index, { color })}
            format="hex"
            w={120}
            withEyeDropper={false}
          />
          <ActionIcon
            variant="subtle"
            aria-label={`Move ${draft.name || 'new'} up`}
            disabled={index === 0}
            onClick={() => onChange(moveSegment(drafts, index, -1))}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            aria-label={`Move ${draft.name || 'new'} down`}
            disabled={index === drafts.length - 1}
            onClick={() => onChange(moveSegment(drafts, index, 1))}
          >
            ↓
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove ${draft.name || 'new'}`}
            disabled={drafts.length <= min}
            onClick={() => onChange(drafts.filter((_, at) => at !== index))}
            data-testid="segment-remove"
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      {error !== undefined && error !== null && (
        <Text c="red" size="xs" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

interface RadarValues {
  name: string;
  description: string;
  quadrants: SegmentDraft[];
  rings: SegmentDraft[];
}

/** Name, description, quadrants and rings of one radar; saved in one PATCH. */
function RadarEditor({ projectId, radar, canEdit }: { projectId: string; radar: Radar; canEdit: boolean }) {
  const form = useForm<RadarValues>({
    initialValues: {
      name: radar.name,
      description: radar.description,
      quadrants: draftsOf(radar.quadrants),
      rings: draftsOf(radar.rings),
    },
  });
  const [formError, setFormError] = useState<string | undefined>();
  const save = useUpdateRadar(projectId, radar.id);
  const { quadrants, rings } = form.values;
  const removed = [...removedSegments(radar.quadrants, quadrants), ...removedSegments(radar.rings, rings)];
  const submit = (values: RadarValues) => {
    setFormError(undefined);
    save.mutate(
      {
        name: values.name.trim(),
        description: values.description,
        quadrants: segmentsBody(values.quadrants),
        rings: segmentsBody(values.rings),
      },
      {
        onSuccess: (saved) => notifications.show({ color: 'green', message: `${saved.name} saved` }),
        onError: (error) => {
          const failure = formErrorsOf(error, SEGMENT_FIELDS);
          form.setErrors(failure.fields);
          setFormError(failure.form);
        },
      },
    );
  };
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate data-testid="radar-editor">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" name="name" {...form.getInputProps('name')} />
          <Textarea
            label="Description"
            name="description"
            autosize
            minRows={1}
            {...form.getInputProps('description')}
          />
        </SimpleGrid>
        {/* One column: names such as "Languages & Frameworks" need the width. */}
        <Stack gap="xl">
          <SegmentList
            label="Quadrants"
            testId="quadrants"
            drafts={quadrants}
            min={2}
            max={8}
            onChange={(drafts) => form.setFieldValue('quadrants', drafts)}
            error={form.errors.quadrants}
          />
          <SegmentList
            label="Rings (innermost first)"
            testId="rings"
            drafts={rings}
            min={2}
            max={6}
            onChange={(drafts) => form.setFieldValue('rings', drafts)}
            error={form.errors.rings}
            withLifecycle
          />
          <Text size="xs" c="dimmed">
            A technology created by an import starts with its ring’s lifecycle status (by default Adopt: integrated,
            Trial: evaluation, Assess: research, Hold: archived, other rings: discovery).
          </Text>
        </Stack>
        {removed.length > 0 && (
          <Text size="xs" c="dimmed">
            Removing {removed.map((segment) => segment.name).join(', ')}: refused while blips sit there; move them
            first.
          </Text>
        )}
        {formError !== undefined && (
          <Alert color="red" variant="light" role="alert" data-testid="radar-editor-error">
            {formError}
          </Alert>
        )}
        <Group justify="space-between">
          {radar.isDefault ? (
            <Text size="xs" c="dimmed">
              The default radar cannot be deleted.
            </Text>
          ) : canEdit ? (
            <DeleteRadarButton projectId={projectId} radar={radar} />
          ) : (
            <span />
          )}
          <Button type="submit" loading={save.isPending} disabled={!canEdit} data-testid="save-radar">
            Save radar
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeleteRadarButton({ projectId, radar }: { projectId: string; radar: Radar }) {
  const [, setParams] = useSearchParams();
  const remove = useDeleteRadar(projectId, radar.id);
  return (
    <ConfirmButton
      title={`Delete ${radar.name}?`}
      message={`Its ${radar.blipCount} blips and its published volumes are deleted. Technologies stay in the catalog.`}
      confirmLabel="Delete radar"
      data-testid="delete-radar"
      onConfirm={async () => {
        await remove.mutateAsync();
        notifications.show({ color: 'green', message: `${radar.name} deleted` });
        setParams({}, { replace: true });
      }}
    >
      Delete radar
    </ConfirmButton>
  );
}

function NewRadarButton({ projectId, onCreated }: { projectId: string; onCreated: (radarId: string) => void }) {
  const [open, setOpen] = useState(false);
  const form = useForm({ initialValues: { name: '' } });
  const [formError, setFormError] = useState<string | undefined>();
  const create = useCreateRadar(projectId);
  const submit = ({ name }: { name: string }) => {
    setFormError(undefined);
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `${created.name} created` });
          setOpen(false);
          form.reset();
          onCreated(created.id);
        },
        onError: (error) => {
          const failure = formErrorsOf(error, SEGMENT_FIELDS);
          form.setErrors(failure.fields);
          setFormError(failure.form);
        },
      },
    );
  };
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)} data-testid="new-radar">
        New radar
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="New radar">
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack gap="sm">
            <TextInput label="Name" name="name" {...form.getInputProps('name')} data-autofocus />
            <Text size="xs" c="dimmed">
              It starts with the usual four quadrants and rings; change them after it is created.
            </Text>
            {formError !== undefined && (
              <Alert color="red" variant="light" role="alert">
                {formError}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending}>
                Create
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Radar structure: which radars the project has and their quadrants and rings (admins). */
export function RadarSettingsPage() {
  const project = useProject();
  const radars = useRadars(project.id);
  const [params, setParams] = useSearchParams();
  if (radars.isPending) return <Loading label="Loading radars…" />;
  if (radars.isError) return <ErrorState error={radars.error} retry={() => void radars.refetch()} />;
  const list = radars.data;
  const selected =
    list.find((radar) => radar.id === params.get('radar')) ?? list.find((radar) => radar.isDefault) ?? list[0];
  const isAdmin = atLeast(project.role, 'admin');
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/projects/${project.id}/radar`} size="sm">
          Radar
        </Anchor>
        <Text size="sm">Settings</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Radar settings
        </Title>
        {isAdmin && (
          <NewRadarButton
            projectId={project.id}
            onCreated={(radarId) => setParams({ radar: radarId }, { replace: true })}
          />
        )}
      </Group>
      {!isAdmin && (
        <Alert color="gray" variant="light">
          Only admins change radars; you can look.
        </Alert>
      )}
      {selected === undefined ? (
        <EmptyState title="No radar yet" />
      ) : (
        <>
          <Group gap="sm" align="flex-end">
            <Select
              label="Radar"
              data={list.map((radar) => ({ value: radar.id, label: radar.name }))}
              value={selected.id}
              onChange={(value) => value !== null && setParams({ radar: value }, { replace: true })}
              allowDeselect={false}
              data-testid="settings-radar-select"
            />
            <Group gap={6} pb={4}>
              {selected.isDefault && (
                <Badge variant="light" tt="none">
                  default
                </Badge>
              )}
              <Badge variant="light" color="gray" tt="none">
                {selected.blipCount} blips
              </Badge>
            </Group>
          </Group>
          <Paper withBorder radius="md" p="lg">
            {/* Keyed by radar and its last change: switching radars or a saved change starts from the server's state. */}
            <RadarEditor
              key={`${selected.id}:${selected.updatedAt}`}
              projectId={project.id}
              radar={selected}
              canEdit={isAdmin}
            />
          </Paper>
        </>
      )}
    </Stack>
  );
}
