import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { projectInvitations, projects } from './tables.js';

export type InvitationRow = typeof projectInvitations.$inferSelect;

export async function insertInvitation(tx: Tx, row: typeof projectInvitations.$inferInsert): Promise<InvitationRow> {
  const rows = await tx.insert(projectInvitations).values(row).returning();
  return rows[0]!;
}

/** Withdraws the open invitations for an email in a project (a new one replaces them); returns how many. */
export async function revokeOpenInvitationsFor(tx: Tx, projectId: string, email: string): Promise<number> {
  const rows = await tx
    .update(projectInvitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(projectInvitations.projectId, projectId),
        sql`lower(${projectInvitations.email}) = lower(${email})`,
        isNull(projectInvitations.acceptedAt),
        isNull(projectInvitations.revokedAt),
      ),
    )
    .returning({ id: projectInvitations.id });
  return rows.length;
}

export async function listInvitations(tx: Tx, projectId: string, limit: number, beforeId: string | undefined) {
  return tx
    .select()
    .from(projectInvitations)
    .where(
      and(
        eq(projectInvitations.projectId, projectId),
        beforeId === undefined ? undefined : lt(projectInvitations.id, beforeId),
      ),
    )
    .orderBy(sql`${projectInvitations.id} DESC`)
    .limit(limit + 1);
}

export async function revokeInvitation(tx: Tx, projectId: string, id: string): Promise<InvitationRow | undefined> {
  const rows = await tx
    .update(projectInvitations)
    .set({ revokedAt: sql`coalesce(${projectInvitations.revokedAt}, now())` })
    .where(and(eq(projectInvitations.projectId, projectId), eq(projectInvitations.id, id)))
    .returning();
  return rows[0];
}

/** The invitation a token opens, with its project's name, locked so that it is accepted once. */
export async function findInvitationByTokenHash(tx: Tx, tokenHash: string, lock: boolean) {
  const query = tx
    .select({ invitation: projectInvitations, projectName: projects.name })
    .from(projectInvitations)
    .innerJoin(projects, eq(projects.id, projectInvitations.projectId))
    .where(eq(projectInvitations.tokenHash, tokenHash))
    .limit(1);
  const rows = await (lock ? query.for('update', { of: projectInvitations }) : query);
  return rows[0];
}

export async function markInvitationAccepted(tx: Tx, id: string, userId: string): Promise<void> {
  await tx
    .update(projectInvitations)
    .set({ acceptedAt: new Date(), acceptedBy: userId })
    .where(eq(projectInvitations.id, id));
}
