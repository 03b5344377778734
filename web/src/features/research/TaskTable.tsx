import { Anchor, Badge, Button, Center, Group, Progress, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { day } from '../../components/format';
import { OverdueBadge, StatusBadge, VerdictBadge } from './components';
import type { ResearchTask } from './types';

/** The task list as a table; "Load more" fetches the next page (cursor pagination). */
export function TaskTable({
  projectId,
  tasks,
  nameOf,
  technologyTitle,
  hasMore,
  loadingMore,
  onLoadMore,
}: {
  projectId: string;
  tasks: ResearchTask[];
  nameOf: (userId: string | null) => string;
  technologyTitle: (id: string) => string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table highlightOnHover verticalSpacing="xs" data-testid="task-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Task</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Assignee</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th w={120}>Progress</Table.Th>
              <Table.Th>Verdict</Table.Th>
              <Table.Th visibleFrom="md">Technologies and tags</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tasks.map((task) => (
              <Table.Tr key={task.id} data-testid="task-row" data-task-id={task.id} data-status={task.status}>
                <Table.Td>
                  <Anchor component={Link} to={`/projects/${projectId}/research/tasks/${task.id}`} size="sm" fw={500}>
                    {task.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={task.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{task.assigneeId === null ? '—' : nameOf(task.assigneeId)}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm">{day(task.dueDate)}</Text>
                    {task.overdue && <OverdueBadge />}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Progress
                      value={task.progress}
                      size="sm"
                      style={{ flex: 1 }}
                      aria-label={`Progress ${task.progress}%`}
                    />
                    <Text size="xs" c="dimmed" w={32} ta="right">
                      {task.progress}%
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <VerdictBadge verdict={task.verdict} confidence={task.confidence} />
                </Table.Td>
                <Table.Td visibleFrom="md">
                  <Group gap={4}>
                    {task.technologyIds.map((id) => (
                      <Badge key={id} size="xs" variant="light" tt="none">
                        {technologyTitle(id)}
                      </Badge>
                    ))}
                    {task.tags.map((tag) => (
                      <Badge key={tag} size="xs" variant="default" tt="none">
                        {tag}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {hasMore && (
        <Center mt="sm">
          <Button variant="default" size="xs" onClick={onLoadMore} loading={loadingMore} data-testid="load-more">
            Load more
          </Button>
        </Center>
      )}
    </>
  );
}
