import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { atLeast } from '../../api/types';
import { day, plural } from '../../components/format';
import { useFormErrors } from '../../components/forms';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useProject } from '../../layout/ProjectContext';
import { ExportMenu } from './ExportMenu';
import { MOVEMENT_COLOR, MOVEMENT_TEXT } from './model';
import { usePublishVolume } from './mutations';
import { useRadarDiff, useRadars, useVolumes } from './queries';

const MOVEMENT_ORDER = ['new', 'moved_in', 'moved_out', 'removed', 'no_change'] as const;
const PUBLISH_FIELDS = ['name', 'date'] as const;

function PublishVolume({ projectId, radarId }: { projectId: string; radarId: string }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const { errors, fromError, clear } = useFormErrors(PUBLISH_FIELDS);
  const publish = usePublishVolume(projectId, radarId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    clear();
    publish.mutate(
      { name: name.trim(), date },
      {
        onSuccess: (volume) => {
          notifications.show({ color: 'green', message: `Volume ${volume.name} published` });
          setOpen(false);
          setName('');
        },
        onError: fromError,
      },
    );
  };
  return (
    <>
      <Button size="xs" onClick={() => setOpen(true)} data-testid="publish-volume">
        Publish volume
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Publish a volume" centered>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              A snapshot of the radar as it is now; movement is computed against the previous volume.
            </Text>
            <TextInput
              label="Name"
              name="name"
              required
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={errors.fields.name}
              placeholder="e.g. Vol. 35"
            />
            <TextInput
              label="Date"
              name="date"
              type="date"
              required
              value={date}
              onChange={(event) => setDate(event.currentTarget.value)}
              error={errors.fields.date}
            />
            {errors.form && (
              <Alert color="red" variant="light" role="alert">
                {errors.form}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={publish.isPending}>
                Publish
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Compares two states of a radar (published volumes or the live radar): what is new, moved, removed. */
export function VolumeDiffPage() {
  const project = useProject();
  const [params, setParams] = useSearchParams();
  const radars = useRadars(project.id);
  const radar =
    radars.data?.find((candidate) => candidate.id === params.get('radar')) ??
    radars.data?.find((candidate) => candidate.isDefault) ??
    radars.data?.[0];
  const volumes = useVolumes(project.id, radar?.id);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const diff = useRadarDiff(project.id, radar?.id, from, to);
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const options = [
    { value: 'live', label: 'Live (now)' },
    ...(volumes.data ?? []).map((volume) => ({ value: volume.id, label: `${volume.name} · ${day(volume.date)}` })),
  ];

  if (radars.isPending) return <Loading label="Loading radars…" />;
  if (radars.isError) return <ErrorState error={radars.error} retry={() => void radars.refetch()} />;
  if (radar === undefined) return <EmptyState title="No radar yet" />;

  let body: React.ReactNode;
  if (diff.isPending) body = <Loading label="Comparing…" />;
  else if (diff.isError) body = <ErrorState error={diff.error} retry={() => void diff.refetch()} />;
  else {
    const changed = diff.data.items.filter((item) => item.movement !== 'no_change');
    const sorted = [...diff.data.items].sort(
      (a, b) =>
        MOVEMENT_ORDER.indexOf(a.movement) - MOVEMENT_ORDER.indexOf(b.movement) || a.title.localeCompare(b.title),
    );
    body = (
      <Stack gap="md">
        <Group justify="space-between" gap="xs">
          <Text size="sm" c="dimmed">
            From <b>{diff.data.from.name}</b> to <b>{diff.data.to.name}</b>: {plural(changed.length, 'change')}.
          </Text>
          <Group gap="xs" data-testid="diff-exports">
            {(['from', 'to'] as const).map((side) => {
              const end = diff.data[side];
              if (end.kind === 'empty') return null;
              return (
                <ExportMenu
                  key={side}
                  projectId={project.id}
                  radarId={radar.id}
                  volumeId={end.kind === 'volume' && end.volumeId !== null ? end.volumeId : undefined}
                  label={`Export ${end.name}`}
                  testId={`export-${side}`}
                />
              );
            })}
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" data-testid="diff-counts">
          {MOVEMENT_ORDER.map((movement) => (
            <Paper key={movement} withBorder radius="md" p="xs">
              <Text size="xs" c="dimmed">
                {MOVEMENT_TEXT[movement]}
              </Text>
              <Text fw={700} size="lg" c={MOVEMENT_COLOR[movement]}>
                {diff.data.counts[movement]}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
        {sorted.length === 0 ? (
          <EmptyState title="Both sides are empty" />
        ) : (
          <Table.ScrollContainer minWidth={320}>
            <Table verticalSpacing="xs" data-testid="diff-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Technology</Table.Th>
                  <Table.Th>Movement</Table.Th>
                  <Table.Th>Ring</Table.Th>
                  <Table.Th visibleFrom="sm">Quadrant</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((item) => (
                  <Table.Tr key={item.technologyId} data-testid="diff-row" data-movement={item.movement}>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/projects/${project.id}/radar/technologies/${item.technologyId}`}
                        size="sm"
                      >
                        {item.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={MOVEMENT_COLOR[item.movement] ?? 'gray'} tt="none">
                        {MOVEMENT_TEXT[item.movement] ?? item.movement}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {item.fromRing?.id === item.toRing?.id
                          ? (item.toRing?.name ?? '—')
                          : `${item.fromRing?.name ?? '—'} → ${item.toRing?.name ?? '—'}`}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <Text size="sm">
                        {item.fromQuadrant?.id === item.toQuadrant?.id
                          ? (item.toQuadrant?.name ?? '—')
                          : `${item.fromQuadrant?.name ?? '—'} → ${item.toQuadrant?.name ?? '—'}`}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/projects/${project.id}/radar?radar=${radar.id}`} size="sm">
          Radar
        </Anchor>
        <Text size="sm">Compare volumes</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Compare volumes
          </Title>
          <Text c="dimmed" size="sm">
            {radar.name}: {plural(volumes.data?.length ?? 0, 'published volume')}
          </Text>
        </div>
        {atLeast(project.role, 'admin') && <PublishVolume projectId={project.id} radarId={radar.id} />}
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Radar"
          data={(radars.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
          value={radar.id}
          onChange={(value) => value && setParams({ radar: value }, { replace: true })}
          allowDeselect={false}
          w={{ base: '100%', xs: 200 }}
        />
        <Select
          label="From"
          placeholder="Latest volume"
          data={options}
          value={from || null}
          onChange={(value) => set('from', value)}
          clearable
          w={{ base: '100%', xs: 220 }}
          data-testid="diff-from"
        />
        <Select
          label="To"
          placeholder="Live (now)"
          data={options}
          value={to || null}
          onChange={(value) => set('to', value)}
          clearable
          w={{ base: '100%', xs: 220 }}
          data-testid="diff-to"
        />
      </Group>
      <Paper withBorder radius="md" p={{ base: 'xs', sm: 'md' }}>
        {body}
      </Paper>
    </Stack>
  );
}
