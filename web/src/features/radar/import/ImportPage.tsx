import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Checkbox,
  FileInput,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type DecodedFile, decodeImportFile } from '../../../../../src/modules/radar/import/decode';
import { api, call } from '../../../api/client';
import { describeError } from '../../../api/problem';
import { EmptyState, ErrorState, Loading } from '../../../components/states';
import { useProject } from '../../../layout/ProjectContext';
import { type ImportAccepted, type ImportBody, type ImportPreview, useRadars } from '../queries';
import { JobProgress } from './ImportJob';
import { PreviewTables, type SegmentMapping, StructureMapping } from './ImportPreview';

type Format = ImportBody['format'];
type Strategy = 'skip' | 'overwrite' | 'merge';

const FORMATS: Array<{ value: Format; label: string }> = [
  { value: 'byor-csv', label: 'BYOR CSV' },
  { value: 'byor-json', label: 'BYOR JSON' },
  { value: 'zalando', label: 'Zalando JSON' },
  { value: 'backstage', label: 'Backstage tech-radar JSON' },
];

/** The "Into radar" choice that creates a radar with the file's own quadrants and rings. */
const NEW_RADAR = 'new';

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
  if (text.startsWith('{')) {
    if (/"timeline"\s*:/.test(text)) return 'backstage';
    return /"entries"\s*:/.test(text) ? 'zalando' : 'byor-json';
  }
  return undefined;
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
  /** Empty: the file's own date (Zalando, Backstage), else today. */
  const [volumeDate, setVolumeDate] = useState('');
  const [newRadarName, setNewRadarName] = useState('');
  const [mapping, setMapping] = useState<SegmentMapping>({ quadrants: {}, rings: {} });
  const [finished, setFinished] = useState(false);
  const [readError, setReadError] = useState<string | undefined>();
  const [encoding, setEncoding] = useState<DecodedFile['encoding']>('utf-8');
  const intoNewRadar = radarId === NEW_RADAR;
  const radar = intoNewRadar
    ? undefined
    : (radars.data?.find((candidate) => candidate.id === radarId) ??
      radars.data?.find((candidate) => candidate.isDefault) ??
      radars.data?.[0]);

  const body = (dryRun: boolean, withMapping: SegmentMapping = mapping): ImportBody => ({
    format,
    content,
    strategy,
    dryRun,
    ...(intoNewRadar ? { newRadar: { name: newRadarName.trim() } } : radar ? { radarId: radar.id } : {}),
    ...(intoNewRadar ? {} : { mapping: withMapping }),
    ...(prune ? { prune: true } : {}),
    ...(publish && volumeName.trim()
      ? { publishVolume: { name: volumeName.trim(), ...(volumeDate === '' ? {} : { date: volumeDate }) } }
      : {}),
    ...(fileName ? { sourceName: fileName } : {}),
  });
  const preview = useMutation({
    mutationFn: async (withMapping: SegmentMapping = mapping) =>
      (await call(
        api.POST('/api/v1/projects/{projectId}/radar-imports', {
          params: { path: { projectId: project.id } },
          body: body(true, withMapping),
        }),
      )) as ImportPreview,
    onSuccess: () => setStep(1),
  });
  const remap = (kind: keyof SegmentMapping, fileKey: string, segmentId: string) => {
    const next = { ...mapping, [kind]: { ...mapping[kind], [fileKey]: segmentId } };
    setMapping(next);
    preview.mutate(next);
  };
  /** Why the preview cannot run yet, said next to its button. */
  const missing =
    content.trim() === ''
      ? 'Choose a file or paste its content.'
      : intoNewRadar && newRadarName.trim() === ''
        ? 'Name the new radar.'
        : publish && volumeName.trim() === ''
          ? 'Name the volume to publish, or untick “Publish a volume”.'
          : undefined;
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
    setMapping({ quadrants: {}, rings: {} });
    if (newRadarName === '') setNewRadarName(picked.name.replace(/\.[^.]+$/, ''));
    const detected = detectFormat(picked.name, text);
    if (detected) setFormat(detected);
  };

  const importJob = (
    <Stack gap="md" mt="md">
      {run.data && (
        <JobProgress
          projectId={project.id}
          accepted={run.data}
          radarId={run.data.radarId}
          onFinished={() => setFinished(true)}
        />
      )}
    </Stack>
  );

  if (radars.isPending) return <Loading label="Loading radars…" />;
  if (radars.isError) return <ErrorState error={radars.error} retry={() => void radars.refetch()} />;
  if (radar === undefined && !intoNewRadar) return <EmptyState title="No radar to import into" />;

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
          Build-Your-Own-Radar CSV or JSON, a Zalando tech-radar file or Backstage tech-radar JSON. You see what
          changes, and where the file’s quadrants and rings go, before anything is written.
        </Text>
      </div>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
        <Stepper
          active={finished ? 3 : step}
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
                  data={[
                    ...(radars.data ?? []).map((item) => ({ value: item.id, label: item.name })),
                    { value: NEW_RADAR, label: 'A new radar with the file’s quadrants and rings' },
                  ]}
                  value={intoNewRadar ? NEW_RADAR : (radar?.id ?? null)}
                  onChange={(value) => {
                    setRadarId(value);
                    setMapping({ quadrants: {}, rings: {} });
                  }}
                  allowDeselect={false}
                  data-testid="import-target"
                />
              </SimpleGrid>
              {intoNewRadar && (
                <TextInput
                  label="Name of the new radar"
                  required
                  value={newRadarName}
                  onChange={(event) => setNewRadarName(event.currentTarget.value)}
                  data-testid="import-new-radar-name"
                />
              )}
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
                    required
                    value={volumeName}
                    onChange={(event) => setVolumeName(event.currentTarget.value)}
                    data-testid="import-volume-name"
                  />
                  <TextInput
                    label="Date"
                    type="date"
                    description="Empty: the file’s own date, else today"
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
                  onClick={() => preview.mutate(mapping)}
                  loading={preview.isPending}
                  disabled={missing !== undefined}
                  data-testid="import-preview-button"
                >
                  Preview changes
                </Button>
                {missing !== undefined && (
                  <Text size="sm" c="dimmed" data-testid="import-preview-why">
                    {missing}
                  </Text>
                )}
              </Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Preview" description="Nothing written yet">
            <Stack gap="md" mt="md">
              {preview.data && <StructureMapping preview={preview.data} onChange={remap} />}
              {preview.isError && (
                <Alert color="red" variant="light" role="alert" title="The preview failed">
                  {describeError(preview.error)}
                </Alert>
              )}
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
            {importJob}
          </Stepper.Step>
          {/* Once the job is done every step shows as completed, and the result stays on screen. */}
          <Stepper.Completed>{importJob}</Stepper.Completed>
        </Stepper>
      </Paper>
    </Stack>
  );
}
