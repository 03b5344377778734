import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formErrorsOf } from '../../components/forms';
import { TaskLinkFields } from './components';
import { normalizeTags } from './model';
import { useCreateTask } from './mutations';

interface NewTaskValues {
  title: string;
  description: string;
  assigneeId: string | null;
  dueDate: string;
  technologyIds: string[];
  tags: string[];
}

const FIELDS = ['title', 'description', 'assigneeId', 'dueDate', 'technologyIds', 'tags'] as const;

/** The "New task" dialog: title, description, assignee, due day, technologies and tags. */
export function NewTaskForm({
  projectId,
  opened,
  onClose,
  members,
  technologies,
}: {
  projectId: string;
  opened: boolean;
  onClose: () => void;
  members: Array<{ value: string; label: string }>;
  technologies: Array<{ value: string; label: string }>;
}) {
  const navigate = useNavigate();
  const create = useCreateTask(projectId);
  const [formError, setFormError] = useState<string | undefined>();
  const form = useForm<NewTaskValues>({
    initialValues: { title: '', description: '', assigneeId: null, dueDate: '', technologyIds: [], tags: [] },
    validate: { title: (title) => (title.trim() === '' ? 'Give the task a title.' : null) },
  });

  const submit = ({ title, description, assigneeId, dueDate, technologyIds, tags }: NewTaskValues) => {
    setFormError(undefined);
    create.mutate(
      {
        title: title.trim(),
        ...(description.trim() ? { description } : {}),
        ...(assigneeId ? { assigneeId } : {}),
        ...(dueDate ? { dueDate } : {}),
        ...(technologyIds.length > 0 ? { technologyIds } : {}),
        ...(tags.length > 0 ? { tags: normalizeTags(tags) } : {}),
      },
      {
        onSuccess: (task) => {
          notifications.show({ color: 'green', message: `Task “${task.title}” created` });
          form.reset();
          onClose();
          void navigate(`/projects/${projectId}/research/tasks/${task.id}`);
        },
        onError: (error) => {
          const failure = formErrorsOf(error, FIELDS);
          form.setErrors(failure.fields);
          setFormError(failure.form);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New research task" size="lg">
      <form onSubmit={form.onSubmit(submit)} data-testid="new-task-form" noValidate>
        <Stack gap="sm">
          <TextInput
            label="Title"
            required
            maxLength={200}
            {...form.getInputProps('title')}
            data-autofocus
            data-testid="new-task-title"
          />
          <Textarea
            label="Description"
            description="Markdown"
            autosize
            minRows={3}
            maxRows={12}
            {...form.getInputProps('description')}
            data-testid="new-task-description"
          />
          <Group grow align="flex-start">
            <Select
              label="Assignee"
              placeholder="Unassigned"
              data={members}
              clearable
              searchable
              {...form.getInputProps('assigneeId')}
              data-testid="new-task-assignee"
            />
            <TextInput label="Due date" type="date" {...form.getInputProps('dueDate')} data-testid="new-task-due" />
          </Group>
          <TaskLinkFields
            technologies={technologies}
            technologyIds={form.values.technologyIds}
            onTechnologyIds={(ids) => form.setFieldValue('technologyIds', ids)}
            tags={form.values.tags}
            onTags={(tags) => form.setFieldValue('tags', tags)}
            errors={form.errors}
            testIdPrefix="new-task"
          />
          {formError !== undefined && (
            <Alert color="red" variant="light" role="alert">
              {formError}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="new-task-submit">
              Create task
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
