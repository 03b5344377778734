import { Button, Group, MultiSelect, Paper, Select, SimpleGrid, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { isFiltering, SORT_OPTIONS, STATUS_LABEL, TASK_STATUSES, type TaskFilters } from './model';

export type FilterChange = Partial<
  Record<'status' | 'assignee' | 'technology' | 'tag' | 'overdue' | 'due' | 'q' | 'sort', string | string[] | null>
>;

/** The filter bar over the board and the table; every value lives in the URL, so a filtered view can be shared. */
export function TaskFilterBar({
  filters,
  showStatus,
  members,
  technologies,
  onChange,
}: {
  filters: TaskFilters;
  showStatus: boolean;
  members: Array<{ value: string; label: string }>;
  technologies: Array<{ value: string; label: string }>;
  onChange: (change: FilterChange) => void;
}) {
  const [search, setSearch] = useState(filters.q);
  const writeSearch = useDebouncedCallback((value: string) => onChange({ q: value.trim() }), 250);
  const [tag, setTag] = useState(filters.tag);
  const writeTag = useDebouncedCallback((value: string) => onChange({ tag: value.trim().toLowerCase() }), 250);
  const [days, setDays] = useState(filters.dueWithinDays);
  const writeDays = useDebouncedCallback((value: string) => onChange({ due: value }), 250);
  const filtering = isFiltering(filters, showStatus);
  return (
    <Paper withBorder radius="md" p="sm" data-testid="task-filters">
      <SimpleGrid cols={{ base: 1, xs: 2, sm: 4 }} spacing="xs" verticalSpacing="xs">
        <TextInput
          label="Search"
          placeholder="Title or description"
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            writeSearch(event.currentTarget.value);
          }}
          size="xs"
          data-testid="filter-search"
        />
        {showStatus && (
          <MultiSelect
            label="Status"
            placeholder={filters.status.length === 0 ? 'Any' : undefined}
            data={TASK_STATUSES.map((status) => ({ value: status, label: STATUS_LABEL[status] }))}
            value={filters.status}
            onChange={(value) => onChange({ status: value })}
            clearable
            size="xs"
            data-testid="filter-status"
          />
        )}
        <Select
          label="Assignee"
          placeholder="Anyone"
          data={members}
          value={filters.assigneeId || null}
          onChange={(value) => onChange({ assignee: value })}
          clearable
          searchable
          size="xs"
          data-testid="filter-assignee"
        />
        <Select
          label="Technology"
          placeholder="Any"
          data={technologies}
          value={filters.technologyId || null}
          onChange={(value) => onChange({ technology: value })}
          clearable
          searchable
          size="xs"
          data-testid="filter-technology"
        />
        <TextInput
          label="Tag"
          placeholder="Any"
          value={tag}
          onChange={(event) => {
            setTag(event.currentTarget.value);
            writeTag(event.currentTarget.value);
          }}
          size="xs"
          data-testid="filter-tag"
        />
        <TextInput
          label="Due within (days)"
          placeholder="Any"
          inputMode="numeric"
          value={days}
          onChange={(event) => {
            const value = event.currentTarget.value.replace(/\D/g, '').slice(0, 4);
            setDays(value);
            writeDays(value);
          }}
          size="xs"
          data-testid="filter-due"
        />
        <Select
          label="Sort"
          data={SORT_OPTIONS.map((option) => ({ value: option.value, label: option.label }))}
          value={filters.sort}
          onChange={(value) => onChange({ sort: value === '-created' ? null : value })}
          allowDeselect={false}
          size="xs"
          data-testid="filter-sort"
        />
        <Switch
          label="Overdue only"
          checked={filters.overdue}
          onChange={(event) => onChange({ overdue: event.currentTarget.checked ? 'true' : null })}
          size="xs"
          mt={24}
          data-testid="filter-overdue"
        />
      </SimpleGrid>
      {filtering && (
        <Group justify="flex-end" mt="xs">
          <Text size="xs" c="dimmed">
            Filtered view
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => {
              setSearch('');
              setDays('');
              setTag('');
              onChange({
                status: null,
                assignee: null,
                technology: null,
                tag: null,
                overdue: null,
                due: null,
                q: null,
              });
            }}
          >
            Clear filters
          </Button>
        </Group>
      )}
    </Paper>
  );
}
