import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Checkbox,
  FileInput,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type DecodedFile, decodeImportFile } from '../../../../src/modules/radar/import/decode';
import { api, call } from '../../api/client';
import { describeError } from '../../api/problem';
import type { Job } from '../../api/types';
import { JobStatusBadge } from '../../components/badges';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useProject } from '../../layout/ProjectContext';
import { useActivity, useLiveStatus } from '../../live/LiveProvider';
import { registerRadarLiveRules } from '../../radar/live';
import { type ImportAccepted, type ImportBody, type ImportPreview, useRadars } from '../../radar/queries';

registerRadarLiveRules();

type Format = 'byor-csv' | 'byor-json' | 'zalando';
type Strategy = 'skip' | 'overwrite' | 'merge';

const FORMATS: Array<{ value: Format; label: string }> = [
  { value: 'byor-csv', label: 'BYOR CSV' },
  { value: 'byor-json', label: 'BYOR JSON' },
  { value: 'zalando', label: 'Zalando JSON' },
];

const STRATEGIES: Array<{ value: Strategy; label: string; help: string }> = [
  { value: 'merge', label: 'Merge', help: 'fill empty fields, add tags, move blips to the file’s ring' },
  { value: 'overwrite', label: 'Overwrite', help: 'replace fields with the file’s, move blips' },
  { value: 'skip', label: 'Skip', help: 'leave existing technologies and their blips alone' },
];

/** Guesses the format from the file name and its first characters. */
export function detectFormat(name: string, content: string): Format | undefined {
  const text = content.trimStart();
  if (/\.csv$/i.test(name) || /^name\s*,/i.test(text)) return 'byor-csv';
  if (text.startsWith('[')) return 'byor-json';
  if (text.startsWith('{')) return /"entries"\s*:/.test(text) ? 'zalando' : 'byor-json';
  return undefined;
}

const ACTIVE = new Set(['pending', 'running']);

/** The import job's record: live from the event stream (job.updated events), polled only while the stream is down. */
function useImportJob(projectId: string, initial: Job | undefined) {
  const live = useLiveStatus();
  const activity = useActivity(projectId);
  const polled = useQuery({
    enabled: initial !== undefined,
    queryKey: ['project', projectId, 'import-job', initial?.id ?? ''],
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/jobs/{jobId}', {
          params: { path: { projectId, jobId: initial?.id ?? '' } },
        }),
      ),
    refetchInterval: (query) => {
      const status = query.state.data?.status ?? initial?.status;
      if (status !== undefined && !ACTIVE.has(status)) return false;
      return live.status === 'live' ? 10_000 : 1_000;
    },
  });
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

function PreviewTables({ preview }: { preview: ImportPreview }) {
  const radars = useRadars(useProject().id);
  const radar = radars.data?.find((candidate) => candidate.id === preview.radarId);
  const segment = (list: Array<{ id: string; name: string }> | undefined, id: string) =>
    list?.find((item) => item.id === id)?.name ?? id;
  const tab = preview.conflicts.length > 0 ? 'conflicts' : preview.creates.length > 0 ? 'creates' : 'updates';
  return (
    <Stack gap="sm" data-testid="import-preview">
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
        {[
          ['Rows', preview.rows, 'gray'],
          ['Creates', preview.creates.length, 'teal'],
          ['Updates', preview.updates.length, 'blue'],
          ['Unchanged', preview.unchanged, 'gray'],
          ['Conflicts', preview.conflicts.length, preview.conflicts.length > 0 ? 'red' : 'gray'],
        ].map(([label, value, color]) => (
          <Paper key={String(label)} withBorder radius="md" p="xs">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={700} size="lg" c={String(color)} data-testid={`preview-${String(label).toLowerCase()}`}>
              {value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Tabs defaultValue={tab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="creates">Creates ({preview.creates.length})</Tabs.Tab>
          <Tabs.Tab value="updates">Updates ({preview.updates.length})</Tabs.Tab>
          <Tabs.Tab value="conflicts">Conflicts ({preview.conflicts.length})</Tabs.Tab>
          {preview.removals.length > 0 && <Tabs.Tab value="removals">Removals ({preview.removals.length})</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="creates" pt="xs">
          {preview.creates.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing new.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={320} mah={420}>
              <Table verticalSpacing={4} stickyHeader data-testid="preview-creates-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={56}>Row</Table.Th>
                    <Table.Th>Technology</Table.Th>
                    <Table.Th>Ring</Table.Th>
                    <Table.Th visibleFrom="sm">Quadrant</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.creates.map((row) => (
                    <Table.Tr key={row.row}>
                      <Table.Td>{row.row}</Table.Td>
                      <Table.Td>{row.title}</Table.Td>
                      <Table.Td>{segment(radar?.rings, row.ringId)}</Table.Td>
                      <Table.Td visibleFrom="sm">{segment(radar?.quadrants, row.quadrantId)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="updates" pt="xs">
          {preview.updates.length === 0 ? (
            <Text size="sm" c="dimmed">
              No existing technology changes.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={320} mah={420}>
              <Table verticalSpacing={4} stickyHeader>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={56}>Row</Table.Th>
                    <Table.Th>Technology</Table.Th>
                    <Table.Th>Changes</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.updates.map((row) => (
                    <Table.Tr key={row.row}>
                      <Table.Td>{row.row}</Table.Td>
                      <Table.Td>{row.title}</Table.Td>
                      <Table.Td>
                        <Text size="xs">{row.changes.join(', ')}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="conflicts" pt="xs">
          {preview.conflicts.length === 0 ? (
            <Text size="sm" c="dimmed">
              No conflicts.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={320} mah={420}>
              <Table verticalSpacing={4} stickyHeader data-testid="preview-conflicts-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={56}>Row</Table.Th>
                    <Table.Th>Technology</Table.Th>
                    <Table.Th>Why</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.conflicts.map((row) => (
                    <Table.Tr key={`${row.row}-${row.title}`}>
                      <Table.Td>{row.row}</Table.Td>
                      <Table.Td>{row.title}</Table.Td>
                      <Table.Td>
                        <Text size="xs" c="red">
                          {row.reason}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="removals" pt="xs">
          <Stack gap={2}>
            {preview.removals.map((row) => (
              <Text key={row.technologyId} size="sm">
                {row.title}
              </Text>
            ))}
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function JobProgress({
  projectId,
  accepted,
  radarId,
}: {
  projectId: string;
  accepted: ImportAccepted;
  radarId: string;
}) {
  const job = useImportJob(projectId, accepted.job as Job);
  if (job === undefined) return null;
  const progress = job.status === 'completed' ? 100 : Math.max(0, Math.min(100, job.progress ?? 0));
  const result = job.result as Record<string, unknown> | null;
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
      {job.status === 'completed' && (
        <Alert color="green" variant="light" title="Imported" data-testid="import-done">
          {result !== null && typeof result === 'object' ? (
            <Group gap="xs">
              {Object.entries(result)
                .filter(([, value]) => typeof value === 'number')
                .map(([key, value]) => (
                  <Badge key={key} variant="light" tt="none">
                    {key}: {String(value)}
                  </Badge>
                ))}
            </Group>
          ) : null}
          <Anchor
            component={Link}
            to={`/projects/${projectId}/radar?radar=${radarId}`}
            mt="xs"
            display="block"
            data-testid="import-see-radar"
          >
            See the radar →
          </Anchor>
        </Alert>
      )}
      <Anchor component={Link} to={`/projects/${projectId}/jobs`} size="xs">
        All jobs
      </Anchor>
    </Stack>
  );
}

/** The import wizard: source → dry-run preview (nothing written) → run as a job, progress followed live. */
export function ImportPage() {
  const project = useProject();
  const [params] = useSearchParams();
  const radars = useRadars(project.id);
  const [step, setStep] = useState(0);
  const [format, setFormat] = useState<Format>('byor-csv');
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const [strategy, setStrategy] = useState<Strategy>('merge');
  const [radarId, setRadarId] = useState<string | null>(params.get('radar'));
  const [prune, setPrune] = useState(false);
  const [publish, setPublish] = useState(false);
  const [volumeName, setVolumeName] = useState('');
  const [volumeDate, setVolumeDate] = useState(new Date().toISOString().slice(0, 10));
  const [readError, setReadError] = useState<string | undefined>();
  const [encoding, setEncoding] = useState<DecodedFile['encoding']>('utf-8');
  const radar =
    radars.data?.find((candidate) => candidate.id === radarId) ??
    radars.data?.find((candidate) => candidate.isDefault) ??
    radars.data?.[0];

  const body = (dryRun: boolean): ImportBody => ({
    format,
    content,
    strategy,
    dryRun,
    ...(radar ? { radarId: radar.id } : {}),
    ...(prune ? { prune: true } : {}),
    ...(publish && volumeName.trim() ? { publishVolume: { name: volumeName.trim(), date: volumeDate } } : {}),
    ...(fileName ? { sourceName: fileName } : {}),
  });
  const preview = useMutation({
    mutationFn: async () =>
      (await call(
        api.POST('/api/v1/projects/{projectId}/radar-imports', {
          params: { path: { projectId: project.id } },
          body: body(true),
        }),
      )) as ImportPreview,
    onSuccess: () => setStep(1),
  });
  const run = useMutation({
    mutationFn: async () =>
      (await call(
        api.POST('/api/v1/projects/{projectId}/radar-imports', {
          params: { path: { projectId: project.id } },
          body: body(false),
        }),
      )) as ImportAccepted,
    onSuccess: () => setStep(2),
  });

  const onFile = async (picked: File | null) => {
    setFile(picked);
    setReadError(undefined);
    if (picked === null) return;
    if (picked.size > 1_000_000) {
      setReadError('The file is larger than 1 MB; split it or import it with the CLI.');
      return;
    }
    const { content: text, encoding } = decodeImportFile(new Uint8Array(await picked.arrayBuffer()));
    setEncoding(encoding);
    setContent(text);
    setFileName(picked.name);
    const detected = detectFormat(picked.name, text);
    if (detected) setFormat(detected);
  };

  if (radars.isPending) return <Loading label="Loading radars…" />;
  if (radars.isError) return <ErrorState error={radars.error} retry={() => void radars.refetch()} />;
  if (radar === undefined) return <EmptyState title="No radar to import into" />;

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/projects/${project.id}/radar`} size="sm">
          Radar
        </Anchor>
        <Text size="sm">Import</Text>
      </Breadcrumbs>
      <div>
        <Title order={1} size="h2">
          Import a radar
        </Title>
        <Text c="dimmed" size="sm">
          Build-Your-Own-Radar CSV or JSON, or a Zalando tech-radar file. You see what changes before anything is
          written.
        </Text>
      </div>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
        <Stepper
          active={step}
          size="sm"
          allowNextStepsSelect={false}
          onStepClick={(next) => next < 2 && step < 2 && setStep(next)}
        >
          <Stepper.Step label="Source" description="File and options">
            <Stack gap="sm" mt="md" data-testid="import-source">
              <FileInput
                label="File"
                placeholder="Choose a .csv or .json file"
                accept=".csv,.json,text/csv,application/json"
                value={file}
                onChange={(picked) => void onFile(picked)}
                clearable
                error={readError}
                description={
                  encoding === 'windows-1252'
                    ? 'This file is not UTF-8: it was read as Windows-1252 (check accented letters in the preview).'
                    : undefined
                }
                data-testid="import-file"
              />
              <Textarea
                label="…or paste the content"
                autosize
                minRows={4}
                maxRows={12}
                value={content}
                onChange={(event) => {
                  setContent(event.currentTarget.value);
                  const detected = detectFormat('', event.currentTarget.value);
                  if (detected && fileName === undefined) setFormat(detected);
                }}
                styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
                data-testid="import-content"
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Select
                  label="Format"
                  data={FORMATS}
                  value={format}
                  onChange={(value) => value && setFormat(value as Format)}
                  allowDeselect={false}
                  data-testid="import-format"
                />
                <Select
                  label="Into radar"
                  data={(radars.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
                  value={radar.id}
                  onChange={setRadarId}
                  allowDeselect={false}
                />
              </SimpleGrid>
              <div>
                <Text size="sm" fw={500} mb={4}>
                  Existing technologies
                </Text>
                <SegmentedControl
                  value={strategy}
                  onChange={(value) => setStrategy(value as Strategy)}
                  data={STRATEGIES.map(({ value, label }) => ({ value, label }))}
                  data-testid="import-strategy"
                />
                <Text size="xs" c="dimmed" mt={4}>
                  {STRATEGIES.find((item) => item.value === strategy)?.help}
                </Text>
              </div>
              <Checkbox
                label="Remove blips of this radar that the file does not list"
                checked={prune}
                onChange={(event) => setPrune(event.currentTarget.checked)}
              />
              <Checkbox
                label="Publish a volume when the import is done"
                checked={publish}
                onChange={(event) => setPublish(event.currentTarget.checked)}
              />
              {publish && (
                <Group grow>
                  <TextInput
                    label="Volume name"
                    value={volumeName}
                    onChange={(event) => setVolumeName(event.currentTarget.value)}
                  />
                  <TextInput
                    label="Date"
                    type="date"
                    value={volumeDate}
                    onChange={(event) => setVolumeDate(event.currentTarget.value)}
                  />
                </Group>
              )}
              {preview.isError && (
                <Alert color="red" variant="light" role="alert" title="The file cannot be imported">
                  {describeError(preview.error)}
                </Alert>
              )}
              <Group>
                <Button
                  onClick={() => preview.mutate()}
                  loading={preview.isPending}
                  disabled={content.trim() === '' || (publish && volumeName.trim() === '')}
                  data-testid="import-preview-button"
                >
                  Preview changes
                </Button>
              </Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Preview" description="Nothing written yet">
            <Stack gap="md" mt="md">
              {preview.data && <PreviewTables preview={preview.data} />}
              {run.isError && (
                <Alert color="red" variant="light" role="alert" title="The import did not start">
                  {describeError(run.error)}
                </Alert>
              )}
              <Group>
                <Button variant="default" onClick={() => setStep(0)}>
                  Back
                </Button>
                <Button onClick={() => run.mutate()} loading={run.isPending} data-testid="import-run">
                  Import {preview.data ? preview.data.creates.length + preview.data.updates.length : ''} changes
                </Button>
              </Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Import" description="Runs as a job">
            <Stack gap="md" mt="md">
              {run.data && <JobProgress projectId={project.id} accepted={run.data} radarId={radar.id} />}
            </Stack>
          </Stepper.Step>
        </Stepper>
      </Paper>
    </Stack>
  );
}
