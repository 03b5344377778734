import { Type } from 'typebox';
import type { Tx } from '../../platform/db/database.js';
import { defineEvent, type EventDefinition } from '../../platform/events/catalog.js';
import type { PendingEvent } from '../../platform/events/outbox.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { type AuditAction, appendAuditedEvents } from '../audit/service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const TaskData = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.String(),
  progress: Type.Integer(),
  assigneeId: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  technologyIds: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
});

export const researchTaskCreated = defineEvent('research_task.created', 1, TaskData, 'A research task was created.');
export const researchTaskUpdated = defineEvent(
  'research_task.updated',
  1,
  Type.Object({ ...TaskData.properties, changed: Type.Array(Type.String()) }),
  'Fields of a research task changed; `changed` names them.',
);
export const researchTaskDeleted = defineEvent(
  'research_task.deleted',
  1,
  Type.Object({ id: Type.String(), title: Type.String() }),
  'A research task was deleted with its comments and attachments.',
);
export const researchTaskStatusChanged = defineEvent(
  'research_task.status_changed',
  1,
  Type.Object({
    id: Type.String(),
    title: Type.String(),
    from: Type.String(),
    to: Type.String(),
    progress: Type.Integer(),
    completedAt: Nullable(Type.String()),
  }),
  'A research task moved between statuses (also when progress 100 completed it or a lower progress reopened it).',
);
export const researchTaskVerdictRecorded = defineEvent(
  'research_task.verdict_recorded',
  1,
  Type.Object({
    id: Type.String(),
    title: Type.String(),
    verdict: Type.String(),
    confidence: Type.String(),
    technologyIds: Type.Array(Type.String()),
  }),
  'A verdict (adopt, trial, assess, hold) with its confidence was recorded on a research task.',
);
export const researchTaskCommented = defineEvent(
  'research_task.commented',
  1,
  Type.Object({
    taskId: Type.String(),
    commentId: Type.String(),
    authorId: Nullable(Type.String()),
    excerpt: Type.String({ description: 'the first 200 characters' }),
  }),
  'Someone commented on a research task.',
);
export const researchTaskCommentDeleted = defineEvent(
  'research_task.comment_deleted',
  1,
  Type.Object({ taskId: Type.String(), commentId: Type.String(), authorId: Nullable(Type.String()) }),
  'A comment on a research task was deleted (by its author or an admin).',
);
export const researchTaskAttachmentAdded = defineEvent(
  'research_task.attachment_added',
  1,
  Type.Object({
    taskId: Type.String(),
    attachmentId: Type.String(),
    filename: Type.String(),
    contentType: Type.String(),
    sizeBytes: Type.Integer(),
    sha256: Type.String(),
  }),
  'A file was attached to a research task.',
);
export const researchTaskAttachmentRemoved = defineEvent(
  'research_task.attachment_removed',
  1,
  Type.Object({ taskId: Type.String(), attachmentId: Type.String(), filename: Type.String(), sha256: Type.String() }),
  'An attachment was removed from a research task.',
);

/** Research changes that destroy something, kept in the audit log as well. */
const AUDITED = new Map<EventDefinition, AuditAction>([
  [researchTaskDeleted, 'research_task.deleted'],
  [researchTaskAttachmentRemoved, 'research_attachment.deleted'],
]);

/** Every research change announces itself through here: its events, and audit entries for the audited ones. */
export function appendResearchEvents(tx: Tx, projectId: string, actor: ActorContext, events: PendingEvent[]) {
  return appendAuditedEvents(tx, projectId, actor, events, AUDITED);
}
