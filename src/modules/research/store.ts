import { and, asc, desc, eq, gt, ilike, inArray, lt, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import type { TaskSort } from './schemas.js';
import {
  type ResearchStatus,
  researchAttachments,
  researchTaskComments,
  researchTasks,
  researchTaskTechnologies,
  type Verdict,
} from './tables.js';

export type TaskRow = typeof researchTasks.$inferSelect;
export type CommentRow = typeof researchTaskComments.$inferSelect;
export type AttachmentRow = typeof researchAttachments.$inferSelect;

/**
 * The outer task's id inside correlated subqueries, qualified by hand: Drizzle renders a column unqualified there,
 * and a bare "id" would bind to the inner table's own id column.
 */
const OUTER_TASK_ID = sql.raw('"research_tasks"."id"');

const OPEN: ResearchStatus[] = ['pending', 'in_progress', 'blocked'];
const CLOSED: ResearchStatus[] = ['completed', 'cancelled'];

// ---- tasks ---------------------------------------------------------------------------------------------------

export async function insertTask(tx: Tx, row: typeof researchTasks.$inferInsert): Promise<TaskRow> {
  const rows = await tx.insert(researchTasks).values(row).returning();
  return rows[0]!;
}

/** The task, locked for update when `lock` (a change reads and writes it in one transaction). */
export async function findTask(tx: Tx, projectId: string, taskId: string, lock = false): Promise<TaskRow | undefined> {
  const query = tx
    .select()
    .from(researchTasks)
    .where(and(eq(researchTasks.projectId, projectId), eq(researchTasks.id, taskId)))
    .limit(1);
  const rows = lock ? await query.for('update') : await query;
  return rows[0];
}

export async function updateTask(
  tx: Tx,
  projectId: string,
  taskId: string,
  changes: Partial<Omit<TaskRow, 'id' | 'projectId' | 'createdAt' | 'createdBy'>>,
): Promise<TaskRow> {
  const rows = await tx
    .update(researchTasks)
    .set(changes)
    .where(and(eq(researchTasks.projectId, projectId), eq(researchTasks.id, taskId)))
    .returning();
  return rows[0]!;
}

/** Deletes the task (comments, links and attachment rows go by cascade); returns the blob hashes it referenced. */
export async function deleteTask(tx: Tx, projectId: string, taskId: string): Promise<string[]> {
  const hashes = await tx
    .selectDistinct({ sha256: researchAttachments.sha256 })
    .from(researchAttachments)
    .where(and(eq(researchAttachments.projectId, projectId), eq(researchAttachments.taskId, taskId)));
  await tx.delete(researchTasks).where(and(eq(researchTasks.projectId, projectId), eq(researchTasks.id, taskId)));
  return hashes.map((row) => row.sha256);
}

export async function replaceTaskTechnologies(
  tx: Tx,
  projectId: string,
  taskId: string,
  technologyIds: readonly string[],
): Promise<void> {
  await tx
    .delete(researchTaskTechnologies)
    .where(and(eq(researchTaskTechnologies.projectId, projectId), eq(researchTaskTechnologies.taskId, taskId)));
  if (technologyIds.length === 0) return;
  await tx
    .insert(researchTaskTechnologies)
    .values(technologyIds.map((technologyId) => ({ projectId, taskId, technologyId })));
}

/** Per-task extras a view shows: linked technologies and comment/attachment counts, in one statement. */
export async function taskExtras(
  tx: Tx,
  projectId: string,
  taskIds: readonly string[],
): Promise<Map<string, { technologyIds: string[]; commentCount: number; attachmentCount: number }>> {
  if (taskIds.length === 0) return new Map();
  const rows = await tx
    .select({
      id: researchTasks.id,
      technologyIds: sql<string[]>`coalesce((SELECT array_agg(l.technology_id::text ORDER BY l.technology_id)
        FROM ${researchTaskTechnologies} l WHERE l.project_id = ${projectId} AND l.task_id = ${OUTER_TASK_ID}), '{}')`,
      commentCount: sql<number>`(SELECT count(*)::int FROM ${researchTaskComments} c
        WHERE c.project_id = ${projectId} AND c.task_id = ${OUTER_TASK_ID})`,
      attachmentCount: sql<number>`(SELECT count(*)::int FROM ${researchAttachments} a
        WHERE a.project_id = ${projectId} AND a.task_id = ${OUTER_TASK_ID})`,
    })
    .from(researchTasks)
    .where(and(eq(researchTasks.projectId, projectId), inArray(researchTasks.id, [...taskIds])));
  return new Map(rows.map(({ id, ...extras }) => [id, extras]));
}

export interface TaskFilter {
  statuses?: ResearchStatus[];
  assigneeId?: string;
  technologyId?: string;
  tag?: string;
  verdict?: Verdict;
  /** true: only overdue; false: only not overdue. */
  overdue?: boolean;
  /** Only open tasks due from `today` to this day. */
  dueBy?: string;
  q?: string;
  /** `YYYY-MM-DD` in UTC: what overdue and due-within are measured from. */
  today: string;
}

interface SortSpec {
  /** The sort expression; id breaks ties. */
  key: SQL;
  /** The SQL type the cursor's text value is cast back to. */
  type: string;
  descending: boolean;
}

/** Undated tasks sort last in both directions of `due`. */
function sortSpec(sort: TaskSort): SortSpec {
  const descending = sort.startsWith('-');
  switch (sort.replace(/^-/, '')) {
    case 'updated':
      return { key: sql`${researchTasks.updatedAt}`, type: 'timestamptz', descending };
    case 'due':
      return {
        key: descending
          ? sql`coalesce(${researchTasks.dueDate}, '-infinity'::date)`
          : sql`coalesce(${researchTasks.dueDate}, 'infinity'::date)`,
        type: 'date',
        descending,
      };
    case 'progress':
      return { key: sql`${researchTasks.progress}`, type: 'integer', descending };
    case 'title':
      return { key: sql`(lower(${researchTasks.title}) COLLATE "C")`, type: 'text', descending };
    default:
      // UUIDv7 ids are in creation order.
      return { key: sql`${researchTasks.id}`, type: 'uuid', descending };
  }
}

function filterConditions(projectId: string, filter: TaskFilter): SQL[] {
  const conditions: SQL[] = [eq(researchTasks.projectId, projectId)];
  if (filter.statuses !== undefined && filter.statuses.length > 0) {
    conditions.push(inArray(researchTasks.status, filter.statuses));
  }
  if (filter.assigneeId !== undefined) conditions.push(eq(researchTasks.assigneeId, filter.assigneeId));
  if (filter.verdict !== undefined) conditions.push(eq(researchTasks.verdict, filter.verdict));
  if (filter.tag !== undefined) conditions.push(sql`${researchTasks.tags} @> ARRAY[${filter.tag}]::text[]`);
  if (filter.technologyId !== undefined) {
    conditions.push(sql`EXISTS (SELECT 1 FROM ${researchTaskTechnologies} l WHERE l.project_id = ${projectId}
      AND l.task_id = ${OUTER_TASK_ID} AND l.technology_id = ${filter.technologyId}::uuid)`);
  }
  const overdue = and(lt(researchTasks.dueDate, filter.today), notInArray(researchTasks.status, CLOSED)) as SQL;
  if (filter.overdue === true) conditions.push(overdue);
  if (filter.overdue === false) conditions.push(sql`NOT coalesce(${overdue}, false)`);
  if (filter.dueBy !== undefined) {
    conditions.push(
      sql`${researchTasks.dueDate} BETWEEN ${filter.today}::date AND ${filter.dueBy}::date`,
      inArray(researchTasks.status, OPEN),
    );
  }
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const pattern = `%${filter.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(researchTasks.title, pattern), ilike(researchTasks.description, pattern)) as SQL);
  }
  return conditions;
}

/** A page of tasks (limit + 1 rows) with each row's sort key as text, for the next cursor. */
export async function listTasks(
  tx: Tx,
  projectId: string,
  filter: TaskFilter,
  sort: TaskSort,
  after: { key: string; id: string } | undefined,
  limit: number,
): Promise<Array<{ task: TaskRow; sortKey: string }>> {
  const spec = sortSpec(sort);
  const conditions = filterConditions(projectId, filter);
  if (after !== undefined) {
    const cursorKey = sql`${after.key}::${sql.raw(spec.type)}`;
    conditions.push(
      spec.descending
        ? sql`(${spec.key}, ${researchTasks.id}) < (${cursorKey}, ${after.id}::uuid)`
        : sql`(${spec.key}, ${researchTasks.id}) > (${cursorKey}, ${after.id}::uuid)`,
    );
  }
  const direction = spec.descending ? desc : asc;
  return tx
    .select({ task: researchTasks, sortKey: sql<string>`(${spec.key})::text` })
    .from(researchTasks)
    .where(and(...conditions))
    .orderBy(direction(spec.key), direction(researchTasks.id))
    .limit(limit + 1);
}

export interface StatsCounts {
  status: ResearchStatus;
  verdict: Verdict | null;
  count: number;
  overdue: number;
  upcoming: number;
  progressSum: number;
}

/** Counts per (status, verdict) with the overdue/upcoming counts inside each group: every figure in one scan. */
export async function statsCounts(
  tx: Tx,
  projectId: string,
  today: string,
  upcomingBy: string,
): Promise<StatsCounts[]> {
  return tx
    .select({
      status: researchTasks.status,
      verdict: researchTasks.verdict,
      count: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) FILTER (WHERE ${researchTasks.dueDate} < ${today}::date))::int`,
      upcoming: sql<number>`(count(*) FILTER (WHERE ${researchTasks.dueDate} BETWEEN ${today}::date AND ${upcomingBy}::date))::int`,
      progressSum: sql<number>`sum(${researchTasks.progress})::int`,
    })
    .from(researchTasks)
    .where(eq(researchTasks.projectId, projectId))
    .groupBy(researchTasks.status, researchTasks.verdict);
}

export type TaskSummaryRow = Pick<TaskRow, 'id' | 'title' | 'status' | 'assigneeId' | 'dueDate' | 'progress'>;

/** The first `top` overdue and the first `top` upcoming open tasks, soonest due first, in one statement. */
export async function attentionItems(
  tx: Tx,
  projectId: string,
  today: string,
  upcomingBy: string,
  top: number,
): Promise<{ overdue: TaskSummaryRow[]; upcoming: TaskSummaryRow[] }> {
  if (top === 0) return { overdue: [], upcoming: [] };
  const columns = sql`id, title, status, assignee_id, due_date::text, progress`;
  const result = (await tx.execute(sql`
    (SELECT 'overdue' AS bucket, ${columns} FROM ${researchTasks}
      WHERE project_id = ${projectId} AND status IN ('pending', 'in_progress', 'blocked') AND due_date < ${today}::date
      ORDER BY due_date, id LIMIT ${top})
    UNION ALL
    (SELECT 'upcoming' AS bucket, ${columns} FROM ${researchTasks}
      WHERE project_id = ${projectId} AND status IN ('pending', 'in_progress', 'blocked')
        AND due_date BETWEEN ${today}::date AND ${upcomingBy}::date
      ORDER BY due_date, id LIMIT ${top})`)) as unknown as { rows: Array<Record<string, unknown>> };
  const overdue: TaskSummaryRow[] = [];
  const upcoming: TaskSummaryRow[] = [];
  for (const row of result.rows) {
    const item: TaskSummaryRow = {
      id: String(row.id),
      title: String(row.title),
      status: row.status as ResearchStatus,
      assigneeId: row.assignee_id === null ? null : String(row.assignee_id),
      dueDate: String(row.due_date),
      progress: Number(row.progress),
    };
    (row.bucket === 'overdue' ? overdue : upcoming).push(item);
  }
  return { overdue, upcoming };
}

// ---- comments ------------------------------------------------------------------------------------------------

export async function insertComment(tx: Tx, row: typeof researchTaskComments.$inferInsert): Promise<CommentRow> {
  const rows = await tx.insert(researchTaskComments).values(row).returning();
  return rows[0]!;
}

export async function listComments(
  tx: Tx,
  projectId: string,
  taskId: string,
  afterId: string | undefined,
  limit: number,
): Promise<CommentRow[]> {
  return tx
    .select()
    .from(researchTaskComments)
    .where(
      and(
        eq(researchTaskComments.projectId, projectId),
        eq(researchTaskComments.taskId, taskId),
        afterId === undefined ? undefined : gt(researchTaskComments.id, afterId),
      ),
    )
    .orderBy(asc(researchTaskComments.id))
    .limit(limit + 1);
}

export async function findComment(
  tx: Tx,
  projectId: string,
  taskId: string,
  commentId: string,
): Promise<CommentRow | undefined> {
  const rows = await tx
    .select()
    .from(researchTaskComments)
    .where(
      and(
        eq(researchTaskComments.projectId, projectId),
        eq(researchTaskComments.taskId, taskId),
        eq(researchTaskComments.id, commentId),
      ),
    )
    .for('update')
    .limit(1);
  return rows[0];
}

export async function deleteComment(tx: Tx, projectId: string, commentId: string): Promise<void> {
  await tx
    .delete(researchTaskComments)
    .where(and(eq(researchTaskComments.projectId, projectId), eq(researchTaskComments.id, commentId)));
}

// ---- attachments ---------------------------------------------------------------------------------------------

export async function insertAttachment(tx: Tx, row: typeof researchAttachments.$inferInsert): Promise<AttachmentRow> {
  const rows = await tx.insert(researchAttachments).values(row).returning();
  return rows[0]!;
}

export async function listAttachments(
  tx: Tx,
  projectId: string,
  taskId: string,
  afterId: string | undefined,
  limit: number,
): Promise<AttachmentRow[]> {
  return tx
    .select()
    .from(researchAttachments)
    .where(
      and(
        eq(researchAttachments.projectId, projectId),
        eq(researchAttachments.taskId, taskId),
        afterId === undefined ? undefined : gt(researchAttachments.id, afterId),
      ),
    )
    .orderBy(asc(researchAttachments.id))
    .limit(limit + 1);
}

export async function findAttachment(
  tx: Tx,
  projectId: string,
  taskId: string,
  attachmentId: string,
): Promise<AttachmentRow | undefined> {
  const rows = await tx
    .select()
    .from(researchAttachments)
    .where(
      and(
        eq(researchAttachments.projectId, projectId),
        eq(researchAttachments.taskId, taskId),
        eq(researchAttachments.id, attachmentId),
      ),
    )
    .limit(1);
  return rows[0];
}

export async function deleteAttachment(tx: Tx, projectId: string, attachmentId: string): Promise<void> {
  await tx
    .delete(researchAttachments)
    .where(and(eq(researchAttachments.projectId, projectId), eq(researchAttachments.id, attachmentId)));
}

export async function blobReferences(tx: Tx, projectId: string, sha256: string): Promise<number> {
  const rows = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(researchAttachments)
    .where(and(eq(researchAttachments.projectId, projectId), eq(researchAttachments.sha256, sha256)));
  return rows[0]?.count ?? 0;
}
