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
import { useForm } from '@mantine/form';
import { type ReactNode, useState } from 'react';
import { type FormErrors, formErrorsOf } from '../../components/forms';
import { MarkdownField } from '../../components/MarkdownField';
import { TECHNOLOGY_STATUSES } from './queries';
import {
  type CHOICE_FIELDS,
  type NUMBER_FIELDS,
  TECHNOLOGY_FIELDS,
  type TEXT_FIELDS,
  type TechnologyDraft,
} from './technology-form';

const MATURITIES = ['alpha', 'beta', 'stable', 'mature', 'legacy'];
const COST_TIERS = ['free', 'freemium', 'affordable', 'moderate', 'expensive', 'enterprise'];
const DIFFICULTIES = ['trivial', 'easy', 'moderate', 'complex', 'very_complex'];

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value.replace('_', ' ') }));

/**
 * Every field of a technology in one form, for adding and editing. Optional choices can be cleared; numbers are typed
 * as text so an empty input means "unknown" rather than 0.
 */
export function TechnologyForm({
  initial,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
  extra,
  extraFields = [],
}: {
  initial: TechnologyDraft;
  pending: boolean;
  submitLabel: string;
  /** Sends the draft; a rejection (the API's problem) is shown beside the fields it names. */
  onSubmit: (draft: TechnologyDraft) => Promise<unknown>;
  onCancel: () => void;
  /** Inputs the caller adds below the basics (e.g. placement on a radar when adding), given the field errors. */
  extra?: (errors: FormErrors['fields']) => ReactNode;
  /** The body fields of those inputs, so that their errors show beside them rather than above the buttons. */
  extraFields?: readonly string[];
}) {
  const form = useForm<TechnologyDraft>({ initialValues: initial });
  const [formError, setFormError] = useState<string | undefined>();
  const [extraErrors, setExtraErrors] = useState<FormErrors['fields']>({});
  const draft = form.values;
  const textInput = (
    field: (typeof TEXT_FIELDS)[number] | (typeof NUMBER_FIELDS)[number],
    label: string,
    placeholder?: string,
  ) => <TextInput label={label} name={field} placeholder={placeholder} {...form.getInputProps(field)} />;
  const markdown = (field: 'description' | 'useCases' | 'notes') => ({
    name: field,
    value: draft[field],
    onChange: (value: string) => form.setFieldValue(field, value),
    error: form.errors[field],
  });
  const choice = (field: (typeof CHOICE_FIELDS)[number], label: string, values: string[]) => (
    <Select
      label={label}
      name={field}
      data={options(values)}
      value={draft[field] || null}
      onChange={(value) => form.setFieldValue(field, value ?? '')}
      clearable
      placeholder="unknown"
      error={form.errors[field]}
      comboboxProps={{ withinPortal: true }}
    />
  );
  const submit = async (values: TechnologyDraft) => {
    setFormError(undefined);
    setExtraErrors({});
    try {
      await onSubmit(values);
    } catch (error) {
      const failure = formErrorsOf(error, [...TECHNOLOGY_FIELDS, ...extraFields]);
      form.setErrors(failure.fields);
      setExtraErrors(failure.fields);
      setFormError(failure.form);
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate data-testid="technology-form">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Title" name="title" required {...form.getInputProps('title')} data-autofocus />
          <Select
            label="Lifecycle status"
            name="status"
            data={options(TECHNOLOGY_STATUSES)}
            value={draft.status}
            onChange={(value) => value !== null && form.setFieldValue('status', value)}
            allowDeselect={false}
            error={form.errors.status}
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
              onChange={(value) => form.setFieldValue('priority', value)}
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
              onChange={(value) => form.setFieldValue('relevance', value)}
              thumbLabel="Relevance"
            />
          </div>
        </SimpleGrid>
        <TagsInput
          label="Tags"
          name="tags"
          description="Press Enter after each tag"
          {...form.getInputProps('tags')}
          clearable
        />
        {extra?.(extraErrors)}
        <MarkdownField label="Description" {...markdown('description')} />
        <MarkdownField label="Use cases" {...markdown('useCases')} minRows={2} />
        <MarkdownField label="Notes" {...markdown('notes')} minRows={2} />
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
          <TextInput type="date" label="Last commit" name="lastCommitAt" {...form.getInputProps('lastCommitAt')} />
        </SimpleGrid>
        {formError !== undefined && (
          <Alert color="red" variant="light" role="alert" data-testid="technology-form-error">
            {formError}
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
