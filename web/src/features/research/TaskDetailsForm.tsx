import { Alert, Button, Grid, Group, NumberInput, Select, Slider, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { formErrorsOf } from '../../components/forms';
import { useProject } from '../../layout/ProjectContext';
import { TaskLinkFields } from './components';
import { normalizeTags, reconcileCompletion, STATUS_LABEL, TASK_STATUSES } from './model';
import { useUpdateTask } from './mutations';
import type { ResearchTask, TaskStatus, UpdateTaskBody } from './types';

type Option = { value: string; label: string };

/** The editable fields as the inputs hold them (hours as typed, '' for none; a due day as yyyy-mm-dd or ''). */
interface DetailsValues {
  title: string;
  status: TaskStatus;
  progress: number;
  estimatedHours: number | string;
  actualHours: number | string;
  dueDate: string;
  assigneeId: string | null;
  technologyIds: string[];
  tags: string[];
}

const EDIT_FIELDS = [
  'title',
  'status',
  'progress',
  'estimatedHours',
  'actualHours',
  'dueDate',
  'assigneeId',
  'technologyIds',
  'tags',
] as const;

const asHours = (value: number | string): number | null => (value === '' ? null : Number(value));
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, index) => item === b[index]);

/** Only what differs from the task, so that concurrent edits of other fields survive. */
function changesOf(task: ResearchTask, values: DetailsValues): UpdateTaskBody {
  const body: UpdateTaskBody = {};
  if (values.title.trim() !== task.title) body.title = values.title.trim();
  if (values.status !== task.status) body.status = values.status;
  if (values.progress !== task.progress) body.progress = values.progress;
  if (asHours(values.estimatedHours) !== task.estimatedHours) body.estimatedHours = asHours(values.estimatedHours);
  if (asHours(values.actualHours) !== task.actualHours) body.actualHours = asHours(values.actualHours);
  if ((values.dueDate || null) !== task.dueDate) body.dueDate = values.dueDate || null;
  if (values.assigneeId !== task.assigneeId) body.assigneeId = values.assigneeId;
  if (!sameList(values.technologyIds, task.technologyIds)) body.technologyIds = values.technologyIds;
  const tags = normalizeTags(values.tags);
  if (!sameList(tags, task.tags)) body.tags = tags;
  return body;
}

/** The details form of a research task; only the fields that changed are sent. */
export function TaskDetailsForm({
  task,
  members,
  technologies,
  onDone,
}: {
  task: ResearchTask;
  members: Option[];
  technologies: Option[];
  onDone: () => void;
}) {
  const project = useProject();
  const update = useUpdateTask(project.id, task.id);
  const [formError, setFormError] = useState<string | undefined>();
  const form = useForm<DetailsValues>({
    initialValues: {
      title: task.title,
      status: task.status,
      progress: task.progress,
      estimatedHours: task.estimatedHours ?? '',
      actualHours: task.actualHours ?? '',
      dueDate: task.dueDate ?? '',
      assigneeId: task.assigneeId,
      technologyIds: task.technologyIds,
      tags: task.tags,
    },
  });
  // Status and progress move together, so that a save never sends a pair the server refuses.
  const changeCompletion = (change: { status: TaskStatus } | { progress: number }) =>
    form.setValues(reconcileCompletion({ status: form.values.status, progress: form.values.progress }, change));

  const submit = (values: DetailsValues) => {
    setFormError(undefined);
    const body = changesOf(task, values);
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    update.mutate(body, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: 'Task saved' });
        onDone();
      },
      onError: (error) => {
        const failure = formErrorsOf(error, EDIT_FIELDS);
        form.setErrors(failure.fields);
        setFormError(failure.form);
      },
    });
  };

  return (
    <form onSubmit={form.onSubmit(submit)} data-testid="task-edit-form" noValidate>
      <Stack gap="sm">
        <TextInput label="Title" maxLength={200} {...form.getInputProps('title')} />
        <Grid>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select
              label="Status"
              data={TASK_STATUSES.map((status) => ({ value: status, label: STATUS_LABEL[status] }))}
              value={form.values.status}
              onChange={(value) => value && changeCompletion({ status: value as TaskStatus })}
              allowDeselect={false}
              error={form.errors.status}
              data-testid="edit-status"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <Text size="sm" fw={500} mb={4} id="progress-label">
              Progress
            </Text>
            <Group gap="sm" wrap="nowrap" align="center">
              <Slider
                value={form.values.progress}
                onChange={(value) => changeCompletion({ progress: value })}
                min={0}
                max={100}
                step={5}
                label={(value) => `${value}%`}
                marks={[{ value: 0 }, { value: 50 }, { value: 100 }]}
                style={{ flex: 1 }}
                thumbProps={{ 'aria-labelledby': 'progress-label' }}
                data-testid="edit-progress-slider"
              />
              <NumberInput
                aria-label="Progress in percent"
                value={form.values.progress}
                onChange={(value) => typeof value === 'number' && changeCompletion({ progress: value })}
                min={0}
                max={100}
                clampBehavior="strict"
                allowDecimal={false}
                suffix="%"
                w={90}
                data-testid="edit-progress"
              />
            </Group>
            {form.errors.progress && (
              <Text c="red" size="xs">
                {form.errors.progress}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={4}>
              Progress 100 completes the task; completing sets it to 100.
            </Text>
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <NumberInput
              label="Estimated hours"
              min={0}
              max={100_000}
              {...form.getInputProps('estimatedHours')}
              data-testid="edit-estimated"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <NumberInput
              label="Actual hours"
              min={0}
              max={100_000}
              {...form.getInputProps('actualHours')}
              data-testid="edit-actual"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <TextInput label="Due date" type="date" {...form.getInputProps('dueDate')} data-testid="edit-due" />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <Select
              label="Assignee"
              placeholder="Unassigned"
              data={members}
              clearable
              searchable
              {...form.getInputProps('assigneeId')}
              data-testid="edit-assignee"
            />
          </Grid.Col>
        </Grid>
        <TaskLinkFields
          technologies={technologies}
          technologyIds={form.values.technologyIds}
          onTechnologyIds={(ids) => form.setFieldValue('technologyIds', ids)}
          tags={form.values.tags}
          onTags={(tags) => form.setFieldValue('tags', tags)}
          errors={form.errors}
          testIdPrefix="edit"
        />
        {formError !== undefined && (
          <Alert color="red" variant="light" role="alert" data-testid="edit-error">
            {formError}
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" loading={update.isPending} data-testid="edit-save">
            Save
          </Button>
          <Button variant="default" onClick={onDone} disabled={update.isPending}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
