import { type Static, Type } from 'typebox';
import { NullableTimestamp, PageQuery, Timestamp, Uuid } from '../../platform/http/schemas.js';
import { JobView } from '../../platform/jobs/catalog.js';
import { REPOSITORY_KINDS, SYNC_STATUSES } from './tables.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Sha = Type.String({ pattern: '^[0-9a-f]{40}([0-9a-f]{24})?$' });

export const Repository = Type.Object({
  id: Uuid,
  kind: Type.Enum(REPOSITORY_KINDS),
  location: Type.String({ description: 'the real path of a local repository, or the git URL' }),
  displayName: Type.String(),
  defaultBranch: Nullable(Type.String()),
  lastSyncedSha: Nullable(Sha),
  syncStatus: Type.Enum(SYNC_STATUSES),
  syncError: Nullable(Type.String()),
  syncJobId: Nullable(Uuid),
  lastSyncedAt: NullableTimestamp,
  createdBy: Nullable(Uuid),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type RepositoryView = Static<typeof Repository>;

export const AddRepositoryBody = Type.Object({
  location: Type.String({
    minLength: 1,
    maxLength: 2000,
    description:
      'an absolute path or file:// URL under CC_GIT_ALLOWED_ROOTS, or a git URL: https://host/path, ssh://[user@]host/path or user@host:path (no credentials)',
  }),
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type AddRepositoryInput = Static<typeof AddRepositoryBody>;

export const RepositoryListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'part of the name or location' })),
});

export const RepositoryParams = Type.Object({ projectId: Uuid, repositoryId: Uuid });

export const SyncAccepted = Type.Object({ job: JobView });

export const Commit = Type.Object({
  sha: Sha,
  parentShas: Type.Array(Sha),
  authorName: Type.String(),
  authorEmail: Type.String(),
  authoredAt: Timestamp,
  message: Type.String(),
  filesChanged: Type.Integer(),
  additions: Type.Integer(),
  deletions: Type.Integer(),
});

export const CommitListQuery = Type.Object({
  ...PageQuery,
  branch: Type.Optional(
    Type.String({ minLength: 1, maxLength: 500, description: 'only commits reachable from this branch' }),
  ),
});

export const Ref = Type.Object({ name: Type.String(), sha: Sha });
export const RefListQuery = Type.Object({ ...PageQuery });
