/**
 * Project API keys: creating, listing and revoking them, suspending them when their creator loses access (ADR 0035),
 * and resolving a presented key to the principal it acts as.
 */
import { v7 as uuidv7 } from 'uuid';
import { constantTimeEqual, randomHex, randomToken, sha256 } from '../../platform/crypto/tokens.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/outbox.js';
import {
  PROJECT_ROLES,
  type Principal,
  type ProjectRole,
  type ProjectScope,
  roleAtLeast,
} from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { forbidden, invalid, notFound, unauthorized } from '../../platform/http/problems.js';
import { recordAudit } from '../audit/service.js';
import { apiKeyCreated, apiKeyRevoked, apiKeySuspended } from './events.js';
import type { CreateApiKeyInput } from './schemas.js';
import * as store from './store.js';

type KeyRole = Exclude<ProjectRole, 'owner'>;

const API_KEY_FORMAT = /^cc_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

type KeyRefusal = 'revoked' | 'expired' | SuspensionReason;
type SuspensionReason = 'creator_removed' | 'creator_disabled' | 'creator_deleted';

/** Why a key does not work, or null when it does. */
function keyRefusal(key: store.ApiKeyWithCreator): KeyRefusal | null {
  if (key.revokedAt !== null) return 'revoked';
  if (key.suspendedAt !== null) return (key.suspendedReason ?? 'creator_removed') as SuspensionReason;
  if (key.expiresAt !== null && key.expiresAt <= new Date()) return 'expired';
  if (key.creatorDisabled === null) return 'creator_deleted';
  if (key.creatorDisabled) return 'creator_disabled';
  if (key.creatorRole === null) return 'creator_removed';
  return null;
}

/** A key acts with its own role or its creator's current role in the project, whichever is weaker. */
function effectiveKeyRole(key: store.ApiKeyWithCreator): KeyRole | null {
  if (keyRefusal(key) !== null) return null;
  const own = PROJECT_ROLES.indexOf(key.role as KeyRole);
  const creator = PROJECT_ROLES.indexOf(key.creatorRole as ProjectRole);
  // A key's own role is never owner, so the weaker of the two is not either.
  return (PROJECT_ROLES[Math.max(own, creator)] as KeyRole | undefined) ?? null;
}

function presentApiKey(row: store.ApiKeyWithCreator) {
  const refusal = keyRefusal(row);
  const ended = refusal === 'revoked' || refusal === 'expired';
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    role: row.role,
    effectiveRole: effectiveKeyRole(row),
    status: refusal === null ? ('active' as const) : ended ? refusal : ('suspended' as const),
    suspendedReason: refusal === null || ended ? null : refusal,
    prefix: row.prefix,
    createdBy: row.createdBy,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    suspendedAt: row.suspendedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Suspends the keys a user created, in the given projects or in all of them, when the user loses access there; each
 * suspension is audited and announced in its project. A suspended key never works again (ADR 0035).
 */
export async function suspendApiKeysOfCreator(
  tx: Tx,
  actor: ActorContext,
  userId: string,
  projectIds: string[] | null,
  reason: 'creator_removed' | 'creator_disabled',
): Promise<void> {
  for (const key of await store.suspendApiKeysOfCreator(tx, userId, projectIds, reason)) {
    await recordAudit(tx, actor, {
      projectId: key.projectId,
      action: 'api_key.suspended',
      targetType: 'api_key',
      targetId: key.id,
      data: { name: key.name, reason, creator: userId },
    });
    await appendEvent(tx, key.projectId, actor, apiKeySuspended, `api-keys/${key.id}`, { ...keyData(key), reason });
  }
}

/** A key's project and current effective role, or undefined when it no longer works (for long-lived streams). */
export async function currentApiKey(
  db: Database,
  keyId: string,
): Promise<{ projectId: string; role: KeyRole } | undefined> {
  const key = await db.system((tx) => store.findApiKeyById(tx, keyId));
  const role = key === undefined ? null : effectiveKeyRole(key);
  return key === undefined || role === null ? undefined : { projectId: key.projectId, role };
}

const KEY_REFUSALS: Record<KeyRefusal, string> = {
  revoked: 'The API key was revoked.',
  expired: 'The API key has expired.',
  creator_removed: 'The API key is suspended: the person who created it is no longer a member of the project.',
  creator_disabled: "The API key is suspended: its creator's account is disabled.",
  creator_deleted: "The API key is suspended: its creator's account no longer exists.",
};

/** An API key presented as a bearer token: its principal, or 401 with why it no longer works. */
export async function authenticateApiKey(db: Database, token: string): Promise<Principal> {
  const prefix = API_KEY_FORMAT.exec(token)?.[1];
  const rejected = unauthorized('The API key is invalid, revoked or expired.');
  if (prefix === undefined) throw rejected;
  const key = await db.system((tx) => store.findApiKeyByPrefix(tx, prefix));
  if (key === undefined || !constantTimeEqual(key.secretHash, sha256(token))) throw rejected;
  const refusal = keyRefusal(key);
  const role = effectiveKeyRole(key);
  // Only the holder of the whole key reaches this point, so saying why it stopped working leaks nothing.
  if (refusal !== null || role === null)
    throw unauthorized(refusal === null ? rejected.message : KEY_REFUSALS[refusal]);
  if (key.lastUsedAt === null || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await db.system((tx) => store.touchApiKey(tx, key.id));
  }
  return { kind: 'api_key', keyId: key.id, projectId: key.projectId, role, userId: key.createdBy };
}

export async function createApiKey(db: Database, scope: ProjectScope, actor: ActorContext, input: CreateApiKeyInput) {
  if (!roleAtLeast(scope.role, input.role)) {
    throw forbidden(`You cannot create a key with the ${input.role} role; your role is ${scope.role}.`);
  }
  if (input.expiresAt !== undefined && new Date(input.expiresAt) <= new Date()) {
    throw invalid([{ pointer: '/body/expiresAt', detail: 'must be in the future' }]);
  }
  const prefix = randomHex(6);
  const token = `cc_${prefix}_${randomToken(32)}`;
  return db.tenant(scope, async (tx) => {
    const row = await store.insertApiKey(tx, {
      id: uuidv7(),
      projectId: scope.projectId,
      name: input.name.trim(),
      role: input.role,
      prefix,
      secretHash: sha256(token),
      createdBy: scope.actor.userId,
      expiresAt: input.expiresAt === undefined ? null : new Date(input.expiresAt),
    });
    const created = (await store.findApiKeyById(tx, row.id))!;
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      data: { name: row.name, role: row.role },
    });
    await appendEvent(tx, scope.projectId, actor, apiKeyCreated, `api-keys/${row.id}`, keyData(row));
    return { ...presentApiKey(created), token };
  });
}

export async function listApiKeys(
  db: Database,
  scope: ProjectScope,
  query: { limit: number; cursor?: string; includeRevoked?: boolean },
) {
  const before = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await db.tenant(scope, (tx) =>
    store.listApiKeys(tx, scope.projectId, query.limit, before, query.includeRevoked ?? false),
  );
  return toPage(rows.map(presentApiKey), query.limit, (key) => key.id);
}

export async function revokeApiKey(db: Database, scope: ProjectScope, actor: ActorContext, keyId: string) {
  return db.tenant(scope, async (tx) => {
    const row = await store.revokeApiKey(tx, scope.projectId, keyId);
    if (row === undefined) throw notFound('API key');
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: keyId,
      data: { name: row.name },
    });
    await appendEvent(tx, scope.projectId, actor, apiKeyRevoked, `api-keys/${row.id}`, keyData(row));
  });
}

function keyData(row: store.ApiKeyRow) {
  return { id: row.id, name: row.name, role: row.role, prefix: row.prefix };
}
