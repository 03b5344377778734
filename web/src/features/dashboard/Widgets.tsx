import { Anchor, Badge, Card, Group, Progress, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { day, timeAgo } from '../../components/format';
import type { Radar } from '../radar/queries';
import type { Dashboard } from './queries';

/** A titled dashboard card whose body shows `empty` when it has nothing to list. */
export function Panel({
  title,
  action,
  testId,
  isEmpty,
  empty,
  children,
}: {
  title: string;
  action?: ReactNode;
  testId: string;
  isEmpty: boolean;
  /** What the card says instead, best with what to do next (a link). */
  empty: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="md" data-testid={testId}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={3} size="h5">
          {title}
        </Title>
        {action}
      </Group>
      {isEmpty ? (
        <Text size="sm" c="dimmed" data-testid={`${testId}-empty`}>
          {empty}
        </Text>
      ) : (
        children
      )}
    </Card>
  );
}

/** A headline figure that links to where it comes from. */
export function Figure({
  label,
  value,
  hint,
  to,
  color,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint: string;
  to: string;
  color?: string;
  testId: string;
}) {
  return (
    <Card withBorder radius="md" component={Link} to={to} data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={color}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Card>
  );
}

/** Labelled bars, each as a share of the largest, so small counts stay visible next to big ones. */
export function Bars({
  rows,
  testId,
}: {
  rows: Array<{ label: string; count: number; color?: string }>;
  testId: string;
}) {
  const largest = Math.max(1, ...rows.map((row) => row.count));
  return (
    <Stack gap={6} data-testid={testId}>
      {rows.map((row) => (
        <div key={row.label} data-testid="bar" data-label={row.label} data-count={row.count}>
          <Group justify="space-between" gap="xs">
            <Text size="sm">{row.label}</Text>
            <Text size="sm" fw={600}>
              {row.count}
            </Text>
          </Group>
          <Progress
            value={(row.count / largest) * 100}
            color={row.color ?? 'blue'}
            size="sm"
            aria-label={`${row.label}: ${row.count}`}
          />
        </div>
      ))}
    </Stack>
  );
}

/** Blip counts per ring of each radar, rings in their radar's order and colours. */
export function RingCounts({ dashboard, radars }: { dashboard: Dashboard; radars: Radar[] }) {
  return (
    <Stack gap="md">
      {radars.map((radar) => {
        const rows = radar.rings.map((ring) => ({
          label: ring.name,
          color: ring.color,
          count: dashboard.countsByRing.find((row) => row.radarId === radar.id && row.ring === ring.name)?.count ?? 0,
        }));
        return (
          <div key={radar.id}>
            {radars.length > 1 && (
              <Text size="xs" c="dimmed" mb={4}>
                {radar.name}
              </Text>
            )}
            <Bars rows={rows} testId={`ring-counts-${radar.id}`} />
          </div>
        );
      })}
    </Stack>
  );
}

const MOVEMENT_COLORS: Record<string, string> = { new: 'blue', moved_in: 'green', moved_out: 'orange', removed: 'red' };

export function MovementList({ projectId, items }: { projectId: string; items: Dashboard['movementSinceLastVolume'] }) {
  return (
    <Stack gap={6} data-testid="movement-list">
      {items.map((item) => (
        <Group key={item.technologyId} justify="space-between" wrap="nowrap" gap="xs">
          <Anchor component={Link} to={`/projects/${projectId}/radar/technologies/${item.technologyId}`} size="sm">
            {item.title}
          </Anchor>
          <Group gap={6} wrap="nowrap">
            <Text size="xs" c="dimmed">
              {item.ring}
            </Text>
            <Badge size="sm" variant="light" tt="none" color={MOVEMENT_COLORS[item.movement] ?? 'gray'}>
              {item.movement.replace('_', ' ')}
            </Badge>
          </Group>
        </Group>
      ))}
    </Stack>
  );
}

export function TaskList({
  projectId,
  tasks,
  now,
  testId,
}: {
  projectId: string;
  tasks: Dashboard['research']['overdue']['items'];
  now: number;
  testId: string;
}) {
  return (
    <Stack gap={6} data-testid={testId}>
      {tasks.map((task) => (
        <Group key={task.id} justify="space-between" wrap="nowrap" gap="xs">
          <Anchor
            component={Link}
            to={`/projects/${projectId}/research/tasks/${task.id}`}
            size="sm"
            lineClamp={1}
            data-testid="task-link"
          >
            {task.title}
          </Anchor>
          <Tooltip
            label={`${task.status.replace('_', ' ')} · ${task.progress}%${task.dueDate === null ? '' : ` · due ${day(task.dueDate)}`}`}
          >
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {task.dueDate === null ? 'no due date' : `due ${timeAgo(`${task.dueDate}T23:59:59`, now)}`}
            </Text>
          </Tooltip>
        </Group>
      ))}
    </Stack>
  );
}
