import { Box, Tabs, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Markdown } from './Markdown';

/** A markdown textarea with a preview tab, so people see what readers will see before they save. */
export function MarkdownField({
  label,
  name,
  value,
  onChange,
  error,
  description = 'Markdown: **bold**, lists, links, tables.',
  minRows = 4,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  description?: string;
  minRows?: number;
}) {
  const [tab, setTab] = useState<string | null>('write');
  return (
    <Box data-testid={`markdown-field-${name}`}>
      <Tabs value={tab} onChange={setTab} variant="outline" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="write">{label}</Tabs.Tab>
          <Tabs.Tab value="preview">Preview</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="xs">
          <Textarea
            aria-label={label}
            name={name}
            description={description}
            autosize
            minRows={minRows}
            maxRows={20}
            value={value}
            onChange={(event) => onChange(event.currentTarget.value)}
            error={error}
          />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs">
          <Box p="xs" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}>
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
