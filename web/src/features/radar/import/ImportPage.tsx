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
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type DecodedFile, decodeImportFile } from '../../../../../src/modules/radar/import/decode';
import { describeError } from '../../../api/problem';
import { EmptyState, ErrorState, Loading } from '../../../components/states';
import { useProject } from '../../../layout/ProjectContext';
import { type ImportOptions, useImportPreview, useRunImport } from '../mutations';
import { type ImportBody, useRadars } from '../queries';
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

/** The source step's fields (the file itself, its decoding and the segment mapping are kept beside the form). */
interface SourceValues {
  format: Format;
  content: string;
  strategy: Strategy;
  radarId: string | null;
  newRadarName: string;
  prune: boolean;
  publish: boolean;
  /** With `publish`: the volume's name and date (empty: the file's own date for Zalando and Backstage, else today). */
  volumeName: string;
  volumeDate: string;
}

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
  const form = useForm<SourceValues>({
    initialValues: {
      format: 'byor-csv',
      content: '',
      strategy: 'merge',
      radarId: params.get('radar'),
      newRadarName: '',
      prune: false,
      publish: false,
      volumeName: '',
      volumeDate: '',
    },
  });
  const [fileName, setFileName] = useState<string | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<SegmentMapping>({ quadrants: {}, rings: {} });
  const [finished, setFinished] = useState(false);
  const [readError, setReadError] = useState<string | undefined>();
  const [encoding, setEncoding] = useState<DecodedFile['encoding']>('utf-8');
  const { format, content, strategy, radarId, newRadarName, prune, publish, volumeName, volumeDate } = form.values;
  const intoNewRadar = radarId === NEW_RADAR;
  const radar = intoNewRadar
    ? undefined
    : (radars.data?.find((candidate) => candidate.id === radarId) ??
      radars.data?.find((candidate) => candidate.isDefault) ??
      radars.data?.[0]);

  const options = (withMapping: SegmentMapping = mapping): ImportOptions => ({
    format,
    content,
    strategy,
    ...(intoNewRadar ? { newRadar: { name: newRadarName.trim() } } : radar ? { radarId: radar.id } : {}),
    ...(intoNewRadar ? {} : { mapping: withMapping }),
    ...(prune ? { prune: true } : {}),
    ...(publish && volumeName.trim()
      ? { publishVolume: { name: volumeName.trim(), ...(volumeDate === '' ? {} : { date: volumeDate }) } }
      : {}),
    ...(fileName ? { sourceName: fileName } : {}),
  });
  const preview = useImportPreview(project.id);
  const showPreview = (withMapping: SegmentMapping) =>
    preview.mutate(options(withMapping), { onSuccess: () => setStep(1) });
  const remap = (kind: keyof SegmentMapping, fileKey: string, segmentId: string) => {
    const next = { ...mapping, [kind]: { ...mapping[kind], [fileKey]: segmentId } };
    setMapping(next);
    showPreview(next);
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
  const run = useRunImport(project.id);

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
    form.setFieldValue('content', text);
    setFileName(picked.name);
    setMapping({ quadrants: {}, rings: {} });
    if (newRadarName === '') form.setFieldValue('newRadarName', picked.name.replace(/\.[^.]+$/, ''));
    const detected = detectFormat(picked.name, text);
    if (detected) form.setFieldValue('format', detected);
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
                  form.setFieldValue('content', event.currentTarget.value);
                  const detected = detectFormat('', event.currentTarget.value);
                  if (detected && fileName === undefined) form.setFieldValue('format', detected);
                }}
                styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
                data-testid="import-content"
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Select
                  label="Format"
                  data={FORMATS}
                  {...form.getInputProps('format')}
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
                    form.setFieldValue('radarId', value);
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
                  {...form.getInputProps('newRadarName')}
                  data-testid="import-new-radar-name"
                />
              )}
              <div>
                <Text size="sm" fw={500} mb={4}>
                  Existing technologies
                </Text>
                <SegmentedControl
                  {...form.getInputProps('strategy')}
                  data={STRATEGIES.map(({ value, label }) => ({ value, label }))}
                  data-testid="import-strategy"
                />
                <Text size="xs" c="dimmed" mt={4}>
                  {STRATEGIES.find((item) => item.value === strategy)?.help}
                </Text>
              </div>
              <Checkbox
                label="Remove blips of this radar that the file does not list"
                {...form.getInputProps('prune', { type: 'checkbox' })}
              />
              <Checkbox
                label="Publish a volume when the import is done"
                {...form.getInputProps('publish', { type: 'checkbox' })}
              />
              {publish && (
                <Group grow>
                  <TextInput
                    label="Volume name"
                    required
                    {...form.getInputProps('volumeName')}
                    data-testid="import-volume-name"
                  />
                  <TextInput
                    label="Date"
                    type="date"
                    description="Empty: the file’s own date, else today"
                    {...form.getInputProps('volumeDate')}
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
                  onClick={() => showPreview(mapping)}
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
                <Button
                  onClick={() => run.mutate(options(), { onSuccess: () => setStep(2) })}
                  loading={run.isPending}
                  data-testid="import-run"
                >
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
