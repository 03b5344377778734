import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { useFormErrors } from '../../components/forms';
import { TaskLinkFields } from './components';
import { invalidateResearch } from './live';
import { normalizeTags } from './model';
import type { CreateTaskBody } from './types';

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
  const client = useQueryClient();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [dueDate, setDueDate] = useState('');
  const [technologyIds, setTechnologyIds] = useState<string[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  const { errors, fromError, clear, setField } = useFormErrors(FIELDS);

  const reset = () => {
    setTitle('');
    setDescription('');
    setAssigneeId(null);
    setDueDate('');
    setTechnologyIds([]);
    setTags([]);
    clear();
  };

  const create = useMutation({
    mutationFn: (body: CreateTaskBody) =>
      call(api.POST('/api/v1/projects/{projectId}/research-tasks', { params: { path: { projectId } }, body })),
    onSuccess: (task, _body) => {
      void invalidateResearch(client, projectId);
      notifications.show({
        color: 'green',
        message: `Task “${task.title}” created`,
      });
      reset();
      onClose();
      void navigate(`/projects/${projectId}/research/tasks/${task.id}`);
    },
    onError: fromError,
  });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (title.trim() === '') {
      setField('title', 'Give the task a title.');
      return;
    }
    create.mutate({
      title: title.trim(),
      ...(description.trim() ? { description } : {}),
      ...(assigneeId ? { assigneeId } : {}),
      ...(dueDate ? { dueDate } : {}),
      ...(technologyIds.length > 0 ? { technologyIds } : {}),
      ...(tags.length > 0 ? { tags: normalizeTags(tags) } : {}),
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New research task" size="lg">
      <form onSubmit={submit} data-testid="new-task-form" noValidate>
        <Stack gap="sm">
          <TextInput
            label="Title"
            required
            maxLength={200}
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            error={errors.fields.title}
            data-autofocus
            data-testid="new-task-title"
          />
          <Textarea
            label="Description"
            description="Markdown"
            autosize
            minRows={3}
            maxRows={12}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={errors.fields.description}
            data-testid="new-task-description"
          />
          <Group grow align="flex-start">
            <Select
              label="Assignee"
              placeholder="Unassigned"
              data={members}
              value={assigneeId}
              onChange={setAssigneeId}
              clearable
              searchable
              error={errors.fields.assigneeId}
              data-testid="new-task-assignee"
            />
            <TextInput
              label="Due date"
              type="date"
              value={dueDate}
              onChange={(event) => setDueDate(event.currentTarget.value)}
              error={errors.fields.dueDate}
              data-testid="new-task-due"
            />
          </Group>
          <TaskLinkFields
            technologies={technologies}
            technologyIds={technologyIds}
            onTechnologyIds={setTechnologyIds}
            tags={tags}
            onTags={setTags}
            errors={errors.fields}
            testIdPrefix="new-task"
          />
          {errors.form !== undefined && (
            <Alert color="red" variant="light" role="alert">
              {errors.form}
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
