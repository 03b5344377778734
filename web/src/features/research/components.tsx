import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  MultiSelect,
  Paper,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../api/problem';
import { day } from '../../components/format';
import { Markdown } from '../../components/Markdown';
import { MarkdownField } from '../../components/MarkdownField';
import { ErrorState } from '../../components/states';
import { STATUS_COLOR, STATUS_LABEL, TASK_STATUSES, VERDICT_COLOR } from './model';
import { useTaskStats } from './queries';
import type { Confidence, TaskStatus, Verdict } from './types';

export function StatusBadge({ status }: { status: TaskStatus }) {
  return (
    <Badge
      size="sm"
      variant="light"
      color={STATUS_COLOR[status]}
      tt="none"
      data-testid="task-status"
      data-status={status}
    >
      {STATUS_LABEL[status]}
    </Badge>
  );
}

export function VerdictBadge({ verdict, confidence }: { verdict: Verdict | null; confidence: Confidence | null }) {
  if (verdict === null) return null;
  return (
    <Badge size="sm" variant="outline" color={VERDICT_COLOR[verdict]} tt="none" data-testid="task-verdict">
      {verdict}
      {confidence === null ? '' : ` · ${confidence}`}
    </Badge>
  );
}

export function OverdueBadge() {
  return (
    <Badge size="xs" color="red" variant="filled" tt="none" data-testid="task-overdue">
      overdue
    </Badge>
  );
}

/** A menu to set a task's status: the way to move a card without dragging (keyboard, touch, screen readers). */
export function StatusMenu({
  title,
  status,
  onChange,
  disabled,
}: {
  title: string;
  status: TaskStatus;
  onChange: (status: TaskStatus) => void;
  disabled?: boolean;
}) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon
          size="sm"
          variant="subtle"
          color="gray"
          disabled={disabled}
          aria-label={`Change the status of ${title}`}
          data-testid="status-menu"
        >
          <span aria-hidden>⋯</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Move to</Menu.Label>
        {TASK_STATUSES.map((option) => (
          <Menu.Item
            key={option}
            disabled={option === status}
            onClick={() => onChange(option)}
            data-testid={`status-option-${option}`}
          >
            {STATUS_LABEL[option]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * A markdown section with an edit mode (the shared MarkdownField), saved as a whole. `onSave` may throw; its message
 * stays beside the editor.
 */
export function EditableMarkdown({
  label,
  value,
  canEdit,
  onSave,
  empty,
  testId,
  maxLength,
}: {
  label: string;
  value: string;
  canEdit: boolean;
  onSave: (next: string) => Promise<unknown>;
  empty: string;
  testId: string;
  maxLength: number;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (draft === null) {
    return (
      <Stack gap="xs" data-testid={testId}>
        <Group justify="space-between">
          <Text fw={600}>{label}</Text>
          {canEdit && (
            <Button size="compact-xs" variant="light" onClick={() => setDraft(value)} data-testid={`${testId}-edit`}>
              Edit
            </Button>
          )}
        </Group>
        <div data-testid={`${testId}-rendered`}>
          <Markdown source={value} empty={empty} />
        </div>
      </Stack>
    );
  }
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onSave(draft);
      setDraft(null);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" data-testid={testId}>
      <MarkdownField
        label={label}
        value={draft}
        onChange={setDraft}
        minRows={6}
        maxLength={maxLength}
        error={error}
        testId={testId}
      />
      <Group gap="xs">
        <Button size="xs" onClick={() => void save()} loading={busy} data-testid={`${testId}-save`}>
          Save
        </Button>
        <Button size="xs" variant="default" onClick={() => setDraft(null)} disabled={busy}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

function StatCard({
  label,
  value,
  color,
  hint,
  testId,
}: {
  label: string;
  value: number | string;
  color?: string;
  hint?: React.ReactNode;
  testId: string;
}) {
  return (
    <Paper withBorder radius="md" p="xs" data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={`${testId}-value`}>
        {value}
      </Text>
      {hint}
    </Paper>
  );
}

/** Counts by status, overdue and upcoming tasks (with the first few named), from the stats endpoint. */
export function StatsStrip({ projectId }: { projectId: string }) {
  const stats = useTaskStats(projectId);
  if (stats.isError) return <ErrorState title="Could not load the statistics" error={stats.error} />;
  const count = (status: TaskStatus) => stats.data?.byStatus.find((entry) => entry.status === status)?.count ?? 0;
  const placeholder = stats.isPending ? '…' : undefined;
  const firstOf = (items: Array<{ id: string; title: string; dueDate: string | null }>) =>
    items.length === 0 ? null : (
      <Stack gap={0}>
        {items.map((item) => (
          <Tooltip key={item.id} label={item.dueDate ? `due ${day(item.dueDate)}` : 'no due date'}>
            <Text
              size="xs"
              lineClamp={1}
              component={Link}
              to={`/projects/${projectId}/research/tasks/${item.id}`}
              c="inherit"
            >
              {item.title}
            </Text>
          </Tooltip>
        ))}
      </Stack>
    );
  return (
    <SimpleGrid cols={{ base: 2, xs: 4, md: 8 }} spacing="xs" data-testid="research-stats">
      <StatCard label="All tasks" value={placeholder ?? stats.data?.total ?? 0} testId="stat-total" />
      {TASK_STATUSES.map((status) => (
        <StatCard
          key={status}
          label={STATUS_LABEL[status]}
          value={placeholder ?? count(status)}
          testId={`stat-${status}`}
        />
      ))}
      <StatCard
        label="Overdue"
        value={placeholder ?? stats.data?.overdue.count ?? 0}
        color={(stats.data?.overdue.count ?? 0) > 0 ? 'red' : undefined}
        hint={firstOf(stats.data?.overdue.items ?? [])}
        testId="stat-overdue"
      />
      <StatCard
        label={`Due in ${stats.data?.upcoming.days ?? 7} days`}
        value={placeholder ?? stats.data?.upcoming.count ?? 0}
        hint={firstOf(stats.data?.upcoming.items ?? [])}
        testId="stat-upcoming"
      />
    </SimpleGrid>
  );
}

/** What a task studies and how it is tagged: the same two inputs when a task is created and when it is edited. */
export function TaskLinkFields({
  technologies,
  technologyIds,
  onTechnologyIds,
  tags,
  onTags,
  errors,
  testIdPrefix,
}: {
  technologies: Array<{ value: string; label: string }>;
  technologyIds: string[];
  onTechnologyIds: (ids: string[]) => void;
  tags: string[];
  onTags: (tags: string[]) => void;
  errors: Partial<Record<string, ReactNode>>;
  testIdPrefix: string;
}) {
  return (
    <>
      <MultiSelect
        label="Technologies"
        placeholder={technologies.length === 0 ? 'No technologies in this project yet' : 'Pick the ones studied'}
        data={technologies}
        value={technologyIds}
        onChange={onTechnologyIds}
        searchable
        clearable
        error={errors.technologyIds}
        data-testid={`${testIdPrefix}-technologies`}
      />
      <TagsInput
        label="Tags"
        placeholder="Type a tag and press Enter"
        value={tags}
        onChange={onTags}
        splitChars={[',']}
        maxTags={30}
        clearable
        error={errors.tags}
        data-testid={`${testIdPrefix}-tags`}
      />
    </>
  );
}

/** A titled panel of the task page. */
export function Section({
  title,
  children,
  action,
  testId,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}
