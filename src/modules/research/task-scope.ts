import type { Tx } from '../../platform/db/database.js';
import type { ProjectScope } from '../../platform/http/access.js';
import { notFound } from '../../platform/http/problems.js';
import * as store from './store.js';

/** Whom an action is attributed to: the user, or the user who created the API key. */
export function actingUserId(scope: ProjectScope): string | null {
  return scope.actor.userId;
}

/** The CloudEvents subject of everything that happens to a task. */
export const subjectOf = (taskId: string) => `research-tasks/${taskId}`;

/** The task, or a 404 problem; `lock` takes its row lock for the rest of the transaction. */
export async function requireTask(tx: Tx, projectId: string, taskId: string, lock = false): Promise<store.TaskRow> {
  const row = await store.findTask(tx, projectId, taskId, lock);
  if (row === undefined) throw notFound('Research task');
  return row;
}
