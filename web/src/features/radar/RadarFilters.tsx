import { Button, Group, Paper, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { plural } from '../../components/format';
import { useQueryParams } from '../../components/useQueryParams';
import { TECHNOLOGY_STATUSES } from './queries';

type Segment = { id: string; name: string };

/**
 * The radar page's filters, kept in the address (quadrant, ring, status, tag, q) so a filtered view can be shared.
 * Without `quadrants` (a phone's radar, where the quadrant is the page being read) there is no quadrant filter.
 */
export function RadarFilters({
  quadrants,
  rings,
  tags,
  matchCount,
  entryCount,
}: {
  quadrants: Segment[] | undefined;
  rings: Segment[];
  tags: string[];
  /** How many blips match, while any filter is set. */
  matchCount: number | undefined;
  entryCount: number;
}) {
  const params = useQueryParams();
  const [searchInput, setSearchInput] = useState(params.get('q'));
  const writeSearch = useDebouncedCallback((value: string) => params.set({ q: value.trim() }), 200);
  const filters = {
    quadrant: params.get('quadrant'),
    ring: params.get('ring'),
    status: params.get('status'),
    tag: params.get('tag'),
  };
  return (
    <Paper withBorder radius="md" p="sm">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="xs" verticalSpacing="xs">
        {quadrants !== undefined && (
          <Select
            label="Quadrant"
            placeholder="All"
            data={quadrants.map((quadrant) => ({ value: quadrant.id, label: quadrant.name }))}
            value={filters.quadrant || null}
            onChange={(value) => params.set({ quadrant: value })}
            clearable
            size="xs"
            data-testid="filter-quadrant"
          />
        )}
        <Select
          label="Ring"
          placeholder="All"
          data={rings.map((ring) => ({ value: ring.id, label: ring.name }))}
          value={filters.ring || null}
          onChange={(value) => params.set({ ring: value })}
          clearable
          size="xs"
          data-testid="filter-ring"
        />
        <Select
          label="Status"
          placeholder="Any"
          data={TECHNOLOGY_STATUSES.map((status) => ({ value: status, label: status }))}
          value={filters.status || null}
          onChange={(value) => params.set({ status: value })}
          clearable
          size="xs"
        />
        <Select
          label="Tag"
          placeholder={tags.length === 0 ? 'No tags' : 'Any'}
          data={tags}
          value={filters.tag || null}
          onChange={(value) => params.set({ tag: value })}
          clearable
          searchable
          disabled={tags.length === 0}
          size="xs"
        />
        <TextInput
          label="Search"
          placeholder="Title, tag or text"
          value={searchInput}
          onChange={(event) => {
            setSearchInput(event.currentTarget.value);
            writeSearch(event.currentTarget.value);
          }}
          size="xs"
          data-testid="filter-search"
          style={{ gridColumn: 'span 1' }}
        />
      </SimpleGrid>
      {matchCount !== undefined && (
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed" data-testid="filter-count">
            {matchCount} of {plural(entryCount, 'blip')} match
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => {
              setSearchInput('');
              params.set({ quadrant: null, ring: null, status: null, tag: null, q: null });
            }}
          >
            Clear filters
          </Button>
        </Group>
      )}
    </Paper>
  );
}
