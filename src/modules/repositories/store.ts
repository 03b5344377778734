import { and, asc, count, desc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import type { ParsedCommit } from './log-parser.js';
import { repositories, repositoryBranches, repositoryCommits, repositoryTags } from './tables.js';

export type RepositoryRow = typeof repositories.$inferSelect;
export type CommitRow = typeof repositoryCommits.$inferSelect;
export interface Ref {
  name: string;
  sha: string;
}

type RepositoryPart = typeof repositoryBranches | typeof repositoryTags | typeof repositoryCommits;
const inRepository = (table: RepositoryPart, projectId: string, repositoryId: string) =>
  and(eq(table.projectId, projectId), eq(table.repositoryId, repositoryId));

// ---- repositories --------------------------------------------------------------------------------------------

/** The new row, or undefined when the project already has a repository at that location. */
export async function insertRepository(
  tx: Tx,
  row: typeof repositories.$inferInsert,
): Promise<RepositoryRow | undefined> {
  const rows = await tx.insert(repositories).values(row).onConflictDoNothing().returning();
  return rows[0];
}

export async function findRepository(
  tx: Tx,
  projectId: string,
  repositoryId: string,
  lock = false,
): Promise<RepositoryRow | undefined> {
  const query = tx
    .select()
    .from(repositories)
    .where(and(eq(repositories.projectId, projectId), eq(repositories.id, repositoryId)))
    .limit(1);
  const rows = lock ? await query.for('update') : await query;
  return rows[0];
}

/** At most two: enough to tell a unique name from an ambiguous one. */
export async function findRepositoriesNamed(tx: Tx, projectId: string, name: string): Promise<RepositoryRow[]> {
  return tx
    .select()
    .from(repositories)
    .where(and(eq(repositories.projectId, projectId), eq(repositories.displayName, name)))
    .orderBy(asc(repositories.id))
    .limit(2);
}

export async function listRepositories(
  tx: Tx,
  projectId: string,
  filter: { q?: string; afterId?: string },
  limit: number,
): Promise<RepositoryRow[]> {
  const pattern = filter.q === undefined ? undefined : `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
  return tx
    .select()
    .from(repositories)
    .where(
      and(
        eq(repositories.projectId, projectId),
        filter.afterId === undefined ? undefined : gt(repositories.id, filter.afterId),
        pattern === undefined
          ? undefined
          : or(ilike(repositories.displayName, pattern), ilike(repositories.location, pattern)),
      ),
    )
    .orderBy(asc(repositories.id))
    .limit(limit + 1);
}

export async function updateRepository(
  tx: Tx,
  projectId: string,
  repositoryId: string,
  changes: Partial<Omit<RepositoryRow, 'id' | 'projectId' | 'createdAt' | 'createdBy'>>,
): Promise<RepositoryRow | undefined> {
  const rows = await tx
    .update(repositories)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(repositories.projectId, projectId), eq(repositories.id, repositoryId)))
    .returning();
  return rows[0];
}

/** Deletes the repository; its branches, tags and commits go by cascade. */
export async function deleteRepository(tx: Tx, projectId: string, repositoryId: string): Promise<void> {
  await tx.delete(repositories).where(and(eq(repositories.projectId, projectId), eq(repositories.id, repositoryId)));
}

// ---- branches and tags ---------------------------------------------------------------------------------------

export async function listBranches(
  tx: Tx,
  projectId: string,
  repositoryId: string,
  afterName: string | undefined,
  limit: number,
): Promise<Ref[]> {
  return tx
    .select({ name: repositoryBranches.name, sha: repositoryBranches.headSha })
    .from(repositoryBranches)
    .where(
      and(
        inRepository(repositoryBranches, projectId, repositoryId),
        afterName === undefined ? undefined : gt(repositoryBranches.name, afterName),
      ),
    )
    .orderBy(asc(repositoryBranches.name))
    .limit(limit + 1);
}

export async function listTags(
  tx: Tx,
  projectId: string,
  repositoryId: string,
  afterName: string | undefined,
  limit: number,
): Promise<Ref[]> {
  return tx
    .select({ name: repositoryTags.name, sha: repositoryTags.targetSha })
    .from(repositoryTags)
    .where(
      and(
        inRepository(repositoryTags, projectId, repositoryId),
        afterName === undefined ? undefined : gt(repositoryTags.name, afterName),
      ),
    )
    .orderBy(asc(repositoryTags.name))
    .limit(limit + 1);
}

/** Every branch head and tag target recorded by the last sync: where the next sync's walk can stop. */
export async function recordedTips(tx: Tx, projectId: string, repositoryId: string): Promise<string[]> {
  const branches = await tx
    .select({ sha: repositoryBranches.headSha })
    .from(repositoryBranches)
    .where(inRepository(repositoryBranches, projectId, repositoryId));
  const tags = await tx
    .select({ sha: repositoryTags.targetSha })
    .from(repositoryTags)
    .where(inRepository(repositoryTags, projectId, repositoryId));
  return [...new Set([...branches, ...tags].map((row) => row.sha))];
}

export async function replaceRefs(
  tx: Tx,
  projectId: string,
  repositoryId: string,
  refs: { branches: readonly Ref[]; tags: readonly Ref[] },
): Promise<void> {
  await tx.delete(repositoryBranches).where(inRepository(repositoryBranches, projectId, repositoryId));
  await tx.delete(repositoryTags).where(inRepository(repositoryTags, projectId, repositoryId));
  for (let start = 0; start < refs.branches.length; start += REF_BATCH) {
    await tx
      .insert(repositoryBranches)
      .values(
        refs.branches
          .slice(start, start + REF_BATCH)
          .map((branch) => ({ projectId, repositoryId, name: branch.name, headSha: branch.sha })),
      );
  }
  for (let start = 0; start < refs.tags.length; start += REF_BATCH) {
    await tx
      .insert(repositoryTags)
      .values(
        refs.tags
          .slice(start, start + REF_BATCH)
          .map((tag) => ({ projectId, repositoryId, name: tag.name, targetSha: tag.sha })),
      );
  }
}

const REF_BATCH = 1000;

// ---- commits -------------------------------------------------------------------------------------------------

/** Records commits not recorded yet; returns how many were new. */
export async function insertCommits(
  tx: Tx,
  projectId: string,
  repositoryId: string,
  commits: readonly ParsedCommit[],
): Promise<number> {
  if (commits.length === 0) return 0;
  const rows = await tx
    .insert(repositoryCommits)
    .values(commits.map((commit) => ({ projectId, repositoryId, ...commit })))
    .onConflictDoNothing()
    .returning({ sha: repositoryCommits.sha });
  return rows.length;
}

export async function commitShas(tx: Tx, projectId: string, repositoryId: string): Promise<string[]> {
  const rows = await tx
    .select({ sha: repositoryCommits.sha })
    .from(repositoryCommits)
    .where(inRepository(repositoryCommits, projectId, repositoryId));
  return rows.map((row) => row.sha);
}

export async function deleteCommits(
  tx: Tx,
  projectId: string,
  repositoryId: string,
  shas: readonly string[],
): Promise<void> {
  for (let start = 0; start < shas.length; start += REF_BATCH) {
    await tx
      .delete(repositoryCommits)
      .where(
        and(
          inRepository(repositoryCommits, projectId, repositoryId),
          inArray(repositoryCommits.sha, shas.slice(start, start + REF_BATCH)),
        ),
      );
  }
}

export async function countCommits(tx: Tx, projectId: string, repositoryId: string): Promise<number> {
  const rows = await tx
    .select({ count: count() })
    .from(repositoryCommits)
    .where(inRepository(repositoryCommits, projectId, repositoryId));
  return Number(rows[0]?.count ?? 0);
}

export interface CommitPosition {
  authoredAt: Date;
  sha: string;
}

/**
 * Newest first, after `after`; with `branchHead`, only the commits reachable from it (walked through the recorded
 * parents, so the answer matches what the last sync saw).
 */
export async function listCommits(
  tx: Tx,
  projectId: string,
  repositoryId: string,
  filter: { branchHead?: string; after?: CommitPosition },
  limit: number,
): Promise<CommitRow[]> {
  const reachable =
    filter.branchHead === undefined
      ? undefined
      : sql`${repositoryCommits.sha} IN (
          WITH RECURSIVE reach(sha) AS (
            SELECT ${filter.branchHead}::text
            UNION
            SELECT parent.sha
              FROM reach
              JOIN repository_commits walked
                ON walked.project_id = ${projectId} AND walked.repository_id = ${repositoryId} AND walked.sha = reach.sha
              CROSS JOIN LATERAL unnest(walked.parent_shas) AS parent(sha)
          )
          SELECT sha FROM reach)`;
  const after =
    filter.after === undefined
      ? undefined
      : sql`(${repositoryCommits.authoredAt}, ${repositoryCommits.sha}) < (${filter.after.authoredAt.toISOString()}::timestamptz, ${filter.after.sha})`;
  return tx
    .select()
    .from(repositoryCommits)
    .where(and(inRepository(repositoryCommits, projectId, repositoryId), reachable, after))
    .orderBy(desc(repositoryCommits.authoredAt), desc(repositoryCommits.sha))
    .limit(limit + 1);
}

export async function findBranchHead(
  tx: Tx,
  projectId: string,
  repositoryId: string,
  name: string,
): Promise<string | undefined> {
  const rows = await tx
    .select({ sha: repositoryBranches.headSha })
    .from(repositoryBranches)
    .where(and(inRepository(repositoryBranches, projectId, repositoryId), eq(repositoryBranches.name, name)))
    .limit(1);
  return rows[0]?.sha;
}
