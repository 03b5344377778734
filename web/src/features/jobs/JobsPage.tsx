import {
  ActionIcon,
  Button,
  Code,
  Collapse,
  Group,
  Paper,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import { describeError } from '../../api/problem';
import { atLeast, JOB_STATUSES, type Job } from '../../api/types';
import { JobStatusBadge } from '../../components/badges';
import { dateTime, duration, noun, plural, timeAgo } from '../../components/format';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useProject } from '../../layout/ProjectContext';
import { useLiveStatus } from '../../live/LiveProvider';
import { useJobAction } from './mutations';
import { ACTIVE, useJobSummary, useJobs } from './queries';

const SUMMARY_DAYS = 30;

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/** The last 30 days at a glance: how many jobs ran, how many succeeded, and which types fail. */
function JobsSummary({ projectId }: { projectId: string }) {
  const summary = useJobSummary(projectId, SUMMARY_DAYS);
  if (summary.isPending || summary.isError || summary.data.total === 0) return null;
  const { byStatus, byType, successRate, total } = summary.data;
  const figures: Array<[string, string]> = [
    [`${noun(total, 'job')} in ${plural(SUMMARY_DAYS, 'day')}`, String(total)],
    ['succeeded', percent(successRate)],
    ['failed', String(byStatus.failed ?? 0)],
    ['pending or running', String((byStatus.pending ?? 0) + (byStatus.running ?? 0))],
  ];
  return (
    <Paper withBorder radius="md" p="md" data-testid="jobs-summary">
      <Group gap="xl" wrap="wrap">
        {figures.map(([label, value]) => (
          <div key={label}>
            <Text fw={700} size="lg">
              {value}
            </Text>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
          </div>
        ))}
      </Group>
      <Table mt="sm" verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Type</Table.Th>
            <Table.Th ta="right">Jobs</Table.Th>
            <Table.Th ta="right">Succeeded</Table.Th>
            <Table.Th ta="right" visibleFrom="sm">
              Mean run
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {byType.map((entry) => (
            <Table.Tr key={entry.type}>
              <Table.Td>
                <Code>{entry.type}</Code>
              </Table.Td>
              <Table.Td ta="right">{entry.total}</Table.Td>
              <Table.Td ta="right">{percent(entry.successRate)}</Table.Td>
              <Table.Td ta="right" visibleFrom="sm">
                {entry.meanRunSeconds === null ? '—' : `${entry.meanRunSeconds} s`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function JobDetails({ job }: { job: Job }) {
  const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return (
    <Stack gap="xs" py="xs">
      <Group gap="xl" wrap="wrap">
        <Text size="xs">
          <b>Id</b> <Code>{job.id}</Code>
        </Text>
        <Text size="xs">
          <b>Created</b> {dateTime(job.createdAt)}
        </Text>
        <Text size="xs">
          <b>Started</b> {dateTime(job.startedAt)}
        </Text>
        <Text size="xs">
          <b>Finished</b> {dateTime(job.finishedAt)}
        </Text>
        <Text size="xs">
          <b>Attempts</b> {job.attempts}
        </Text>
      </Group>
      {job.error !== null && job.error !== undefined && (
        <div>
          <Text size="xs" fw={700} c="red">
            Error
          </Text>
          <Code block color="red.1" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {show(job.error)}
          </Code>
        </div>
      )}
      {job.result !== null && job.result !== undefined && (
        <div>
          <Text size="xs" fw={700}>
            Result
          </Text>
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 240, overflow: 'auto' }}>
            {show(job.result)}
          </Code>
        </div>
      )}
    </Stack>
  );
}

function JobRow({ job, projectId, canAct }: { job: Job; projectId: string; canAct: boolean }) {
  const [open, setOpen] = useState(false);
  const action = useJobAction(projectId, job.id);
  const act = (verb: 'cancel' | 'retry') =>
    action.mutate(verb, {
      onSuccess: () =>
        notifications.show({ message: verb === 'cancel' ? 'Cancellation requested' : 'Job queued again' }),
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: verb === 'cancel' ? 'Not cancelled' : 'Not retried',
          message: describeError(error),
        }),
    });
  const progress = Math.max(0, Math.min(100, job.progress ?? 0));
  return (
    <Fragment>
      <Table.Tr data-testid="job-row" data-job-id={job.id} data-status={job.status}>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              size="sm"
              onClick={() => setOpen((value) => !value)}
              aria-label={open ? 'Hide details' : 'Show details'}
              aria-expanded={open}
            >
              {open ? '▾' : '▸'}
            </ActionIcon>
            <div>
              <Text size="sm" fw={500} ff="monospace">
                {job.type}
              </Text>
              <Text size="xs" c="dimmed">
                {timeAgo(job.createdAt)}
              </Text>
            </div>
          </Group>
        </Table.Td>
        <Table.Td>
          <JobStatusBadge status={job.status} />
        </Table.Td>
        <Table.Td miw={160}>
          <Progress
            value={job.status === 'completed' ? 100 : progress}
            color={job.status === 'failed' ? 'red' : job.status === 'completed' ? 'green' : 'blue'}
            animated={job.status === 'running'}
            striped={job.status === 'running'}
            aria-label={`Progress ${progress}%`}
          />
          <Text size="xs" c="dimmed" mt={2} lineClamp={1}>
            {job.status === 'completed' ? 'done' : `${progress}%`}
            {job.step && job.status !== 'completed' ? ` · ${job.step}` : ''}
          </Text>
        </Table.Td>
        <Table.Td visibleFrom="sm">
          <Text size="xs">{duration(job.startedAt, job.finishedAt)}</Text>
        </Table.Td>
        <Table.Td ta="right">
          {canAct && ACTIVE.has(job.status) && (
            <Button size="xs" variant="subtle" color="red" loading={action.isPending} onClick={() => act('cancel')}>
              Cancel
            </Button>
          )}
          {canAct && (job.status === 'failed' || job.status === 'cancelled') && (
            <Button size="xs" variant="subtle" loading={action.isPending} onClick={() => act('retry')}>
              Retry
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
      <Table.Tr style={{ display: open ? undefined : 'none' }}>
        <Table.Td colSpan={5}>
          <Collapse expanded={open}>
            <JobDetails job={job} />
          </Collapse>
        </Table.Td>
      </Table.Tr>
    </Fragment>
  );
}

export function JobsPage() {
  const project = useProject();
  const live = useLiveStatus();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const [typeInput, setTypeInput] = useState(params.get('type') ?? '');
  const [type] = useDebouncedValue(typeInput.trim(), 300);

  const jobs = useJobs(project.id, { status, type }, live.status === 'live');
  const items = jobs.data?.pages.flatMap((page) => page.items) ?? [];
  const canAct = atLeast(project.role, 'member');

  let body: React.ReactNode;
  if (jobs.isPending) body = <Loading label="Loading jobs…" />;
  else if (jobs.isError) body = <ErrorState error={jobs.error} retry={() => void jobs.refetch()} />;
  else if (items.length === 0)
    body = (
      <EmptyState title={status || type ? 'No jobs match' : 'No jobs yet'}>
        {status || type
          ? 'Change the filters to see other jobs.'
          : 'Syncs, imports and indexing runs show up here with their progress.'}
      </EmptyState>
    );
  else
    body = (
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing="xs" data-testid="jobs-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Progress</Table.Th>
              <Table.Th visibleFrom="sm">Duration</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((job) => (
              <JobRow key={job.id} job={job} projectId={project.id} canAct={canAct} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  const setStatus = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set('status', value);
    else next.delete('status');
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Jobs
          </Title>
          <Text c="dimmed" size="sm">
            Background work in {project.name}; progress updates live.
          </Text>
        </div>
        <Tooltip label="Reload the list">
          <Button variant="default" size="xs" onClick={() => void jobs.refetch()} loading={jobs.isRefetching}>
            Refresh
          </Button>
        </Tooltip>
      </Group>
      <JobsSummary projectId={project.id} />
      <Group gap="sm" wrap="wrap">
        <Select
          label="Status"
          placeholder="Any status"
          data={JOB_STATUSES.map((value) => ({ value, label: value }))}
          value={status || null}
          onChange={setStatus}
          clearable
          w={180}
        />
        <TextInput
          label="Type"
          placeholder="e.g. repository.sync"
          value={typeInput}
          onChange={(e) => setTypeInput(e.currentTarget.value)}
          w={240}
        />
      </Group>
      <Paper withBorder radius="md" p={{ base: 'xs', sm: 'md' }}>
        {body}
        {jobs.hasNextPage && (
          <Group justify="center" mt="sm">
            <Button variant="default" onClick={() => void jobs.fetchNextPage()} loading={jobs.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        )}
      </Paper>
    </Stack>
  );
}
