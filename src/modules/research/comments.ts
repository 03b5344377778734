/** A research task's discussion: comments in order, each deletable by its author or a project admin. */
import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import { type ProjectScope, roleAtLeast } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { forbidden, invalid, notFound } from '../../platform/http/problems.js';
import { appendResearchEvents, researchTaskCommentDeleted, researchTaskCommented } from './events.js';
import * as store from './store.js';
import { actingUserId, requireTask, subjectOf } from './task-scope.js';

function presentComment(row: store.CommentRow) {
  return {
    id: row.id,
    taskId: row.taskId,
    authorId: row.authorId,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listComments(
  context: ServiceContext,
  scope: ProjectScope,
  taskId: string,
  query: { limit: number; cursor?: string },
) {
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  return context.db.tenant(scope, async (tx) => {
    await requireTask(tx, scope.projectId, taskId);
    const rows = await store.listComments(tx, scope.projectId, taskId, after, query.limit);
    return toPage(rows.map(presentComment), query.limit, (comment) => comment.id);
  });
}

export async function addComment(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  taskId: string,
  body: string,
) {
  if (body.trim() === '') throw invalid([{ pointer: '/body/body', detail: 'must not be blank' }]);
  return context.db.tenant(scope, async (tx) => {
    await requireTask(tx, scope.projectId, taskId);
    const row = await store.insertComment(tx, {
      id: uuidv7(),
      projectId: scope.projectId,
      taskId,
      authorId: actingUserId(scope),
      body,
      createdAt: new Date(),
    });
    await appendResearchEvents(tx, scope.projectId, actor, [
      {
        definition: researchTaskCommented,
        subject: subjectOf(taskId),
        data: { taskId, commentId: row.id, authorId: row.authorId, excerpt: body.slice(0, 200) },
      },
    ]);
    return presentComment(row);
  });
}

/** Authors delete their own comments; deleting someone else's needs the admin role. */
export async function deleteComment(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  taskId: string,
  commentId: string,
): Promise<void> {
  await context.db.tenant(scope, async (tx) => {
    const comment = await store.findComment(tx, scope.projectId, taskId, commentId);
    if (comment === undefined) throw notFound('Comment');
    const own = comment.authorId !== null && comment.authorId === actingUserId(scope);
    if (!own && !roleAtLeast(scope.role, 'admin')) {
      throw forbidden("Deleting someone else's comment needs the admin role.");
    }
    await store.deleteComment(tx, scope.projectId, commentId);
    await appendResearchEvents(tx, scope.projectId, actor, [
      {
        definition: researchTaskCommentDeleted,
        subject: subjectOf(taskId),
        data: { taskId, commentId, authorId: comment.authorId },
      },
    ]);
  });
}
