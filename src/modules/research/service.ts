import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import type { PendingEvent } from '../../platform/events/outbox.js';
import type { ProjectScope } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, encodeCursor, UUID_CURSOR } from '../../platform/http/pagination.js';
import { badRequest, conflict, type FieldError, invalid, notFound, Problem } from '../../platform/http/problems.js';
import { isActiveMember } from '../projects/service.js';
import { proposeFromResearch } from '../radar/proposals/service.js';
import { getTechnology } from '../radar/technologies/service.js';
import { collectContentLater } from './attachments.js';
import {
  appendResearchEvents,
  researchTaskCreated,
  researchTaskDeleted,
  researchTaskStatusChanged,
  researchTaskUpdated,
  researchTaskVerdictRecorded,
} from './events.js';
import { addDays, isCalendarDay, normalizeTags, resolveCompletion, resolveVerdict, utcDay } from './rules.js';
import type {
  CreateTaskInput,
  ProposeInput,
  ResearchTaskView,
  TaskListInput,
  TaskSort,
  UpdateTaskInput,
} from './schemas.js';
import * as store from './store.js';
import type { ResearchStatus } from './tables.js';
import { actingUserId, subjectOf } from './task-scope.js';

const OPEN_STATUSES: readonly ResearchStatus[] = ['pending', 'in_progress', 'blocked'];

// ---- presentation --------------------------------------------------------------------------------------------

type Extras = { technologyIds: string[]; commentCount: number; attachmentCount: number };
const NO_EXTRAS: Extras = { technologyIds: [], commentCount: 0, attachmentCount: 0 };

function isOverdue(row: Pick<store.TaskRow, 'dueDate' | 'status'>, today: string): boolean {
  return row.dueDate !== null && row.dueDate < today && OPEN_STATUSES.includes(row.status);
}

function presentTask(row: store.TaskRow, extras: Extras, today: string): ResearchTaskView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    assigneeId: row.assigneeId,
    dueDate: row.dueDate,
    overdue: isOverdue(row, today),
    progress: row.progress,
    estimatedHours: row.estimatedHours,
    actualHours: row.actualHours,
    findings: row.findings,
    verdict: row.verdict,
    confidence: row.confidence,
    tags: row.tags,
    technologyIds: extras.technologyIds,
    commentCount: extras.commentCount,
    attachmentCount: extras.attachmentCount,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function taskEventData(row: store.TaskRow, technologyIds: string[]) {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    progress: row.progress,
    assigneeId: row.assigneeId,
    dueDate: row.dueDate,
    technologyIds,
    tags: row.tags,
  };
}

// ---- validation shared by create and update ------------------------------------------------------------------

/** A due date must be a real day; an assignee must be an active member; technologies must be this project's. */
async function checkReferences(
  context: ServiceContext,
  scope: ProjectScope,
  input: { assigneeId?: string | null; dueDate?: string | null; technologyIds?: string[] },
): Promise<void> {
  const errors: FieldError[] = [];
  if (input.dueDate != null && !isCalendarDay(input.dueDate)) {
    errors.push({ pointer: '/body/dueDate', detail: 'must be a real calendar day (YYYY-MM-DD)' });
  }
  if (input.assigneeId != null) {
    if (!(await isActiveMember(context.db, scope.projectId, input.assigneeId)))
      errors.push({ pointer: '/body/assigneeId', detail: 'the assignee must be an active member of this project' });
  }
  if (input.technologyIds !== undefined && input.technologyIds.length > 0) {
    for (const id of new Set(input.technologyIds)) {
      if (!(await technologyInProject(context, scope, id))) {
        errors.push({ pointer: '/body/technologyIds', detail: `technology ${id} is not in this project` });
      }
    }
  }
  if (errors.length > 0) throw invalid(errors);
}

/** Asked through the radar service: RLS hides other projects' technologies, so they answer 404 like unknown ones. */
async function technologyInProject(context: ServiceContext, scope: ProjectScope, technologyId: string) {
  try {
    await getTechnology(context, scope, technologyId);
    return true;
  } catch (error) {
    if (error instanceof Problem && error.status === 404) return false;
    throw error;
  }
}

function unwrap<T>(resolution: { ok: true; value: T } | { ok: false; errors: FieldError[] }): T {
  if (!resolution.ok) throw invalid(resolution.errors);
  return resolution.value;
}

// ---- tasks ---------------------------------------------------------------------------------------------------

export async function createTask(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  input: CreateTaskInput,
): Promise<ResearchTaskView> {
  await checkReferences(context, scope, input);
  const now = new Date();
  const completion = unwrap(resolveCompletion(null, { status: input.status, progress: input.progress }, now));
  const verdict = unwrap(resolveVerdict(null, { verdict: input.verdict, confidence: input.confidence }));
  const technologyIds = [...new Set(input.technologyIds ?? [])].sort();
  return context.db.tenant(scope, async (tx) => {
    const row = await store.insertTask(tx, {
      id: uuidv7(),
      projectId: scope.projectId,
      title: input.title.trim(),
      description: input.description ?? '',
      ...completion,
      assigneeId: input.assigneeId ?? null,
      dueDate: input.dueDate ?? null,
      estimatedHours: input.estimatedHours ?? null,
      actualHours: input.actualHours ?? null,
      findings: input.findings ?? '',
      ...verdict,
      tags: normalizeTags(input.tags ?? []),
      createdBy: actingUserId(scope),
      createdAt: now,
      updatedAt: now,
    });
    await store.replaceTaskTechnologies(tx, scope.projectId, row.id, technologyIds);
    const events: PendingEvent[] = [
      { definition: researchTaskCreated, subject: subjectOf(row.id), data: taskEventData(row, technologyIds) },
    ];
    if (row.verdict !== null && row.confidence !== null) {
      events.push(verdictEvent(row, technologyIds));
    }
    await appendResearchEvents(tx, scope.projectId, actor, events);
    return presentTask(row, { ...NO_EXTRAS, technologyIds }, utcDay(now));
  });
}

function verdictEvent(row: store.TaskRow, technologyIds: string[]): PendingEvent {
  return {
    definition: researchTaskVerdictRecorded,
    subject: subjectOf(row.id),
    data: { id: row.id, title: row.title, verdict: row.verdict!, confidence: row.confidence!, technologyIds },
  };
}

export async function getTask(context: ServiceContext, scope: ProjectScope, taskId: string): Promise<ResearchTaskView> {
  return context.db.tenant(scope, async (tx) => {
    const row = await store.findTask(tx, scope.projectId, taskId);
    if (row === undefined) throw notFound('Research task');
    const extras = await store.taskExtras(tx, scope.projectId, [row.id]);
    return presentTask(row, extras.get(row.id) ?? NO_EXTRAS, utcDay(new Date()));
  });
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export async function updateTask(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  taskId: string,
  input: UpdateTaskInput,
): Promise<ResearchTaskView> {
  await checkReferences(context, scope, input);
  const now = new Date();
  return context.db.tenant(scope, async (tx) => {
    const before = await store.findTask(tx, scope.projectId, taskId, true);
    if (before === undefined) throw notFound('Research task');
    const beforeExtras = (await store.taskExtras(tx, scope.projectId, [taskId])).get(taskId) ?? NO_EXTRAS;
    const completion = unwrap(resolveCompletion(before, { status: input.status, progress: input.progress }, now));
    const verdict = unwrap(resolveVerdict(before, { verdict: input.verdict, confidence: input.confidence }));
    const next = {
      title: input.title?.trim() ?? before.title,
      description: input.description ?? before.description,
      assigneeId: input.assigneeId === undefined ? before.assigneeId : input.assigneeId,
      dueDate: input.dueDate === undefined ? before.dueDate : input.dueDate,
      estimatedHours: input.estimatedHours === undefined ? before.estimatedHours : input.estimatedHours,
      actualHours: input.actualHours === undefined ? before.actualHours : input.actualHours,
      findings: input.findings ?? before.findings,
      tags: input.tags === undefined ? before.tags : normalizeTags(input.tags),
      ...completion,
      ...verdict,
    };
    const technologyIds =
      input.technologyIds === undefined ? beforeExtras.technologyIds : [...new Set(input.technologyIds)].sort();

    const changed = (Object.keys(next) as Array<keyof typeof next>).filter((key) => {
      const a = before[key];
      const b = next[key];
      if (Array.isArray(a) && Array.isArray(b)) return !sameList(a, b);
      if (a instanceof Date || b instanceof Date) return a?.valueOf() !== b?.valueOf();
      return a !== b;
    });
    const technologiesChanged = !sameList(beforeExtras.technologyIds, technologyIds);
    if (technologiesChanged) changed.push('technologyIds' as never);
    if (changed.length === 0) return presentTask(before, beforeExtras, utcDay(now));

    const row = await store.updateTask(tx, scope.projectId, taskId, { ...next, updatedAt: now });
    if (technologiesChanged) await store.replaceTaskTechnologies(tx, scope.projectId, taskId, technologyIds);

    const events: PendingEvent[] = [
      {
        definition: researchTaskUpdated,
        subject: subjectOf(taskId),
        data: { ...taskEventData(row, technologyIds), changed: changed.filter((key) => key !== 'completedAt') },
      },
    ];
    if (before.status !== row.status) {
      events.push({
        definition: researchTaskStatusChanged,
        subject: subjectOf(taskId),
        data: {
          id: row.id,
          title: row.title,
          from: before.status,
          to: row.status,
          progress: row.progress,
          completedAt: row.completedAt?.toISOString() ?? null,
        },
      });
    }
    if (row.verdict !== null && (before.verdict !== row.verdict || before.confidence !== row.confidence)) {
      events.push(verdictEvent(row, technologyIds));
    }
    await appendResearchEvents(tx, scope.projectId, actor, events);
    return presentTask(row, { ...beforeExtras, technologyIds }, utcDay(now));
  });
}

export async function deleteTask(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  taskId: string,
): Promise<void> {
  await context.db.tenant(scope, async (tx) => {
    const row = await store.findTask(tx, scope.projectId, taskId, true);
    if (row === undefined) throw notFound('Research task');
    const referenced = await store.deleteTask(tx, scope.projectId, taskId);
    await appendResearchEvents(tx, scope.projectId, actor, [
      { definition: researchTaskDeleted, subject: subjectOf(taskId), data: { id: row.id, title: row.title } },
    ]);
    await collectContentLater(context, tx, scope.projectId, actor, referenced);
  });
}

// ---- lists and statistics ------------------------------------------------------------------------------------

const TASK_CURSOR = /^\[.*\]$/s;

function decodeTaskCursor(cursor: string | undefined, sort: TaskSort): { key: string; id: string } | undefined {
  const raw = decodeCursor(cursor, TASK_CURSOR);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== sort ||
    typeof parsed[1] !== 'string' ||
    typeof parsed[2] !== 'string' ||
    !UUID_CURSOR.test(parsed[2])
  ) {
    throw badRequest('The cursor is not valid for this list and sort; start again without it.');
  }
  return { key: parsed[1], id: parsed[2] };
}

export async function listTasks(
  context: Pick<ServiceContext, 'db'>,
  scope: ProjectScope,
  query: TaskListInput & { limit: number },
  now = new Date(),
) {
  const sort = query.sort ?? '-created';
  const after = decodeTaskCursor(query.cursor, sort);
  const today = utcDay(now);
  const filter: store.TaskFilter = {
    statuses: query.status,
    assigneeId: query.assigneeId,
    technologyId: query.technologyId,
    tag: query.tag?.trim().toLowerCase(),
    verdict: query.verdict,
    overdue: query.overdue,
    dueBy: query.dueWithinDays === undefined ? undefined : addDays(today, query.dueWithinDays),
    q: query.q,
    today,
  };
  return context.db.tenant(scope, async (tx) => {
    const rows = await store.listTasks(tx, scope.projectId, filter, sort, after, query.limit);
    const items = rows.slice(0, query.limit);
    const extras = await store.taskExtras(
      tx,
      scope.projectId,
      items.map((row) => row.task.id),
    );
    const last = items.at(-1);
    return {
      items: items.map((row) => presentTask(row.task, extras.get(row.task.id) ?? NO_EXTRAS, today)),
      nextCursor:
        rows.length > query.limit && last !== undefined
          ? encodeCursor(JSON.stringify([sort, last.sortKey, last.task.id]))
          : null,
    };
  });
}

/** Counts by status and verdict, overdue and upcoming counts with their first items: two statements. */
export async function taskStatistics(
  context: ServiceContext,
  scope: ProjectScope,
  options: { days: number; top: number },
  now = new Date(),
) {
  const today = utcDay(now);
  const upcomingBy = addDays(today, options.days);
  return context.db.tenant(scope, async (tx) => {
    const groups = await store.statsCounts(tx, scope.projectId, today, upcomingBy);
    const items = await store.attentionItems(tx, scope.projectId, today, upcomingBy, options.top);
    const byStatus = new Map<ResearchStatus, number>();
    const byVerdict = new Map<string, number>();
    let total = 0;
    let overdue = 0;
    let upcoming = 0;
    let openCount = 0;
    let openProgress = 0;
    for (const group of groups) {
      total += group.count;
      byStatus.set(group.status, (byStatus.get(group.status) ?? 0) + group.count);
      if (group.verdict !== null) byVerdict.set(group.verdict, (byVerdict.get(group.verdict) ?? 0) + group.count);
      if (OPEN_STATUSES.includes(group.status)) {
        overdue += group.overdue;
        upcoming += group.upcoming;
        openCount += group.count;
        openProgress += group.progressSum;
      }
    }
    return {
      total,
      byStatus: (['pending', 'in_progress', 'blocked', 'completed', 'cancelled'] as const).map((status) => ({
        status,
        count: byStatus.get(status) ?? 0,
      })),
      byVerdict: (['adopt', 'trial', 'assess', 'hold'] as const).map((verdict) => ({
        verdict,
        count: byVerdict.get(verdict) ?? 0,
      })),
      averageOpenProgress: openCount === 0 ? null : Math.round((openProgress / openCount) * 10) / 10,
      overdue: { count: overdue, items: items.overdue },
      upcoming: { days: options.days, count: upcoming, items: items.upcoming },
    };
  });
}

// ---- proposals -----------------------------------------------------------------------------------------------

/**
 * Turns the task's verdict into a ring-change proposal on the radar (the radar module decides whether the move is
 * possible and records the proposal, linked to this task). The task needs a verdict; the technology must be one
 * the task studies (and is implied when it studies exactly one).
 */
export async function proposeFromVerdict(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  taskId: string,
  input: ProposeInput,
) {
  const task = await getTask(context, scope, taskId);
  if (task.verdict === null || task.confidence === null) {
    throw conflict(
      'Record a verdict (with its confidence) on the task before proposing a ring change.',
      'verdict-missing',
    );
  }
  let technologyId = input.technologyId;
  if (technologyId === undefined) {
    if (task.technologyIds.length !== 1) {
      throw invalid([
        {
          pointer: '/body/technologyId',
          detail:
            task.technologyIds.length === 0
              ? 'the task is linked to no technology; link one first'
              : 'the task studies several technologies; name one',
        },
      ]);
    }
    technologyId = task.technologyIds[0]!;
  } else if (!task.technologyIds.includes(technologyId)) {
    throw invalid([{ pointer: '/body/technologyId', detail: 'must be one of the technologies the task studies' }]);
  }
  const rationale =
    input.rationale ??
    [`Research task "${task.title}" recommends ${task.verdict} (${task.confidence} confidence).`, task.findings.trim()]
      .filter((part) => part !== '')
      .join('\n\n')
      .slice(0, 5000);
  return proposeFromResearch(context, scope, actor, {
    technologyId,
    verdict: task.verdict,
    rationale,
    researchTaskId: task.id,
    ...(input.radarId === undefined ? {} : { radarId: input.radarId }),
  });
}

// ---- views for other modules ---------------------------------------------------------------------------------

/** Overdue and upcoming open tasks (counts and the first `top` of each), for the dashboard. */
export async function attention(context: ServiceContext, scope: ProjectScope, options: { days: number; top: number }) {
  const stats = await taskStatistics(context, scope, options);
  return { overdue: stats.overdue, upcoming: stats.upcoming };
}
