import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { appendEvents } from '../../platform/events/outbox.js';
import type { ProjectScope } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, encodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { badRequest, conflict, notFound, Problem } from '../../platform/http/problems.js';
import { type JobRecordView, presentJob } from '../../platform/jobs/jobs.js';
import { findJobRecord } from '../../platform/jobs/store.js';
import { repositoryAdded, repositoryRemoved, subjectOf } from './events.js';
import { repositoryMirrorRemovalJob, repositorySyncJob } from './jobs.js';
import { LocationRefused, type ResolvedLocation, resolveLocation } from './locations.js';
import type { AddRepositoryInput, RepositoryView } from './schemas.js';
import * as store from './store.js';

function presentRepository(row: store.RepositoryRow): RepositoryView {
  return {
    id: row.id,
    kind: row.kind,
    location: row.location,
    displayName: row.displayName,
    defaultBranch: row.defaultBranch,
    lastSyncedSha: row.lastSyncedSha,
    syncStatus: row.syncStatus,
    syncError: row.syncError,
    syncJobId: row.syncJobId,
    lastSyncedAt: row.lastSyncedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentCommit(row: store.CommitRow) {
  return {
    sha: row.sha,
    parentShas: row.parentShas,
    authorName: row.authorName,
    authorEmail: row.authorEmail,
    authoredAt: row.authoredAt.toISOString(),
    message: row.message,
    filesChanged: row.filesChanged,
    additions: row.additions,
    deletions: row.deletions,
  };
}

async function requireRepository(tx: Tx, projectId: string, repositoryId: string, lock = false) {
  const row = await store.findRepository(tx, projectId, repositoryId, lock);
  if (row === undefined) throw notFound('Repository');
  return row;
}

/** Queues a sync and points the repository at it, in the caller's transaction. */
async function enqueueSync(
  context: Pick<ServiceContext, 'jobs' | 'config'>,
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  repositoryId: string,
): Promise<{ job: JobRecordView; row: store.RepositoryRow }> {
  const job = await context.jobs.enqueue(tx, projectId, actor, repositorySyncJob(context.config), { repositoryId });
  const row = await store.updateRepository(tx, projectId, repositoryId, { syncJobId: job.id });
  return { job, row: row! };
}

/** The location resolved against the instance's allowed roots, or a 422 problem with the reason. */
async function acceptedLocation(location: string, allowedRoots: readonly string[]) {
  try {
    return await resolveLocation(location, allowedRoots);
  } catch (error) {
    if (error instanceof LocationRefused) {
      throw new Problem(422, 'repository-location-refused', 'Repository location refused', error.message, [
        { pointer: '/body/location', detail: error.message },
      ]);
    }
    throw error;
  }
}

/** Records the repository and its event, or a 409 problem when the project has one at that location. */
async function recordRepository(
  tx: Tx,
  scope: ProjectScope,
  actor: ActorContext,
  resolved: ResolvedLocation,
  displayName: string | undefined,
): Promise<store.RepositoryRow> {
  const now = new Date();
  const row = await store.insertRepository(tx, {
    id: uuidv7(),
    projectId: scope.projectId,
    kind: resolved.kind,
    location: resolved.location,
    locationKey: resolved.locationKey,
    displayName: displayName?.trim() || resolved.suggestedName,
    createdBy: scope.actor.userId,
    createdAt: now,
    updatedAt: now,
  });
  if (row === undefined) throw conflict('This project already has a repository at that location.', 'repository-exists');
  await appendEvents(tx, scope.projectId, actor, [
    {
      definition: repositoryAdded,
      subject: subjectOf(row.id),
      data: { id: row.id, kind: row.kind, location: row.location, displayName: row.displayName },
    },
  ]);
  return row;
}

/**
 * Adds a repository and queues its first sync. A local path must lie under CC_GIT_ALLOWED_ROOTS and a URL must be a
 * sound https or ssh URL (422 with the reason otherwise); the same location twice in a project is a 409.
 */
export async function addRepository(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  input: AddRepositoryInput,
): Promise<RepositoryView> {
  const resolved = await acceptedLocation(input.location, context.config.gitAllowedRoots);
  return context.db.tenant(scope, async (tx) => {
    const inserted = await recordRepository(tx, scope, actor, resolved, input.displayName);
    const { row } = await enqueueSync(context, tx, scope.projectId, actor, inserted.id);
    return presentRepository(row);
  });
}

/** Adds a repository without queuing a sync, for `cc repo add`, which syncs in its own process. */
export async function addRepositoryForCli(
  db: Database,
  allowedRoots: readonly string[],
  scope: ProjectScope,
  actor: ActorContext,
  input: AddRepositoryInput,
): Promise<RepositoryView> {
  const resolved = await acceptedLocation(input.location, allowedRoots);
  return presentRepository(
    await db.tenant(scope, (tx) => recordRepository(tx, scope, actor, resolved, input.displayName)),
  );
}

/** For the CLI: a repository by id, or by its name when exactly one repository of the project has it. */
export async function findRepository(context: Pick<ServiceContext, 'db'>, scope: ProjectScope, idOrName: string) {
  return context.db.tenant(scope, async (tx) => {
    if (UUID_CURSOR.test(idOrName)) return presentRepository(await requireRepository(tx, scope.projectId, idOrName));
    const named = await store.findRepositoriesNamed(tx, scope.projectId, idOrName);
    if (named.length === 0) throw notFound('Repository');
    if (named.length > 1) throw conflict(`Several repositories are named ${idOrName}; give the id.`, 'ambiguous-name');
    return presentRepository(named[0]!);
  });
}

export async function listRepositories(
  context: Pick<ServiceContext, 'db'>,
  scope: ProjectScope,
  query: { q?: string; limit: number; cursor?: string },
) {
  const afterId = decodeCursor(query.cursor, UUID_CURSOR);
  return context.db.tenant(scope, async (tx) => {
    const rows = await store.listRepositories(tx, scope.projectId, { q: query.q?.trim(), afterId }, query.limit);
    return toPage(rows.map(presentRepository), query.limit, (repository) => repository.id);
  });
}

export async function getRepository(context: Pick<ServiceContext, 'db'>, scope: ProjectScope, repositoryId: string) {
  return context.db.tenant(scope, async (tx) =>
    presentRepository(await requireRepository(tx, scope.projectId, repositoryId)),
  );
}

/** Removes the repository with its history; a job deletes the mirror once the removal committed. */
export async function removeRepository(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  repositoryId: string,
): Promise<void> {
  await context.db.tenant(scope, async (tx) => {
    const row = await requireRepository(tx, scope.projectId, repositoryId, true);
    await store.deleteRepository(tx, scope.projectId, repositoryId);
    await context.jobs.enqueue(tx, scope.projectId, actor, repositoryMirrorRemovalJob(context.config), {
      repositoryId,
    });
    await appendEvents(tx, scope.projectId, actor, [
      {
        definition: repositoryRemoved,
        subject: subjectOf(repositoryId),
        data: { id: repositoryId, location: row.location, displayName: row.displayName },
      },
    ]);
  });
}

/** Queues a sync; while one is pending or running, that one is the answer (syncs of one mirror never overlap). */
export async function requestSync(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  repositoryId: string,
): Promise<{ job: JobRecordView }> {
  return context.db.tenant(scope, async (tx) => {
    const row = await requireRepository(tx, scope.projectId, repositoryId, true);
    if (row.syncJobId !== null) {
      const current = await findJobRecord(tx, scope.projectId, row.syncJobId);
      if (current !== undefined && (current.status === 'pending' || current.status === 'running')) {
        return { job: presentJob(current) };
      }
    }
    const { job } = await enqueueSync(context, tx, scope.projectId, actor, repositoryId);
    return { job };
  });
}

const COMMIT_CURSOR = /^\["[0-9T:.Z-]{24}","[0-9a-f]{40,64}"\]$/;

/** The last commit of the previous page: its author date and sha. */
function decodeCommitCursor(cursor: string | undefined): store.CommitPosition | undefined {
  const key = decodeCursor(cursor, COMMIT_CURSOR);
  if (key === undefined) return undefined;
  const [authoredAt, sha] = JSON.parse(key) as [string, string];
  const position = { authoredAt: new Date(authoredAt), sha };
  if (Number.isNaN(position.authoredAt.getTime()))
    throw badRequest('The cursor is not valid for this list; start again without it.');
  return position;
}

export async function listCommits(
  context: Pick<ServiceContext, 'db'>,
  scope: ProjectScope,
  repositoryId: string,
  query: { branch?: string; limit: number; cursor?: string },
) {
  const after = decodeCommitCursor(query.cursor);
  return context.db.tenant(scope, async (tx) => {
    await requireRepository(tx, scope.projectId, repositoryId);
    let branchHead: string | undefined;
    if (query.branch !== undefined) {
      branchHead = await store.findBranchHead(tx, scope.projectId, repositoryId, query.branch);
      if (branchHead === undefined) throw notFound('Branch');
    }
    const rows = await store.listCommits(tx, scope.projectId, repositoryId, { branchHead, after }, query.limit);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(presentCommit),
      nextCursor:
        rows.length > query.limit && last !== undefined
          ? encodeCursor(JSON.stringify([last.authoredAt.toISOString(), last.sha]))
          : null,
    };
  });
}

/** Any ref name git allows: the cursor is the last name itself. */
const REF_CURSOR = /^[^\0]{1,1000}$/;

export async function listRefs(
  context: Pick<ServiceContext, 'db'>,
  scope: ProjectScope,
  repositoryId: string,
  kind: 'branches' | 'tags',
  query: { limit: number; cursor?: string },
) {
  const afterName = decodeCursor(query.cursor, REF_CURSOR);
  return context.db.tenant(scope, async (tx) => {
    await requireRepository(tx, scope.projectId, repositoryId);
    const list = kind === 'branches' ? store.listBranches : store.listTags;
    const rows = await list(tx, scope.projectId, repositoryId, afterName, query.limit);
    return toPage(rows, query.limit, (ref) => ref.name);
  });
}
