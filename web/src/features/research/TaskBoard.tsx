import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Alert, Anchor, Badge, Box, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, describeError } from '../../api/problem';
import { day } from '../../components/format';
import { OverdueBadge, StatusMenu, VerdictBadge } from './components';
import { groupByStatus, isTaskStatus, neighbourColumn, STATUS_COLOR, STATUS_LABEL, TASK_STATUSES } from './model';
import { useMoveOnBoard } from './mutations';
import type { BoardData } from './queries';
import type { ResearchTask, TaskListQuery, TaskStatus } from './types';

/** Arrow left/right jump a picked-up card to the neighbouring column (the default moves it 25 px at a time). */
const jumpBetweenColumns: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const step = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  if (step === 0) return undefined;
  event.preventDefault();
  const card = context.collisionRect;
  const columns = [...context.droppableRects.values()];
  const target = neighbourColumn(columns, currentCoordinates.x + (card?.width ?? 0) / 2, step);
  if (target === undefined) return currentCoordinates;
  return { x: target.left + (target.width - (card?.width ?? 0)) / 2, y: currentCoordinates.y };
};

/** Where the pointer is, when there is one; otherwise (keyboard) the column the card overlaps most. */
const columnUnderCard: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : rectIntersection(args);
};

function statusOf(id: unknown): string {
  return isTaskStatus(id) ? STATUS_LABEL[id] : String(id);
}

function titleOf(tasks: ResearchTask[], id: unknown): string {
  return tasks.find((task) => task.id === id)?.title ?? 'the task';
}

function TaskCardBody({
  projectId,
  task,
  assignee,
  canEdit,
  onMove,
}: {
  projectId: string;
  task: ResearchTask;
  assignee: string | null;
  canEdit: boolean;
  onMove?: (status: TaskStatus) => void;
}) {
  return (
    <Stack gap={6}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap={4}>
        <Anchor
          component={Link}
          to={`/projects/${projectId}/research/tasks/${task.id}`}
          size="sm"
          fw={600}
          // The whole title, wrapped: columns are narrow beside the navigation and the activity rail.
          style={{ overflowWrap: 'anywhere', minWidth: 0 }}
          data-testid="task-card-title"
          // A click on the title opens the task; it must not start a drag.
          onPointerDown={(event) => event.stopPropagation()}
        >
          {task.title}
        </Anchor>
        {onMove !== undefined && canEdit && (
          <Box onPointerDown={(event) => event.stopPropagation()}>
            <StatusMenu title={task.title} status={task.status} onChange={onMove} />
          </Box>
        )}
      </Group>
      <Group gap={4}>
        {task.overdue && <OverdueBadge />}
        <VerdictBadge verdict={task.verdict} confidence={task.confidence} />
        {task.tags.slice(0, 3).map((tag) => (
          <Badge key={tag} size="xs" variant="default" tt="none">
            {tag}
          </Badge>
        ))}
      </Group>
      <Progress value={task.progress} size="sm" aria-label={`Progress ${task.progress}%`} />
      <Group justify="space-between" gap={4}>
        <Text size="xs" c="dimmed" lineClamp={1}>
          {assignee ?? 'Unassigned'}
        </Text>
        <Text size="xs" c={task.overdue ? 'red' : 'dimmed'}>
          {task.dueDate ? `due ${day(task.dueDate)}` : ''}
        </Text>
      </Group>
    </Stack>
  );
}

function DraggableCard({
  projectId,
  task,
  assignee,
  canEdit,
  onMove,
}: {
  projectId: string;
  task: ResearchTask;
  assignee: string | null;
  canEdit: boolean;
  onMove: (status: TaskStatus) => void;
}) {
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: task.id,
    disabled: !canEdit,
  });
  return (
    <Paper
      ref={(node) => {
        setNodeRef(node);
        // The card itself picks up with Space/Enter; those keys on its link or menu keep their own meaning.
        setActivatorNodeRef(node);
      }}
      withBorder
      radius="md"
      p="xs"
      shadow="xs"
      {...(canEdit ? { ...attributes, ...listeners } : {})}
      aria-roledescription={canEdit ? 'draggable task' : undefined}
      aria-label={canEdit ? `${task.title}: press space to move it between columns` : undefined}
      data-testid="task-card"
      data-task-id={task.id}
      data-status={task.status}
      style={{
        opacity: isDragging ? 0.4 : 1,
        cursor: canEdit ? 'grab' : 'default',
        touchAction: canEdit ? 'manipulation' : undefined,
      }}
    >
      <TaskCardBody projectId={projectId} task={task} assignee={assignee} canEdit={canEdit} onMove={onMove} />
    </Paper>
  );
}

function Column({ status, count, children }: { status: TaskStatus; count: number; children: React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: status });
  return (
    <Paper
      ref={setNodeRef}
      radius="md"
      p="xs"
      bg={isOver ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default-hover)'}
      style={{
        minHeight: 240,
        minWidth: 0,
        outline: isOver ? '2px dashed var(--mantine-primary-color-filled)' : undefined,
      }}
      data-testid="board-column"
      data-status={status}
      aria-label={`${STATUS_LABEL[status]} (${count})`}
      role="group"
    >
      <Group justify="space-between" mb="xs" wrap="nowrap" gap={4}>
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Box w={10} h={10} bg={`var(--mantine-color-${STATUS_COLOR[status]}-6)`} style={{ borderRadius: 5 }} />
          <Text size="sm" fw={700} lh={1.2}>
            {STATUS_LABEL[status]}
          </Text>
        </Group>
        <Badge size="sm" variant="default" data-testid="column-count">
          {count}
        </Badge>
      </Group>
      <Stack gap="xs">{children}</Stack>
    </Paper>
  );
}

/**
 * The board: a column per status. Dragging a card to another column (or picking a status from its menu) changes the
 * task's status at once on screen; if the server refuses, the card goes back and the problem is shown.
 */
export function TaskBoard({
  projectId,
  query,
  data,
  canEdit,
  nameOf,
}: {
  projectId: string;
  query: TaskListQuery;
  data: BoardData;
  canEdit: boolean;
  nameOf: (userId: string | null) => string;
}) {
  const [activeId, setActiveId] = useState<string | null>(null);
  // While a card is held, the board stays as it was when it was picked up: a live refresh (someone else's change)
  // would otherwise move or remount cards under the gesture.
  const [heldBoard, setHeldBoard] = useState<BoardData | null>(null);
  const board = heldBoard ?? data;
  const [refusal, setRefusal] = useState<{ title: string; detail: string } | null>(null);
  const sensors = useSensors(
    // A few pixels of movement before a drag starts, so clicks on a card's link and menu stay clicks.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: jumpBetweenColumns }),
  );

  // Several moves can be in flight; each refusal is told (mutate's own callbacks would fire for the last one only).
  const move = useMoveOnBoard(projectId, query, (error, { task, status }) => {
    const reason =
      error instanceof ApiError
        ? [
            error.problem.detail || error.problem.title,
            ...(error.problem.errors ?? []).map((item) => item.detail),
          ].join(' ')
        : describeError(error);
    setRefusal({
      title: `${task.title} stays in ${STATUS_LABEL[task.status]}`,
      detail: `Moving it to ${STATUS_LABEL[status]} was refused: ${reason}`,
    });
    notifications.show({ color: 'red', title: 'Status not changed', message: reason });
  });

  const columns = groupByStatus(board.items);
  const active = board.items.find((task) => task.id === activeId);
  const requestMove = (task: ResearchTask, status: TaskStatus) => {
    if (task.status === status) return;
    setRefusal(null);
    move.mutate({ task, status });
  };

  const announcements: Announcements = {
    onDragStart: ({ active: dragged }) =>
      `Picked up ${titleOf(data.items, dragged.id)}. Use left and right arrows to choose a column.`,
    onDragOver: ({ active: dragged, over }) =>
      over
        ? `${titleOf(data.items, dragged.id)} is over ${statusOf(over.id)}.`
        : `${titleOf(data.items, dragged.id)} is over no column.`,
    onDragEnd: ({ active: dragged, over }) =>
      over
        ? `${titleOf(data.items, dragged.id)} moved to ${statusOf(over.id)}.`
        : `${titleOf(data.items, dragged.id)} was dropped outside the columns.`,
    onDragCancel: ({ active: dragged }) => `Moving ${titleOf(data.items, dragged.id)} was cancelled.`,
  };

  const onDragStart = (event: DragStartEvent) => {
    setActiveId(String(event.active.id));
    setHeldBoard(data);
  };
  const onDragEnd = (event: DragEndEvent) => {
    setActiveId(null);
    setHeldBoard(null);
    const task = board.items.find((item) => item.id === event.active.id);
    const target = event.over?.id;
    if (task !== undefined && isTaskStatus(target)) requestMove(task, target);
  };

  return (
    <Stack gap="sm">
      {refusal !== null && (
        <Alert
          color="red"
          variant="light"
          title={refusal.title}
          withCloseButton
          onClose={() => setRefusal(null)}
          role="alert"
          data-testid="board-error"
        >
          {refusal.detail}
        </Alert>
      )}
      {data.truncated && (
        <Text size="xs" c="dimmed">
          Showing the first {data.items.length} tasks; narrow the filters or use the table to see the rest.
        </Text>
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={columnUnderCard}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          setActiveId(null);
          setHeldBoard(null);
        }}
        accessibility={{ announcements }}
      >
        {/* A grid that fits the page: a horizontally scrolling board would make the keyboard sensor scroll instead of
            moving the card. Narrow screens still scroll sideways (the status menu works there as everywhere). */}
        <Box
          data-testid="research-board"
          pb="xs"
          style={{
            display: 'grid',
            gridTemplateColumns: `repeat(${TASK_STATUSES.length}, minmax(140px, 1fr))`,
            gap: 'var(--mantine-spacing-xs)',
            overflowX: 'auto',
          }}
        >
          {TASK_STATUSES.map((status) => (
            <Column key={status} status={status} count={columns[status].length}>
              {columns[status].map((task) => (
                <DraggableCard
                  key={task.id}
                  projectId={projectId}
                  task={task}
                  assignee={task.assigneeId === null ? null : nameOf(task.assigneeId)}
                  canEdit={canEdit}
                  onMove={(next) => requestMove(task, next)}
                />
              ))}
              {columns[status].length === 0 && (
                <Text size="xs" c="dimmed" ta="center" py="md">
                  {canEdit ? 'Drop a task here' : 'No tasks'}
                </Text>
              )}
            </Column>
          ))}
        </Box>
        <DragOverlay>
          {active !== undefined && (
            <Paper withBorder radius="md" p="xs" shadow="lg" style={{ cursor: 'grabbing', width: 240 }}>
              <TaskCardBody
                projectId={projectId}
                task={active}
                assignee={active.assigneeId === null ? null : nameOf(active.assigneeId)}
                canEdit={false}
              />
            </Paper>
          )}
        </DragOverlay>
      </DndContext>
    </Stack>
  );
}
