import { Alert, Anchor, Button, Group, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../api/problem';
import { useProject } from '../../layout/ProjectContext';
import type { Proposal } from '../radar/queries';
import { VerdictBadge } from './components';
import { CONFIDENCES, proposeBlocker, VERDICTS } from './model';
import { useProposeFromTask, useUpdateTask } from './mutations';
import type { Confidence, ResearchTask, UpdateTaskBody, Verdict } from './types';

/** Verdict and confidence go together (the server refuses one without the other). */
export function VerdictForm({ task, canEdit }: { task: ResearchTask; canEdit: boolean }) {
  const project = useProject();
  const update = useUpdateTask(project.id, task.id);
  const form = useForm<{ verdict: Verdict | null; confidence: Confidence | null }>({
    initialValues: { verdict: task.verdict, confidence: task.confidence },
  });
  const [error, setError] = useState<string | undefined>();
  const { verdict, confidence } = form.values;
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
        onChange={(value) => form.setFieldValue('verdict', value as Verdict)}
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
        onChange={(value) => form.setFieldValue('confidence', value as Confidence)}
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
export function ProposeAction({ task, technologies }: { task: ResearchTask; technologies: Map<string, string> }) {
  const project = useProject();
  const propose = useProposeFromTask(project.id, task.id);
  const form = useForm({ initialValues: { technologyId: task.technologyIds[0] ?? null, rationale: '' } });
  const [created, setCreated] = useState<Proposal | null>(null);
  const blocker = proposeBlocker(task);
  if (blocker !== null) {
    return (
      <Text size="sm" c="dimmed" data-testid="propose-blocked">
        {blocker} A verdict on a linked technology can become a ring-change proposal on the radar.
      </Text>
    );
  }
  const submit = () => {
    const { technologyId, rationale } = form.values;
    propose.mutate(
      {
        ...(task.technologyIds.length > 1 && technologyId ? { technologyId } : {}),
        ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
      },
      {
        onSuccess: (proposal) => {
          setCreated(proposal);
          form.setFieldValue('rationale', '');
        },
      },
    );
  };
  return (
    <Stack gap="xs" data-testid="propose">
      {task.technologyIds.length > 1 && (
        <Select
          label="Technology"
          data={task.technologyIds.map((id) => ({ value: id, label: technologies.get(id) ?? id }))}
          allowDeselect={false}
          size="xs"
          {...form.getInputProps('technologyId')}
        />
      )}
      <Textarea
        label="Rationale"
        description="Optional: defaults to the title, verdict, confidence and findings"
        autosize
        minRows={2}
        maxLength={5000}
        size="xs"
        {...form.getInputProps('rationale')}
      />
      <Group>
        <Button size="xs" onClick={submit} loading={propose.isPending} data-testid="propose-button">
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
