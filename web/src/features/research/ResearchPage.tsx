import { Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { atLeast } from '../../api/types';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useQueryParams } from '../../components/useQueryParams';
import { useProject } from '../../layout/ProjectContext';
import { useTechnologies } from '../radar/queries';
import { StatsStrip } from './components';
import { filtersFromParams, isFiltering, listQuery } from './model';
import { NewTaskForm } from './NewTaskForm';
import { useBoardTasks, useMembers, useTaskTable } from './queries';
import { TaskBoard } from './TaskBoard';
import { TaskFilterBar } from './TaskFilters';
import { TaskTable } from './TaskTable';

function BoardView({
  projectId,
  query,
  filtering,
  canEdit,
  nameOf,
  onCreate,
}: {
  projectId: string;
  query: ReturnType<typeof listQuery>;
  filtering: boolean;
  canEdit: boolean;
  nameOf: (userId: string | null) => string;
  onCreate: () => void;
}) {
  const board = useBoardTasks(projectId, query);
  if (board.isPending) return <Loading label="Loading tasks…" />;
  if (board.isError)
    return <ErrorState title="Could not load the tasks" error={board.error} retry={() => void board.refetch()} />;
  if (board.data.items.length === 0 && !filtering) return <NoTasks canEdit={canEdit} onCreate={onCreate} />;
  return (
    <Stack gap="xs">
      {board.data.items.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="board-no-match">
          No task matches the filters.
        </Text>
      )}
      <TaskBoard projectId={projectId} query={query} data={board.data} canEdit={canEdit} nameOf={nameOf} />
    </Stack>
  );
}

function TableView({
  projectId,
  query,
  filtering,
  canEdit,
  nameOf,
  technologyTitle,
  onCreate,
}: {
  projectId: string;
  query: ReturnType<typeof listQuery>;
  filtering: boolean;
  canEdit: boolean;
  nameOf: (userId: string | null) => string;
  technologyTitle: (id: string) => string;
  onCreate: () => void;
}) {
  const table = useTaskTable(projectId, query);
  if (table.isPending) return <Loading label="Loading tasks…" />;
  if (table.isError)
    return <ErrorState title="Could not load the tasks" error={table.error} retry={() => void table.refetch()} />;
  const tasks = table.data.pages.flatMap((page) => page.items);
  if (tasks.length === 0) {
    return filtering ? (
      <EmptyState title="No task matches">Change or clear the filters to see more.</EmptyState>
    ) : (
      <NoTasks canEdit={canEdit} onCreate={onCreate} />
    );
  }
  return (
    <TaskTable
      projectId={projectId}
      tasks={tasks}
      nameOf={nameOf}
      technologyTitle={technologyTitle}
      hasMore={table.hasNextPage}
      loadingMore={table.isFetchingNextPage}
      onLoadMore={() => void table.fetchNextPage()}
    />
  );
}

function NoTasks({ canEdit, onCreate }: { canEdit: boolean; onCreate: () => void }) {
  return (
    <EmptyState
      title="No research tasks yet"
      action={
        canEdit ? (
          <Button variant="light" onClick={onCreate}>
            Create the first task
          </Button>
        ) : undefined
      }
    >
      Research tasks track what the team is finding out about a technology, and end in a verdict for the radar.
    </EmptyState>
  );
}

/** The research section: stats, then the tasks as a board by status or as a filterable table. */
export function ResearchPage() {
  const project = useProject();
  const { params, set } = useQueryParams();
  const view = params.get('view') === 'table' ? 'table' : 'board';
  const filters = filtersFromParams(params);
  const withStatus = view === 'table';
  const query = listQuery(filters, withStatus);
  const filtering = isFiltering(filters, withStatus);
  const canEdit = atLeast(project.role, 'member');
  const [creating, setCreating] = useState(false);
  const members = useMembers(project.id);
  const technologies = useTechnologies(project.id, undefined);
  const technologyOptions = useMemo(
    () => (technologies.data ?? []).map((technology) => ({ value: technology.id, label: technology.title })),
    [technologies.data],
  );
  const titles = useMemo(
    () => new Map(technologyOptions.map((option) => [option.value, option.label])),
    [technologyOptions],
  );
  const nameOf = (userId: string | null) => members.nameOf(userId);
  const technologyTitle = (id: string) => titles.get(id) ?? 'a removed technology';

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            Research
          </Title>
          <Text c="dimmed" size="sm">
            What the team is finding out, and the verdicts it leads to.
          </Text>
        </div>
        <Group gap="xs">
          <SegmentedControl
            value={view}
            onChange={(value) => set({ view: value === 'table' ? 'table' : null })}
            data={[
              { value: 'board', label: 'Board' },
              { value: 'table', label: 'Table' },
            ]}
            aria-label="View"
            size="xs"
            data-testid="research-view"
          />
          {canEdit && (
            <Button size="xs" onClick={() => setCreating(true)} data-testid="new-task">
              New task
            </Button>
          )}
        </Group>
      </Group>

      <StatsStrip projectId={project.id} />

      <TaskFilterBar
        filters={filters}
        showStatus={withStatus}
        members={members.options}
        technologies={technologyOptions}
        onChange={set}
      />

      {/* The board's five columns need the width: less padding around them than around the table. */}
      <Paper withBorder radius="md" p={{ base: 'xs', sm: view === 'board' ? 'xs' : 'md' }}>
        {view === 'board' ? (
          <BoardView
            projectId={project.id}
            query={query}
            filtering={filtering}
            canEdit={canEdit}
            nameOf={nameOf}
            onCreate={() => setCreating(true)}
          />
        ) : (
          <TableView
            projectId={project.id}
            query={query}
            filtering={filtering}
            canEdit={canEdit}
            nameOf={nameOf}
            technologyTitle={technologyTitle}
            onCreate={() => setCreating(true)}
          />
        )}
      </Paper>

      {canEdit && (
        <NewTaskForm
          projectId={project.id}
          opened={creating}
          onClose={() => setCreating(false)}
          members={members.options}
          technologies={technologyOptions}
        />
      )}
    </Stack>
  );
}
