import {
  Alert,
  Button,
  Divider,
  Group,
  Select,
  SimpleGrid,
  Slider,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { FormErrors } from '../../components/forms';
import { MarkdownField } from '../../components/MarkdownField';
import { TECHNOLOGY_STATUSES } from './queries';
import type { TechnologyDraft } from './technology-form';

const MATURITIES = ['alpha', 'beta', 'stable', 'mature', 'legacy'];
const COST_TIERS = ['free', 'freemium', 'affordable', 'moderate', 'expensive', 'enterprise'];
const DIFFICULTIES = ['trivial', 'easy', 'moderate', 'complex', 'very_complex'];

export const TECHNOLOGY_FORM_FIELDS = [
  'title',
  'vendor',
  'domain',
  'status',
  'relevance',
  'priority',
  'description',
  'notes',
  'useCases',
  'documentationUrl',
  'repositoryUrl',
  'websiteUrl',
  'tags',
  'maturity',
  'costTier',
  'monthlyCost',
  'integrationDifficulty',
  'integrationEstimateDays',
  'stabilityScore',
  'latencyMs',
  'throughputQps',
  'githubStars',
  'lastCommitAt',
  'placement',
] as const;

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value.replace('_', ' ') }));

/**
 * Every field of a technology in one form, for adding and editing. Optional choices can be cleared; numbers are typed
 * as text so an empty input means "unknown" rather than 0.
 */
export function TechnologyForm({
  initial,
  errors,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
  extra,
}: {
  initial: TechnologyDraft;
  errors: FormErrors;
  pending: boolean;
  submitLabel: string;
  onSubmit: (draft: TechnologyDraft) => void;
  onCancel: () => void;
  /** Inputs the caller adds below the basics (e.g. placement on a radar when adding). */
  extra?: React.ReactNode;
}) {
  const [draft, setDraft] = useState(initial);
  const set = <K extends keyof TechnologyDraft>(field: K, value: TechnologyDraft[K]) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const textInput = (field: keyof TechnologyDraft & string, label: string, placeholder?: string) => (
    <TextInput
      label={label}
      name={field}
      placeholder={placeholder}
      value={draft[field] as string}
      onChange={(event) => set(field, event.currentTarget.value as never)}
      error={errors.fields[field]}
    />
  );
  const choice = (field: 'maturity' | 'costTier' | 'integrationDifficulty', label: string, values: string[]) => (
    <Select
      label={label}
      name={field}
      data={options(values)}
      value={draft[field] || null}
      onChange={(value) => set(field, value ?? '')}
      clearable
      placeholder="unknown"
      error={errors.fields[field]}
      comboboxProps={{ withinPortal: true }}
    />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(draft);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="technology-form">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Title"
            name="title"
            required
            value={draft.title}
            onChange={(event) => set('title', event.currentTarget.value)}
            error={errors.fields.title}
            data-autofocus
          />
          <Select
            label="Lifecycle status"
            name="status"
            data={options(TECHNOLOGY_STATUSES)}
            value={draft.status}
            onChange={(value) => value !== null && set('status', value)}
            allowDeselect={false}
            error={errors.fields.status}
            comboboxProps={{ withinPortal: true }}
          />
          {textInput('vendor', 'Vendor')}
          {textInput('domain', 'Domain', 'e.g. data, security, frontend')}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <div>
            <Text size="sm" fw={500}>
              Priority: {draft.priority} / 5
            </Text>
            <Slider
              name="priority"
              min={1}
              max={5}
              step={1}
              value={draft.priority}
              onChange={(value) => set('priority', value)}
              label={null}
              marks={[1, 2, 3, 4, 5].map((value) => ({ value, label: String(value) }))}
              thumbLabel="Priority"
              mb="md"
            />
          </div>
          <div>
            <Text size="sm" fw={500}>
              Relevance: {draft.relevance} / 100
            </Text>
            <Slider
              name="relevance"
              min={0}
              max={100}
              step={5}
              value={draft.relevance}
              onChange={(value) => set('relevance', value)}
              thumbLabel="Relevance"
            />
          </div>
        </SimpleGrid>
        <TagsInput
          label="Tags"
          name="tags"
          description="Press Enter after each tag"
          value={draft.tags}
          onChange={(value) => set('tags', value)}
          error={errors.fields.tags}
          clearable
        />
        {extra}
        <MarkdownField
          label="Description"
          name="description"
          value={draft.description}
          onChange={(value) => set('description', value)}
          error={errors.fields.description}
        />
        <MarkdownField
          label="Use cases"
          name="useCases"
          value={draft.useCases}
          onChange={(value) => set('useCases', value)}
          error={errors.fields.useCases}
          minRows={2}
        />
        <MarkdownField
          label="Notes"
          name="notes"
          value={draft.notes}
          onChange={(value) => set('notes', value)}
          error={errors.fields.notes}
          minRows={2}
        />
        <Divider label="Links" labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {textInput('documentationUrl', 'Documentation', 'https://')}
          {textInput('repositoryUrl', 'Repository', 'https://')}
          {textInput('websiteUrl', 'Website', 'https://')}
        </SimpleGrid>
        <Divider label="Evaluation" labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {choice('maturity', 'Maturity', MATURITIES)}
          {choice('costTier', 'Cost tier', COST_TIERS)}
          {textInput('monthlyCost', 'Monthly cost')}
          {choice('integrationDifficulty', 'Integration difficulty', DIFFICULTIES)}
          {textInput('integrationEstimateDays', 'Integration estimate (days)')}
          {textInput('stabilityScore', 'Stability score (0–100)')}
          {textInput('latencyMs', 'Latency (ms)')}
          {textInput('throughputQps', 'Throughput (qps)')}
          {textInput('githubStars', 'GitHub stars')}
          <TextInput
            type="date"
            label="Last commit"
            name="lastCommitAt"
            value={draft.lastCommitAt}
            onChange={(event) => set('lastCommitAt', event.currentTarget.value)}
            error={errors.fields.lastCommitAt}
          />
        </SimpleGrid>
        {errors.form !== undefined && (
          <Alert color="red" variant="light" role="alert" data-testid="technology-form-error">
            {errors.form}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
