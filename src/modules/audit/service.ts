import { v7 as uuidv7 } from 'uuid';
import type { Database, Tx } from '../../platform/db/database.js';
import type { EventDefinition } from '../../platform/events/catalog.js';
import { appendEvents, type PendingEvent } from '../../platform/events/outbox.js';
import type { ProjectScope } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import type { AuditFilter } from './schemas.js';
import { type AuditRow, appendAuditEntry, listAuditEntries } from './store.js';

export const AUDIT_ACTIONS = [
  'setup.completed',
  'auth.login',
  'auth.login_failed',
  'auth.refresh_reused',
  'user.created',
  'user.updated',
  'project.created',
  'project.updated',
  'project.deleted',
  'member.added',
  'member.role_changed',
  'member.removed',
  'invitation.created',
  'invitation.revoked',
  'api_key.created',
  'api_key.revoked',
  'api_key.suspended',
  'radar.created',
  'radar.updated',
  'radar.deleted',
  'radar.imported',
  'radar_share_link.created',
  'radar_share_link.revoked',
  'technology.deleted',
  'proposal.decided',
  'research_task.deleted',
  'research_attachment.deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  projectId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
}

/** Writes an audit entry inside the caller's transaction, so it commits (or not) with the change it records. */
export async function recordAudit(tx: Tx, actor: ActorContext, record: AuditRecord): Promise<void> {
  const principal = actor.principal;
  await appendAuditEntry(tx, {
    id: uuidv7(),
    projectId: record.projectId,
    actorUserId: principal?.userId ?? null,
    actorApiKeyId: principal?.kind === 'api_key' ? principal.keyId : null,
    action: record.action,
    targetType: record.targetType ?? null,
    targetId: record.targetId ?? null,
    ip: actor.ip,
    requestId: actor.requestId,
    data: record.data ?? {},
  });
}

/**
 * Appends a capability's events and, for those that govern or destroy (`audited` maps them to an audit action), the
 * audit entries, all in the caller's transaction. The entry's target is the event's subject (`radars/<id>`) and its
 * data the event's data, so the audit log and the event log cannot tell different stories.
 */
export async function appendAuditedEvents(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  events: PendingEvent[],
  audited: ReadonlyMap<EventDefinition, AuditAction>,
): Promise<void> {
  await appendEvents(tx, projectId, actor, events);
  for (const event of events) {
    const action = audited.get(event.definition);
    if (action === undefined) continue;
    const [targetType, targetId] = event.subject.split('/', 2);
    await recordAudit(tx, actor, {
      projectId,
      action,
      targetType,
      targetId,
      data: event.data as Record<string, unknown>,
    });
  }
}

function present(row: AuditRow) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function listProjectAudit(db: Database, scope: ProjectScope, filter: AuditFilter) {
  const cursor = decodeCursor(filter.cursor, UUID_CURSOR);
  const rows = await db.tenant(scope, (tx) => listAuditEntries(tx, { ...filter, projectId: scope.projectId }, cursor));
  return toPage(rows.map(present), filter.limit, (row) => row.id);
}

/** The instance administrator's view: every entry, optionally narrowed to one project. */
export async function listInstanceAudit(db: Database, filter: AuditFilter) {
  const cursor = decodeCursor(filter.cursor, UUID_CURSOR);
  const rows = await db.system((tx) => listAuditEntries(tx, filter, cursor));
  return toPage(rows.map(present), filter.limit, (row) => row.id);
}
