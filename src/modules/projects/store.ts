import { and, asc, eq, gt, ilike, or, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { inlineStatement } from '../../platform/db/inline.js';
import type { ProjectRole } from '../../platform/http/access.js';
import { users } from '../identity/tables.js';
import { memberships, projects } from './tables.js';

export type ProjectRow = typeof projects.$inferSelect;

/** Inserts unless the slug is taken; returns undefined then. */
export async function insertProject(tx: Tx, row: typeof projects.$inferInsert): Promise<ProjectRow | undefined> {
  const rows = await tx.insert(projects).values(row).onConflictDoNothing().returning();
  return rows[0];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Every page of the web app reads its project, so this read is one round trip (Database.tenantRead), with the
 * id written into the statement as a literal.
 */
export async function readProject(db: Database, projectId: string): Promise<ProjectRow | undefined> {
  if (!UUID.test(projectId)) return undefined;
  const rows = await db.tenantRead(
    { projectId },
    inlineStatement(
      sql`SELECT id, slug, name, description, created_by, created_at, updated_at FROM projects WHERE id = ${projectId}`,
    ),
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    id: String(row.id),
    slug: String(row.slug),
    name: String(row.name),
    description: String(row.description),
    createdBy: row.created_by === null ? null : String(row.created_by),
    createdAt: new Date(row.created_at as string | Date),
    updatedAt: new Date(row.updated_at as string | Date),
  };
}

export async function findProject(tx: Tx, projectId: string): Promise<ProjectRow | undefined> {
  const rows = await tx.select().from(projects).where(eq(projects.id, projectId)).limit(1);
  return rows[0];
}

/**
 * Returns 'slug-taken' when another project has the slug. Slugs are unique across the instance, which a tenant
 * transaction cannot see (RLS hides other projects), so the unique index decides.
 */
export async function updateProject(
  tx: Tx,
  projectId: string,
  changes: Partial<Pick<ProjectRow, 'name' | 'slug' | 'description'>>,
): Promise<ProjectRow | undefined | 'slug-taken'> {
  try {
    const rows = await tx
      .update(projects)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(projects.id, projectId))
      .returning();
    return rows[0];
  } catch (error) {
    if (isUniqueViolation(error)) return 'slug-taken';
    throw error;
  }
}

/** Tenant rows go with it through ON DELETE CASCADE. */
export async function deleteProject(tx: Tx, projectId: string): Promise<void> {
  await tx.delete(projects).where(eq(projects.id, projectId));
}

export async function listProjectsOfUser(
  tx: Tx,
  userId: string,
  limit: number,
  afterId: string | undefined,
  q: string | undefined,
) {
  const pattern = q === undefined ? undefined : `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return tx
    .select({ project: projects, role: memberships.role })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .where(
      and(
        eq(memberships.userId, userId),
        afterId === undefined ? undefined : gt(projects.id, afterId),
        pattern === undefined ? undefined : or(ilike(projects.name, pattern), ilike(projects.slug, pattern)),
      ),
    )
    .orderBy(asc(projects.id))
    .limit(limit + 1);
}

/** What the access gate needs to know about a user in one project, read fresh on every request. */
export interface UserStanding {
  disabled: boolean;
  isAdmin: boolean;
  /** The user's role in the project, or null when not a member. */
  role: ProjectRole | null;
}

/**
 * The user's account state and role in the project (undefined when the account does not exist). Every project
 * request asks this first, so it is one round trip (Database.tenantRead) with the two ids written into the
 * statement as literals.
 */
export async function userStanding(db: Database, projectId: string, userId: string): Promise<UserStanding | undefined> {
  if (!UUID.test(projectId) || !UUID.test(userId)) return undefined;
  const rows = await db.tenantRead(
    { projectId },
    inlineStatement(sql`SELECT u.disabled, u.is_admin, m.role FROM users u
       LEFT JOIN memberships m ON m.project_id = ${projectId} AND m.user_id = u.id
      WHERE u.id = ${userId} LIMIT 1`),
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    disabled: row.disabled === true,
    isAdmin: row.is_admin === true,
    role: (row.role as ProjectRole | null) ?? null,
  };
}

export async function insertMembership(tx: Tx, row: typeof memberships.$inferInsert): Promise<boolean> {
  const rows = await tx.insert(memberships).values(row).onConflictDoNothing().returning({ userId: memberships.userId });
  return rows.length > 0;
}

export async function listMembers(
  tx: Tx,
  projectId: string,
  limit: number,
  afterUserId: string | undefined,
  role: ProjectRole | undefined,
) {
  return tx
    .select({
      userId: memberships.userId,
      role: memberships.role,
      createdAt: memberships.createdAt,
      email: users.email,
      displayName: users.displayName,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.projectId, projectId),
        afterUserId === undefined ? undefined : gt(memberships.userId, afterUserId),
        role === undefined ? undefined : eq(memberships.role, role),
      ),
    )
    .orderBy(asc(memberships.userId))
    .limit(limit + 1);
}

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export async function findMemberForUpdate(tx: Tx, projectId: string, userId: string): Promise<MemberRow | undefined> {
  const rows = await tx
    .select({
      userId: memberships.userId,
      role: memberships.role,
      createdAt: memberships.createdAt,
      email: users.email,
      displayName: users.displayName,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
    .for('update', { of: memberships })
    .limit(1);
  return rows[0];
}

/** Locks the owner rows so two concurrent demotions cannot both pass the last-owner check. */
export async function lockOwners(tx: Tx, projectId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.role, 'owner')))
    .for('update');
  return rows.map((row) => row.userId);
}

export async function setMemberRole(tx: Tx, projectId: string, userId: string, role: ProjectRole): Promise<void> {
  await tx
    .update(memberships)
    .set({ role, updatedAt: new Date() })
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
}

export async function deleteMember(tx: Tx, projectId: string, userId: string): Promise<void> {
  await tx.delete(memberships).where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
}

export async function findProjectByIdOrSlug(tx: Tx, key: string): Promise<ProjectRow | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);
  const rows = await tx
    .select()
    .from(projects)
    .where(isUuid ? eq(projects.id, key) : sql`lower(${projects.slug}) = lower(${key})`)
    .limit(1);
  return rows[0];
}

export async function firstOwnerId(tx: Tx, projectId: string): Promise<string | undefined> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.role, 'owner')))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return rows[0]?.userId;
}

/** Every project on the instance, with its member count: the operator's view. */
export async function listAllProjects(tx: Tx, limit: number, afterId: string | undefined) {
  return tx
    .select({
      project: projects,
      members: sql<number>`(SELECT count(*)::int FROM memberships m WHERE m.project_id = ${projects.id})`,
    })
    .from(projects)
    .where(afterId === undefined ? undefined : gt(projects.id, afterId))
    .orderBy(asc(projects.id))
    .limit(limit + 1);
}
