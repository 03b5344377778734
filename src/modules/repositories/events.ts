import { Type } from 'typebox';
import { defineEvent } from '../../platform/events/catalog.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const repositoryAdded = defineEvent(
  'repository.added',
  1,
  Type.Object({ id: Type.String(), kind: Type.String(), location: Type.String(), displayName: Type.String() }),
  'A repository (local path or git URL) was added to the project; its first sync is queued.',
);
export const repositoryRemoved = defineEvent(
  'repository.removed',
  1,
  Type.Object({ id: Type.String(), location: Type.String(), displayName: Type.String() }),
  'A repository was removed with its recorded history; its mirror is deleted by a job.',
);
export const repositorySynced = defineEvent(
  'repository.synced',
  1,
  Type.Object({
    id: Type.String(),
    defaultBranch: Nullable(Type.String()),
    headSha: Nullable(Type.String({ description: "the default branch's head" })),
    branches: Type.Integer(),
    tags: Type.Integer(),
    newCommits: Type.Integer(),
    removedCommits: Type.Integer({ description: 'recorded commits no branch or tag reaches any more' }),
    totalCommits: Type.Integer(),
    fullWalk: Type.Boolean({ description: 'the whole history was walked (first sync, or history was rewritten)' }),
  }),
  'A repository was fetched and its branches, tags and new commits recorded.',
);

/** The CloudEvents subject of everything that happens to a repository. */
export const subjectOf = (repositoryId: string) => `repositories/${repositoryId}`;
