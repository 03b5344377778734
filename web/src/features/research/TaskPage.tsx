import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, describeError } from '../../api/problem';
import { atLeast } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Field } from '../../components/Field';
import { dateTime, day } from '../../components/format';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { NotFoundContent } from '../../layout/NotFoundPage';
import { useProject } from '../../layout/ProjectContext';
import { useTechnologies } from '../radar/queries';
import { EditableMarkdown, OverdueBadge, Section, StatusBadge, VerdictBadge } from './components';
import { useDeleteTask, useUpdateTask } from './mutations';
import { useMembers, useTask } from './queries';
import { TaskAttachments } from './TaskAttachments';
import { TaskComments } from './TaskComments';
import { TaskDetailsForm } from './TaskDetailsForm';
import { ProposeAction, VerdictForm } from './TaskVerdict';
import type { ResearchTask } from './types';

type Members = ReturnType<typeof useMembers>;

function hours(value: number | null): string | null {
  return value === null ? null : `${value.toLocaleString()} h`;
}

function TaskFields({ task, members }: { task: ResearchTask; members: Members }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="md" verticalSpacing="sm" data-testid="task-fields">
      <Field label="Status">
        <StatusBadge status={task.status} />
      </Field>
      <Field label="Progress" testId="task-progress">
        <Group gap={6} wrap="nowrap">
          <Progress value={task.progress} size="sm" w={80} aria-hidden />
          <span>{task.progress}%</span>
        </Group>
      </Field>
      <Field label="Assignee">{task.assigneeId === null ? 'Unassigned' : members.nameOf(task.assigneeId)}</Field>
      <Field label="Due">
        {task.dueDate === null ? null : (
          <Group gap={4}>
            {day(task.dueDate)}
            {task.overdue && <OverdueBadge />}
          </Group>
        )}
      </Field>
      <Field label="Estimated">{hours(task.estimatedHours)}</Field>
      <Field label="Actual">{hours(task.actualHours)}</Field>
      <Field label="Tags">{task.tags.join(', ')}</Field>
      <Field label="Created">
        {dateTime(task.createdAt)}
        {task.createdBy ? ` by ${members.nameOf(task.createdBy)}` : ''}
      </Field>
      <Field label="Updated">{dateTime(task.updatedAt)}</Field>
      <Field label="Completed">{task.completedAt ? dateTime(task.completedAt) : null}</Field>
    </SimpleGrid>
  );
}

/** One research task: its fields and edit form, description and findings, verdict, files, comments, proposal. */
export function TaskPage() {
  const project = useProject();
  const { taskId = '' } = useParams();
  const navigate = useNavigate();
  const task = useTask(project.id, taskId);
  const members = useMembers(project.id);
  const technologies = useTechnologies(project.id, undefined);
  const canEdit = atLeast(project.role, 'member');
  const [editing, setEditing] = useState(false);
  const update = useUpdateTask(project.id, taskId);
  const remove = useDeleteTask(project.id, taskId);
  const technologyOptions = useMemo(
    () => (technologies.data ?? []).map((technology) => ({ value: technology.id, label: technology.title })),
    [technologies.data],
  );
  const titles = useMemo(
    () => new Map(technologyOptions.map((option) => [option.value, option.label])),
    [technologyOptions],
  );

  if (task.isPending) return <Loading label="Loading the task…" />;
  if (task.isError) {
    if (task.error instanceof ApiError && [400, 404, 422].includes(task.error.status)) {
      return <NotFoundContent what="research task" />;
    }
    return <ErrorState title="Could not load the task" error={task.error} retry={() => void task.refetch()} />;
  }
  const data = task.data;
  const saveText = (field: 'description' | 'findings') => (value: string) => update.mutateAsync({ [field]: value });
  const deleteTask = async () => {
    try {
      await remove.mutateAsync();
    } catch (error) {
      notifications.show({ color: 'red', title: 'Task not deleted', message: describeError(error) });
      throw error;
    }
    notifications.show({ message: `Task “${data.title}” deleted` });
    await navigate(`/projects/${project.id}/research`);
  };

  return (
    <Stack gap="md" data-testid="task-page" data-task-id={data.id} data-status={data.status}>
      <Breadcrumbs>
        <Anchor component={Link} to={`/projects/${project.id}/research`} size="sm">
          Research
        </Anchor>
        <Text size="sm" lineClamp={1}>
          {data.title}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Title order={1} size="h2" data-testid="task-title">
            {data.title}
          </Title>
          <Group gap={6} mt={4}>
            <StatusBadge status={data.status} />
            <VerdictBadge verdict={data.verdict} confidence={data.confidence} />
            {data.overdue && <OverdueBadge />}
          </Group>
        </div>
        {canEdit && (
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => setEditing((value) => !value)} data-testid="task-edit">
              {editing ? 'Close editor' : 'Edit details'}
            </Button>
            <ConfirmButton
              title="Delete task"
              message={`Delete “${data.title}” with its comments and attachments?`}
              confirmLabel="Delete task"
              onConfirm={deleteTask}
              data-testid="task-delete"
            >
              Delete
            </ConfirmButton>
          </Group>
        )}
      </Group>

      <Paper withBorder radius="md" p="md">
        {editing ? (
          <TaskDetailsForm
            key={data.updatedAt}
            task={data}
            members={members.options}
            technologies={technologyOptions}
            onDone={() => setEditing(false)}
          />
        ) : (
          <TaskFields task={data} members={members} />
        )}
      </Paper>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Paper withBorder radius="md" p="md">
              <EditableMarkdown
                label="Description"
                value={data.description}
                canEdit={canEdit}
                onSave={saveText('description')}
                empty="No description."
                testId="description"
                maxLength={50_000}
              />
            </Paper>
            <Paper withBorder radius="md" p="md">
              <EditableMarkdown
                label="Findings"
                value={data.findings}
                canEdit={canEdit}
                onSave={saveText('findings')}
                empty="No findings written yet."
                testId="findings"
                maxLength={100_000}
              />
            </Paper>
            <TaskAttachments task={data} canEdit={canEdit} members={members} />
            <TaskComments task={data} canEdit={canEdit} members={members} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Section title="Verdict" testId="verdict">
              <VerdictForm key={`${data.verdict}-${data.confidence}`} task={data} canEdit={canEdit} />
            </Section>
            <Section title="Technologies" testId="task-technologies">
              {data.technologyIds.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No technology linked{canEdit ? ': link them in Edit details.' : '.'}
                </Text>
              ) : (
                <Stack gap={4}>
                  {data.technologyIds.map((id) => (
                    <Anchor
                      key={id}
                      component={Link}
                      to={`/projects/${project.id}/radar/technologies/${id}`}
                      size="sm"
                      data-testid="task-technology"
                    >
                      {titles.get(id) ?? 'Technology'}
                    </Anchor>
                  ))}
                </Stack>
              )}
            </Section>
            {canEdit && (
              <Section title="Radar" testId="propose-section">
                <ProposeAction task={data} technologies={titles} />
              </Section>
            )}
            {!canEdit && (
              <Tooltip label="Viewers read; members change tasks">
                <Badge variant="light" color="gray" tt="none" data-testid="read-only">
                  Read only
                </Badge>
              </Tooltip>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      {data.technologyIds.length === 0 && data.verdict !== null && canEdit && (
        <EmptyState title="Link a technology to propose">The verdict can then move its blip on the radar.</EmptyState>
      )}
    </Stack>
  );
}
