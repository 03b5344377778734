import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  FileButton,
  Grid,
  Group,
  NumberInput,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Slider,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError, describeError } from '../../api/problem';
import { atLeast } from '../../api/types';
import { useAuth } from '../../auth/useAuth';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Field } from '../../components/Field';
import { dateTime, day, timeAgo } from '../../components/format';
import { useFormErrors } from '../../components/forms';
import { Markdown } from '../../components/Markdown';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { NotFoundContent } from '../../layout/NotFoundPage';
import { useProject } from '../../layout/ProjectContext';
import { radarKeys } from '../radar/keys';
import { type Proposal, useTechnologies } from '../radar/queries';
import { EditableMarkdown, OverdueBadge, StatusBadge, TaskLinkFields, VerdictBadge } from './components';
import { researchKeys } from './keys';
import { invalidateResearch } from './live';
import {
  CONFIDENCES,
  formatBytes,
  normalizeTags,
  proposeBlocker,
  reconcileCompletion,
  STATUS_LABEL,
  TASK_STATUSES,
  VERDICTS,
} from './model';
import {
  downloadAttachment,
  uploadAttachment,
  useMembers,
  useTask,
  useTaskAttachments,
  useTaskComments,
} from './queries';
import type { Confidence, ResearchTask, TaskStatus, UpdateTaskBody, Verdict } from './types';

type Members = ReturnType<typeof useMembers>;
type Option = { value: string; label: string };

/** PATCH the task; the answer goes straight into the cache, and every research view refreshes. */
function useUpdateTask(projectId: string, taskId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateTaskBody) =>
      call(
        api.PATCH('/api/v1/projects/{projectId}/research-tasks/{taskId}', {
          params: { path: { projectId, taskId } },
          body,
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData(researchKeys.task(projectId, taskId), updated);
      void invalidateResearch(client, projectId);
    },
  });
}

function Section({
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

/** The details form; only the fields that changed are sent, so concurrent edits of other fields survive. */
function DetailsForm({
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
  const { errors, fromError, clear } = useFormErrors(EDIT_FIELDS);
  const [title, setTitle] = useState(task.title);
  const [completion, setCompletion] = useState({ status: task.status, progress: task.progress });
  const [estimatedHours, setEstimatedHours] = useState<number | string>(task.estimatedHours ?? '');
  const [actualHours, setActualHours] = useState<number | string>(task.actualHours ?? '');
  const [dueDate, setDueDate] = useState(task.dueDate ?? '');
  const [assigneeId, setAssigneeId] = useState<string | null>(task.assigneeId);
  const [technologyIds, setTechnologyIds] = useState<string[]>(task.technologyIds);
  const [tags, setTags] = useState<string[]>(task.tags);

  const asHours = (value: number | string): number | null => (value === '' ? null : Number(value));
  const sameList = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((item, index) => item === b[index]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    clear();
    const body: UpdateTaskBody = {};
    if (title.trim() !== task.title) body.title = title.trim();
    if (completion.status !== task.status) body.status = completion.status;
    if (completion.progress !== task.progress) body.progress = completion.progress;
    if (asHours(estimatedHours) !== task.estimatedHours) body.estimatedHours = asHours(estimatedHours);
    if (asHours(actualHours) !== task.actualHours) body.actualHours = asHours(actualHours);
    if ((dueDate || null) !== task.dueDate) body.dueDate = dueDate || null;
    if (assigneeId !== task.assigneeId) body.assigneeId = assigneeId;
    if (!sameList(technologyIds, task.technologyIds)) body.technologyIds = technologyIds;
    const nextTags = normalizeTags(tags);
    if (!sameList(nextTags, task.tags)) body.tags = nextTags;
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    update.mutate(body, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: 'Task saved' });
        onDone();
      },
      onError: fromError,
    });
  };

  return (
    <form onSubmit={submit} data-testid="task-edit-form" noValidate>
      <Stack gap="sm">
        <TextInput
          label="Title"
          value={title}
          maxLength={200}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={errors.fields.title}
        />
        <Grid>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select
              label="Status"
              data={TASK_STATUSES.map((status) => ({ value: status, label: STATUS_LABEL[status] }))}
              value={completion.status}
              onChange={(value) =>
                value && setCompletion((before) => reconcileCompletion(before, { status: value as TaskStatus }))
              }
              allowDeselect={false}
              error={errors.fields.status}
              data-testid="edit-status"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <Text size="sm" fw={500} mb={4} id="progress-label">
              Progress
            </Text>
            <Group gap="sm" wrap="nowrap" align="center">
              <Slider
                value={completion.progress}
                onChange={(value) => setCompletion((before) => reconcileCompletion(before, { progress: value }))}
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
                value={completion.progress}
                onChange={(value) =>
                  typeof value === 'number' &&
                  setCompletion((before) => reconcileCompletion(before, { progress: value }))
                }
                min={0}
                max={100}
                clampBehavior="strict"
                allowDecimal={false}
                suffix="%"
                w={90}
                data-testid="edit-progress"
              />
            </Group>
            {errors.fields.progress && (
              <Text c="red" size="xs">
                {errors.fields.progress}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={4}>
              Progress 100 completes the task; completing sets it to 100.
            </Text>
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <NumberInput
              label="Estimated hours"
              value={estimatedHours}
              onChange={setEstimatedHours}
              min={0}
              max={100_000}
              error={errors.fields.estimatedHours}
              data-testid="edit-estimated"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <NumberInput
              label="Actual hours"
              value={actualHours}
              onChange={setActualHours}
              min={0}
              max={100_000}
              error={errors.fields.actualHours}
              data-testid="edit-actual"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <TextInput
              label="Due date"
              type="date"
              value={dueDate}
              onChange={(event) => setDueDate(event.currentTarget.value)}
              error={errors.fields.dueDate}
              data-testid="edit-due"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <Select
              label="Assignee"
              placeholder="Unassigned"
              data={members}
              value={assigneeId}
              onChange={setAssigneeId}
              clearable
              searchable
              error={errors.fields.assigneeId}
              data-testid="edit-assignee"
            />
          </Grid.Col>
        </Grid>
        <TaskLinkFields
          technologies={technologies}
          technologyIds={technologyIds}
          onTechnologyIds={setTechnologyIds}
          tags={tags}
          onTags={setTags}
          errors={errors.fields}
          testIdPrefix="edit"
        />
        {errors.form !== undefined && (
          <Alert color="red" variant="light" role="alert" data-testid="edit-error">
            {errors.form}
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

/** Verdict and confidence go together (the server refuses one without the other). */
function VerdictForm({ task, canEdit }: { task: ResearchTask; canEdit: boolean }) {
  const project = useProject();
  const update = useUpdateTask(project.id, task.id);
  const [verdict, setVerdict] = useState<Verdict | null>(task.verdict);
  const [confidence, setConfidence] = useState<Confidence | null>(task.confidence);
  const [error, setError] = useState<string | undefined>();
  const dirty = verdict !== task.verdict || confidence !== task.confidence;
  if (!canEdit) {
    return task.verdict === null ? (
      <Text size="sm" c="dimmed">
        No verdict yet.
      </Text>
    ) : (
      <VerdictBadge verdict={task.verdict} confidence={task.confidence} />
    );
  }
  const save = (body: UpdateTaskBody, message: string) => {
    setError(undefined);
    update.mutate(body, {
      onSuccess: () => notifications.show({ color: 'green', message }),
      onError: (failure) => setError(describeError(failure)),
    });
  };
  const record = () => {
    if (verdict === null) return;
    if (confidence === null) {
      setError('Say how confident the verdict is.');
      return;
    }
    save({ verdict, confidence }, 'Verdict recorded');
  };
  return (
    <Stack gap="xs" data-testid="verdict-form">
      <Text size="xs" c="dimmed" fw={600}>
        Verdict
      </Text>
      <SegmentedControl
        value={verdict ?? ''}
        onChange={(value) => setVerdict(value as Verdict)}
        data={VERDICTS.map((value) => ({ value, label: value }))}
        fullWidth
        size="xs"
        data-testid="verdict-control"
      />
      <Text size="xs" c="dimmed" fw={600}>
        Confidence
      </Text>
      <SegmentedControl
        value={confidence ?? ''}
        onChange={(value) => setConfidence(value as Confidence)}
        data={CONFIDENCES.map((value) => ({ value, label: value }))}
        disabled={verdict === null}
        fullWidth
        size="xs"
        data-testid="confidence-control"
      />
      {error !== undefined && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
      <Group gap="xs">
        <Button
          size="xs"
          onClick={record}
          disabled={!dirty || verdict === null}
          loading={update.isPending && update.variables?.verdict !== null}
          data-testid="verdict-save"
        >
          Save verdict
        </Button>
        {task.verdict !== null && (
          <Button
            size="xs"
            variant="subtle"
            color="gray"
            onClick={() => save({ verdict: null }, 'Verdict cleared')}
            loading={update.isPending && update.variables?.verdict === null}
            data-testid="verdict-clear"
          >
            Clear
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** Opens a ring-change proposal on the radar from the verdict; the proposals inbox is where it is decided. */
function ProposeAction({ task, technologies }: { task: ResearchTask; technologies: Map<string, string> }) {
  const project = useProject();
  const client = useQueryClient();
  const [technologyId, setTechnologyId] = useState<string | null>(task.technologyIds[0] ?? null);
  const [rationale, setRationale] = useState('');
  const [created, setCreated] = useState<Proposal | null>(null);
  const blocker = proposeBlocker(task);
  const propose = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/projects/{projectId}/research-tasks/{taskId}/propose', {
          params: { path: { projectId: project.id, taskId: task.id } },
          body: {
            ...(task.technologyIds.length > 1 && technologyId ? { technologyId } : {}),
            ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
          },
        }),
      ),
    onSuccess: (proposal) => {
      setCreated(proposal);
      setRationale('');
      void client.invalidateQueries({ queryKey: radarKeys.all(project.id) });
    },
  });
  if (blocker !== null) {
    return (
      <Text size="sm" c="dimmed" data-testid="propose-blocked">
        {blocker} A verdict on a linked technology can become a ring-change proposal on the radar.
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="propose">
      {task.technologyIds.length > 1 && (
        <Select
          label="Technology"
          data={task.technologyIds.map((id) => ({ value: id, label: technologies.get(id) ?? id }))}
          value={technologyId}
          onChange={setTechnologyId}
          allowDeselect={false}
          size="xs"
        />
      )}
      <Textarea
        label="Rationale"
        description="Optional: defaults to the title, verdict, confidence and findings"
        autosize
        minRows={2}
        maxLength={5000}
        value={rationale}
        onChange={(event) => setRationale(event.currentTarget.value)}
        size="xs"
      />
      <Group>
        <Button size="xs" onClick={() => propose.mutate()} loading={propose.isPending} data-testid="propose-button">
          Propose ring change ({task.verdict})
        </Button>
      </Group>
      {propose.isError && (
        <Alert color="red" variant="light" role="alert" data-testid="propose-error" title="No proposal opened">
          {describeError(propose.error)}
        </Alert>
      )}
      {created !== null && (
        <Alert color="green" variant="light" data-testid="propose-done" title="Proposal opened">
          <Text size="sm">
            {created.technologyTitle}: {created.fromRing.name} → <b>{created.toRing.name}</b>, waiting for an admin.
          </Text>
          <Anchor
            component={Link}
            to={`/projects/${project.id}/radar/proposals`}
            size="sm"
            data-testid="open-proposals-inbox"
          >
            Open the proposals inbox
          </Anchor>
        </Alert>
      )}
    </Stack>
  );
}

function Attachments({ task, canEdit, members }: { task: ResearchTask; canEdit: boolean; members: Members }) {
  const project = useProject();
  const client = useQueryClient();
  const attachments = useTaskAttachments(project.id, task.id);
  const [error, setError] = useState<string | undefined>();
  const refresh = () => invalidateResearch(client, project.id);
  const upload = useMutation({
    mutationFn: (file: File) => uploadAttachment(project.id, task.id, file),
    onMutate: () => setError(undefined),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'File attached' });
      void refresh();
    },
    onError: (failure) => setError(describeError(failure)),
  });
  const items = attachments.data?.pages.flatMap((page) => page.items) ?? [];
  const remove = async (attachmentId: string) => {
    try {
      await call(
        api.DELETE('/api/v1/projects/{projectId}/research-tasks/{taskId}/attachments/{attachmentId}', {
          params: { path: { projectId: project.id, taskId: task.id, attachmentId } },
        }),
      );
      await refresh();
    } catch (failure) {
      setError(describeError(failure));
      throw failure;
    }
  };
  const download = (attachment: { id: string; filename: string }) =>
    downloadAttachment(project.id, task.id, attachment).catch((failure: unknown) => setError(describeError(failure)));

  return (
    <Section
      title={`Attachments (${task.attachmentCount})`}
      testId="attachments"
      action={
        canEdit ? (
          <FileButton
            onChange={(file) => file && upload.mutate(file)}
            inputProps={{ 'data-testid': 'attachment-input' } as React.ComponentProps<'input'>}
          >
            {(props) => (
              <Button size="xs" variant="light" loading={upload.isPending} data-testid="attachment-upload" {...props}>
                Upload a file
              </Button>
            )}
          </FileButton>
        ) : undefined
      }
    >
      {error !== undefined && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          mb="sm"
          data-testid="attachment-error"
          withCloseButton
          onClose={() => setError(undefined)}
        >
          {error}
        </Alert>
      )}
      {attachments.isPending && <Loading label="Loading attachments…" />}
      {attachments.isError && <ErrorState error={attachments.error} retry={() => void attachments.refetch()} />}
      {attachments.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No files yet
          {canEdit ? ': attach papers, benchmarks or screenshots (PDF, images, text, CSV, JSON, ZIP).' : '.'}
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={4} data-testid="attachment-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Added</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((attachment) => (
                <Table.Tr key={attachment.id} data-testid="attachment" data-filename={attachment.filename}>
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={() => void download(attachment)}
                      data-testid="attachment-download"
                    >
                      {attachment.filename}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {attachment.contentType}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" data-testid="attachment-size">
                      {formatBytes(attachment.sizeBytes)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {timeAgo(attachment.createdAt)} · {members.nameOf(attachment.uploadedBy)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <ConfirmButton
                        title="Delete attachment"
                        message={`Delete ${attachment.filename}? This cannot be undone.`}
                        confirmLabel="Delete"
                        onConfirm={() => remove(attachment.id)}
                        data-testid="attachment-delete"
                      >
                        Delete
                      </ConfirmButton>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {attachments.hasNextPage && (
        <Button size="compact-xs" variant="subtle" mt="xs" onClick={() => void attachments.fetchNextPage()}>
          Load more
        </Button>
      )}
    </Section>
  );
}

function Comments({ task, canEdit, members }: { task: ResearchTask; canEdit: boolean; members: Members }) {
  const project = useProject();
  const auth = useAuth();
  const me = auth.status === 'authenticated' ? auth.user.id : undefined;
  const isAdmin = atLeast(project.role, 'admin');
  const client = useQueryClient();
  const comments = useTaskComments(project.id, task.id);
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/projects/{projectId}/research-tasks/{taskId}/comments', {
          params: { path: { projectId: project.id, taskId: task.id } },
          body: { body: body.trim() },
        }),
      ),
    onSuccess: () => {
      setBody('');
      void invalidateResearch(client, project.id);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Comment not added', message: describeError(error) }),
  });
  const remove = async (commentId: string) => {
    try {
      await call(
        api.DELETE('/api/v1/projects/{projectId}/research-tasks/{taskId}/comments/{commentId}', {
          params: { path: { projectId: project.id, taskId: task.id, commentId } },
        }),
      );
      await invalidateResearch(client, project.id);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Comment not deleted', message: describeError(error) });
      throw error;
    }
  };
  const items = comments.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Section title={`Comments (${task.commentCount})`} testId="comments">
      <Stack gap="sm">
        {comments.isPending && <Loading label="Loading comments…" />}
        {comments.isError && <ErrorState error={comments.error} retry={() => void comments.refetch()} />}
        {comments.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed">
            No comments yet.
          </Text>
        )}
        {items.map((comment) => (
          <Paper key={comment.id} withBorder radius="sm" p="xs" data-testid="comment">
            <Group justify="space-between" gap="xs">
              <Text size="xs" c="dimmed">
                {comment.authorId === me ? 'You' : members.nameOf(comment.authorId)} · {timeAgo(comment.createdAt)}
              </Text>
              {canEdit && (comment.authorId === me || isAdmin) && (
                <ConfirmButton
                  size="compact-xs"
                  title="Delete comment"
                  message="Delete this comment?"
                  confirmLabel="Delete"
                  onConfirm={() => remove(comment.id)}
                  data-testid="comment-delete"
                >
                  Delete
                </ConfirmButton>
              )}
            </Group>
            <Markdown source={comment.body} />
          </Paper>
        ))}
        {comments.hasNextPage && (
          <Button size="compact-xs" variant="subtle" onClick={() => void comments.fetchNextPage()}>
            Older comments
          </Button>
        )}
        {canEdit && (
          <Stack gap="xs">
            <Textarea
              aria-label="Comment"
              placeholder="Add a comment (markdown)"
              autosize
              minRows={2}
              maxLength={10_000}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
              data-testid="comment-input"
            />
            <Group>
              <Button
                size="xs"
                variant="light"
                onClick={() => add.mutate()}
                disabled={body.trim() === ''}
                loading={add.isPending}
                data-testid="comment-submit"
              >
                Comment
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Section>
  );
}

/** One research task: its fields and edit form, description and findings, verdict, files, comments, proposal. */
export function TaskPage() {
  const project = useProject();
  const { taskId = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const task = useTask(project.id, taskId);
  const members = useMembers(project.id);
  const technologies = useTechnologies(project.id, undefined);
  const canEdit = atLeast(project.role, 'member');
  const [editing, setEditing] = useState(false);
  const update = useUpdateTask(project.id, taskId);
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
      await call(
        api.DELETE('/api/v1/projects/{projectId}/research-tasks/{taskId}', {
          params: { path: { projectId: project.id, taskId } },
        }),
      );
    } catch (error) {
      notifications.show({ color: 'red', title: 'Task not deleted', message: describeError(error) });
      throw error;
    }
    notifications.show({ message: `Task “${data.title}” deleted` });
    client.removeQueries({ queryKey: researchKeys.task(project.id, taskId) });
    void invalidateResearch(client, project.id);
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
          <DetailsForm
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
            <Attachments task={data} canEdit={canEdit} members={members} />
            <Comments task={data} canEdit={canEdit} members={members} />
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
