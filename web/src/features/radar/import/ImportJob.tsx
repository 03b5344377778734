import { Alert, Anchor, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { Link } from 'react-router';
import type { Job } from '../../../api/types';
import { JobStatusBadge } from '../../../components/badges';
import { plural } from '../../../components/format';
import { useLiveStatus } from '../../../live/LiveProvider';
import { useActivity } from '../../../live/queries';
import { ACTIVE, usePolledJob } from '../../jobs/queries';
import type { ImportAccepted } from '../queries';

/** The import job's record: live from the event stream (job.updated events), polled only while the stream is down. */
function useImportJob(projectId: string, initial: Job | undefined) {
  const live = useLiveStatus();
  const activity = useActivity(projectId);
  const polled = usePolledJob(projectId, initial, live.status === 'live');
  return useMemo(() => {
    if (initial === undefined) return undefined;
    const candidates: Job[] = [initial];
    if (polled.data) candidates.push(polled.data);
    for (const event of activity.data?.items ?? []) {
      const data = event.data as Partial<Job> | null;
      if (event.type.startsWith('commandcenter.job.updated') && data?.id === initial.id) {
        candidates.push({ ...initial, ...data } as Job);
      }
    }
    // The newest record wins; a finished one beats an unfinished one with the same timestamp.
    return candidates.reduce((best, job) => {
      const newer = Date.parse(job.updatedAt) - Date.parse(best.updatedAt);
      if (newer > 0) return job;
      if (newer === 0 && ACTIVE.has(best.status) && !ACTIVE.has(job.status)) return job;
      return best;
    });
  }, [initial, polled.data, activity.data]);
}

/** What the import job reports when it is done (src/modules/radar/import/run.ts). */
interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  removed: number;
  related?: number;
  volumeId: string | null;
  conflictDetails: Array<{ row: number; title: string; reason: string }>;
}

/** The finished import in words, with links to what it changed. */
function ImportSummary({ projectId, radarId, result }: { projectId: string; radarId: string; result: ImportResult }) {
  const parts = [
    `${plural(result.created, 'technology', 'technologies')} created`,
    `${plural(result.updated, 'technology', 'technologies')} updated`,
    `${result.unchanged.toLocaleString()} unchanged`,
    ...(result.removed > 0 ? [`${plural(result.removed, 'blip')} removed`] : []),
    ...((result.related ?? 0) > 0 ? [`${plural(result.related ?? 0, 'relation')} added`] : []),
  ];
  return (
    <Alert color="green" variant="light" title="Imported" data-testid="import-done">
      <Text size="sm" data-testid="import-summary">
        {parts.join(', ')}.
      </Text>
      {result.conflicts > 0 && (
        <Text size="sm" c="red" mt={4}>
          {plural(result.conflicts, 'row')} not imported:{' '}
          {result.conflictDetails
            .slice(0, 5)
            .map((conflict) => `row ${conflict.row} ${conflict.title} (${conflict.reason})`)
            .join('; ')}
          {result.conflicts > 5 ? '; …' : ''}
        </Text>
      )}
      <Group gap="md" mt="xs">
        <Anchor component={Link} to={`/projects/${projectId}/radar?radar=${radarId}`} data-testid="import-see-radar">
          See the radar →
        </Anchor>
        {result.volumeId !== null && (
          <Anchor
            component={Link}
            to={`/projects/${projectId}/radar/diff?radar=${radarId}&to=${result.volumeId}`}
            data-testid="import-see-volume"
          >
            See the published volume →
          </Anchor>
        )}
      </Group>
    </Alert>
  );
}

export function JobProgress({
  projectId,
  accepted,
  radarId,
  onFinished,
}: {
  projectId: string;
  accepted: ImportAccepted;
  radarId: string;
  onFinished: () => void;
}) {
  const job = useImportJob(projectId, accepted.job as Job);
  const done = job?.status === 'completed';
  useEffect(() => {
    if (done) onFinished();
  }, [done, onFinished]);
  if (job === undefined) return null;
  const progress = job.status === 'completed' ? 100 : Math.max(0, Math.min(100, job.progress ?? 0));
  const result = job.result as ImportResult | null;
  return (
    <Stack gap="sm" data-testid="import-job" data-status={job.status}>
      <Group justify="space-between">
        <Text fw={600}>Import job</Text>
        <JobStatusBadge status={job.status} />
      </Group>
      <Progress
        value={progress}
        color={job.status === 'failed' ? 'red' : job.status === 'completed' ? 'green' : 'blue'}
        striped={ACTIVE.has(job.status)}
        animated={job.status === 'running'}
        aria-label={`Import progress ${progress}%`}
      />
      <Text size="xs" c="dimmed">
        {progress}%{job.step ? ` · ${job.step}` : ''}
      </Text>
      {job.status === 'failed' && (
        <Alert color="red" variant="light" role="alert" title="The import failed">
          {job.error ?? 'No reason given.'}
        </Alert>
      )}
      {job.status === 'completed' && result !== null && (
        <ImportSummary projectId={projectId} radarId={radarId} result={result} />
      )}
      <Anchor component={Link} to={`/projects/${projectId}/jobs`} size="xs">
        All jobs
      </Anchor>
    </Stack>
  );
}
