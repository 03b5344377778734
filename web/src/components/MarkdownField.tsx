import { Box, Tabs, Text, Textarea } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Markdown } from './Markdown';

/**
 * A markdown textarea with a preview tab, so people see what readers will see before they save. With `testId`, the
 * input, the preview tab and the preview carry `<testId>-input`, `-preview-tab` and `-preview`.
 */
export function MarkdownField({
  label,
  name,
  value,
  onChange,
  error,
  description = 'Markdown: # headings, - lists, **bold**, `code`, [links](https://…), tables',
  minRows = 4,
  maxLength,
  testId,
}: {
  label: string;
  name?: string;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  description?: string;
  minRows?: number;
  maxLength?: number;
  testId?: string;
}) {
  const [tab, setTab] = useState<string | null>('write');
  const part = (suffix: string) => (testId === undefined ? undefined : `${testId}-${suffix}`);
  return (
    <Box data-testid={name === undefined ? undefined : `markdown-field-${name}`}>
      <Tabs value={tab} onChange={setTab} variant="outline" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="write">{label}</Tabs.Tab>
          <Tabs.Tab value="preview" data-testid={part('preview-tab')}>
            Preview
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="xs">
          <Textarea
            aria-label={label}
            name={name}
            description={description}
            autosize
            minRows={minRows}
            maxRows={30}
            maxLength={maxLength}
            value={value}
            onChange={(event) => onChange(event.currentTarget.value)}
            error={error}
            data-testid={part('input')}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs">
          <Box
            p="xs"
            style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
            data-testid={part('preview')}
          >
            <Markdown source={value} empty="Nothing to preview." />
          </Box>
          {error !== undefined && (
            <Text c="red" size="xs" mt={4}>
              {error}
            </Text>
          )}
        </Tabs.Panel>
      </Tabs>
    </Box>
  );
}
