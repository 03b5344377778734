import { Stack, Text, Title } from '@mantine/core';
import { EmptyState } from '../components/states';
import type { ProjectSection } from '../sections';

/** Where a capability's page will be, until it ships. */
export function PlaceholderPage({ section }: { section: ProjectSection }) {
  return (
    <Stack>
      <Title order={1} size="h2">
        {section.label}
      </Title>
      <EmptyState title={`${section.label} is coming`}>
        <Text span size="sm">
          {section.description}. This page fills in when the capability lands.
        </Text>
      </EmptyState>
    </Stack>
  );
}
