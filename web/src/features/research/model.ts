// The .js suffix lets the unit test (test/e2e/web-research-model.test.ts) compile this under NodeNext as well.
import type { Confidence, ResearchTask, TaskListQuery, TaskSort, TaskStatus, Verdict } from './types';

/** Pure rules of the research pages (no React, no fetch), so they can be unit tested on their own. */

/** Board columns, in the order work moves through them. */
export const TASK_STATUSES: readonly TaskStatus[] = ['pending', 'in_progress', 'blocked', 'completed', 'cancelled'];
export const VERDICTS: readonly Verdict[] = ['adopt', 'trial', 'assess', 'hold'];
export const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];

export const STATUS_LABEL: Record<TaskStatus, string> = {
  pending: 'Pending',
  in_progress: 'In progress',
  blocked: 'Blocked',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const STATUS_COLOR: Record<TaskStatus, string> = {
  pending: 'gray',
  in_progress: 'blue',
  blocked: 'orange',
  completed: 'green',
  cancelled: 'dark',
};

export const VERDICT_COLOR: Record<Verdict, string> = { adopt: 'green', trial: 'teal', assess: 'yellow', hold: 'red' };

export const SORT_OPTIONS: ReadonlyArray<{ value: TaskSort; label: string }> = [
  { value: '-created', label: 'Newest first' },
  { value: 'created', label: 'Oldest first' },
  { value: '-updated', label: 'Recently updated' },
  { value: 'due', label: 'Due soonest' },
  { value: '-due', label: 'Due latest' },
  { value: '-progress', label: 'Most progress' },
  { value: 'progress', label: 'Least progress' },
  { value: 'title', label: 'Title A–Z' },
  { value: '-title', label: 'Title Z–A' },
];

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

/** Tasks per board column, each column keeping the order the list came in. */
export function groupByStatus<T extends { status: TaskStatus }>(tasks: readonly T[]): Record<TaskStatus, T[]> {
  const columns = Object.fromEntries(TASK_STATUSES.map((status) => [status, [] as T[]])) as Record<TaskStatus, T[]>;
  for (const task of tasks) columns[task.status]?.push(task);
  return columns;
}

/** `YYYY-MM-DD` of an instant in UTC, the day the server's "overdue" is measured against. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * The task as the server will store it after a status-only change, for the optimistic board move. It follows the
 * completion rules (docs/api.md): completing sets progress 100 and stamps completedAt; leaving `completed` restarts
 * progress at 0; other moves keep the progress. The server's answer replaces this guess either way.
 */
export function predictStatusChange(task: ResearchTask, status: TaskStatus, now: Date): ResearchTask {
  if (task.status === status) return task;
  const wasCompleted = task.status === 'completed';
  const progress = status === 'completed' ? 100 : wasCompleted ? 0 : task.progress;
  const completedAt = status === 'completed' ? (task.completedAt ?? now.toISOString()) : null;
  const open = status !== 'completed' && status !== 'cancelled';
  const overdue = open && task.dueDate !== null && task.dueDate < utcDay(now);
  return { ...task, status, progress, completedAt, overdue, updatedAt: now.toISOString() };
}

/** Status and progress as an edit form holds them. */
export interface CompletionFields {
  status: TaskStatus;
  progress: number;
}

/**
 * Keeps an edit form's status and progress consistent with the completion rules while the user changes one of them,
 * so that saving never sends a contradictory pair (which the server refuses with 422): completed means progress 100,
 * progress 100 means completed, reopening restarts a finished progress, and progress above 0 starts a pending task.
 */
export function reconcileCompletion(
  before: CompletionFields,
  change: { status: TaskStatus } | { progress: number },
): CompletionFields {
  if ('status' in change) {
    const { status } = change;
    if (status === 'completed') return { status, progress: 100 };
    return { status, progress: before.progress === 100 ? 0 : before.progress };
  }
  const progress = Math.max(0, Math.min(100, Math.round(change.progress)));
  if (progress === 100) return { status: 'completed', progress };
  if (before.status === 'completed') return { status: progress === 0 ? 'pending' : 'in_progress', progress };
  if (before.status === 'pending' && progress > 0) return { status: 'in_progress', progress };
  return { status: before.status, progress };
}

/** Replaces the task with the same id in a list (other tasks untouched). */
export function replaceTask(tasks: readonly ResearchTask[], next: ResearchTask): ResearchTask[] {
  return tasks.map((task) => (task.id === next.id ? next : task));
}

/** The filters of the task list as the URL carries them; one place reads them, one writes them. */
export interface TaskFilters {
  status: TaskStatus[];
  assigneeId: string;
  technologyId: string;
  tag: string;
  overdue: boolean;
  /** '' when unset, else a whole number of days as text (what the input holds). */
  dueWithinDays: string;
  q: string;
  sort: TaskSort;
}

const DEFAULT_SORT: TaskSort = '-created';

export function filtersFromParams(params: URLSearchParams): TaskFilters {
  const sort = params.get('sort') ?? '';
  const days = params.get('due') ?? '';
  return {
    status: params.getAll('status').filter(isTaskStatus),
    assigneeId: params.get('assignee') ?? '',
    technologyId: params.get('technology') ?? '',
    tag: params.get('tag') ?? '',
    overdue: params.get('overdue') === 'true',
    dueWithinDays: /^\d{1,4}$/.test(days) ? days : '',
    q: params.get('q') ?? '',
    sort: SORT_OPTIONS.some((option) => option.value === sort) ? (sort as TaskSort) : DEFAULT_SORT,
  };
}

/** The API query for the filters; `withStatus` false for the board, whose columns are the statuses. */
export function listQuery(filters: TaskFilters, withStatus: boolean): TaskListQuery {
  const query: TaskListQuery = { sort: filters.sort };
  if (withStatus && filters.status.length > 0) query.status = filters.status;
  if (filters.assigneeId !== '') query.assigneeId = filters.assigneeId;
  if (filters.technologyId !== '') query.technologyId = filters.technologyId;
  if (filters.tag !== '') query.tag = filters.tag;
  if (filters.overdue) query.overdue = true;
  if (filters.dueWithinDays !== '') query.dueWithinDays = Number(filters.dueWithinDays);
  if (filters.q.trim() !== '') query.q = filters.q.trim();
  return query;
}

/** Whether any filter narrows the list (sort alone does not); `withStatus` as for listQuery. */
export function isFiltering(filters: TaskFilters, withStatus: boolean): boolean {
  const query = listQuery(filters, withStatus);
  return Object.keys(query).some((key) => key !== 'sort');
}

/** Tags as the server keeps them: trimmed, lower-cased, unique, in first-seen order (it compares them that way). */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
}

/**
 * The board column a keyboard drag jumps to: the neighbour (`step` -1 left, +1 right) of the column under `x`, by
 * their horizontal order on screen. Undefined at either end, or when there are no columns.
 */
export function neighbourColumn<C extends { left: number; width: number }>(
  columns: readonly C[],
  x: number,
  step: -1 | 1,
): C | undefined {
  if (columns.length === 0) return undefined;
  const ordered = [...columns].sort((a, b) => a.left - b.left);
  let current = ordered.findIndex((column) => x >= column.left && x < column.left + column.width);
  if (current === -1) {
    // Between or beside the columns: count from the nearest one.
    const distance = (column: C) => Math.abs(column.left + column.width / 2 - x);
    current = ordered.reduce((best, column, index) => (distance(column) < distance(ordered[best]!) ? index : best), 0);
  }
  return ordered[current + step];
}

/** "512 B", "1.4 KB", "3.2 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/**
 * Whether "Propose ring change" applies: the server needs a verdict (with confidence) and exactly one technology, or
 * a named one of several. Returns why not, for the disabled button's tooltip.
 */
export function proposeBlocker(task: Pick<ResearchTask, 'verdict' | 'confidence' | 'technologyIds'>): string | null {
  if (task.verdict === null || task.confidence === null) return 'Record a verdict and confidence first.';
  if (task.technologyIds.length === 0) return 'Link a technology first.';
  return null;
}
